// The agent's error catalogue: every failure the CLI reports on purpose, with its exit code.
// The CLI prints `error: <message>` and exits with the code; anything not listed here is a bug
// and exits 1.
import { format } from 'node:util';

export const AGENT_ERRORS = {
  INTERNAL: { exitCode: 1, message: 'unexpected internal error: %s' },
  DELIVERY_INCOMPLETE: { exitCode: 2, message: '%s' },
  INVALID_INPUT: { exitCode: 3, message: '%s' },
  CONFIG_INVALID: { exitCode: 4, message: 'invalid configuration: %s' },
  STATE_DIR_UNUSABLE: { exitCode: 5, message: 'state directory %s' },
  CREDENTIAL_INSECURE: { exitCode: 5, message: '%s' },
  CREDENTIAL_INVALID: { exitCode: 5, message: 'credential file %s' },
  NOT_ENROLLED: { exitCode: 6, message: 'this agent is not enrolled (no %s); run `farmwatch-agent enroll --server URL --secret SECRET` first' },
  ALREADY_ENROLLED: { exitCode: 6, message: '%s' },
  ENROLL_REJECTED: { exitCode: 7, message: 'the collector refused the enrolment: %s' },
  COLLECTOR_UNREACHABLE: { exitCode: 8, message: 'cannot reach the collector: %s' },
  COLLECTOR_PROTOCOL: { exitCode: 8, message: 'unexpected answer from the collector: %s' },
  NOT_COMPLIANT: { exitCode: 9, message: 'this device is not compliant: %s' },
} as const satisfies Record<string, { exitCode: number; message: string }>;

export type AgentErrorCode = keyof typeof AGENT_ERRORS;

export class AgentError extends Error {
  readonly code: AgentErrorCode;
  readonly exitCode: number;

  constructor(code: AgentErrorCode, detail: string, options?: { cause?: unknown }) {
    super(format(AGENT_ERRORS[code].message, detail), options);
    this.name = 'AgentError';
    this.code = code;
    this.exitCode = AGENT_ERRORS[code].exitCode;
  }
}

export function agentError(code: AgentErrorCode, detail: string, cause?: unknown): AgentError {
  return new AgentError(code, detail, cause === undefined ? undefined : { cause });
}

/** Best short text for an unknown thrown value (errno errors keep their code). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
