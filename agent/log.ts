// Logging: pino JSON lines on stderr, so stdout carries only command output (`scan --json`).
// Humans at a terminal get pino-pretty. Both destinations are synchronous so nothing is lost
// when the CLI exits.
import { pino, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** pino-pretty is loaded only for a terminal: services and `--json` pipes never pay for it. */
export async function createLogger(level: LogLevel, options: { pretty?: boolean } = {}): Promise<Logger> {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { name: 'farmwatch-agent', level };
  if (usePretty) {
    const { default: pretty } = await import('pino-pretty');
    return pino(base, pretty({ destination: 2, sync: true, ignore: 'pid,hostname,name' }));
  }
  return pino(base, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything (library callers and tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
