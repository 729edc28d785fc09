// Structured JSON logs with pino; human-readable (pino-pretty) only on an interactive terminal.
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export function createLogger(level: LogLevel, pretty = process.stdout.isTTY === true): Logger {
  if (!pretty) return pino({ level, base: { service: 'farmwatch-server' } });
  return pino({
    level,
    transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard', ignore: 'pid,hostname' } },
  });
}
