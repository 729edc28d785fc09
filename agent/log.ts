// Logging: pino JSON lines on stderr, so stdout carries only command output (`scan --json`).
// Humans at a terminal get pino-pretty. Both destinations are synchronous so nothing is lost
// when the CLI exits.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel, options: { pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { name: 'farmwatch-agent', level };
  if (usePretty) {
    return pino(base, pretty({ destination: 2, sync: true, ignore: 'pid,hostname,name' }));
  }
  return pino(base, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything (library callers and tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
