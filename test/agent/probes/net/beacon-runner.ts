// One agent's beacon exchange in its own process (optionally inside a network namespace), for
// the beacon tests: argv[2] is JSON {agentId, orgKey, port, listenMs, interfaces?}; prints {peers, warnings}.
import { exchangeBeacons } from '../../../../agent/probes/net/beacon.js';

const options = JSON.parse(process.argv[2] ?? '{}') as { agentId: string; orgKey: string; port: number; listenMs: number; interfaces?: string[] };
const warnings: string[] = [];
const peers = await exchangeBeacons({ ...options, signal: new AbortController().signal, warn: (m) => warnings.push(m) });
process.stdout.write(`${JSON.stringify({ peers, warnings })}\n`);
