// A config read from the API has its secrets masked (redactOutputConfig). When an administrator
// sends such a config back to change another field, a masked value means "keep the stored secret".
import type { OutputConfig } from './types.js';

export const MASK = '********';
const SECRET_FIELDS = ['secret', 'token', 'webhookUrl'] as const;

/** `input` with every masked secret replaced by the stored output's value (same type only). */
export function keepMaskedSecrets(input: unknown, stored: OutputConfig): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const copy: Record<string, unknown> = { ...input };
  if (copy.type !== stored.type) return copy;
  const previous = stored as unknown as Record<string, unknown>;
  for (const field of SECRET_FIELDS) {
    if (copy[field] === MASK && typeof previous[field] === 'string') copy[field] = previous[field];
  }
  if (stored.type === 'webhook' && stored.headers && typeof copy.headers === 'object' && copy.headers !== null) {
    const headers: Record<string, unknown> = { ...(copy.headers as Record<string, unknown>) };
    for (const [name, value] of Object.entries(headers)) {
      if (value === MASK && stored.headers[name] !== undefined) headers[name] = stored.headers[name];
    }
    copy.headers = headers;
  }
  return copy;
}
