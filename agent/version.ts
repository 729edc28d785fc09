// The agent's version, sent with every report. test/agent/runtime/version.test.ts keeps it
// equal to package.json, so bundles need no JSON import.
export const AGENT_VERSION = '0.1.0';
