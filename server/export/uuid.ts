// Name-based UUIDs (RFC 9562 version 5, SHA-1), so the same content always gets the same id:
// re-exporting a farm or re-sending an alert change yields identical identifiers.
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uuidv5(name: string, namespace: string): string {
  if (!UUID.test(namespace)) throw new Error(`not a UUID namespace: ${namespace}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** FarmWatch's own namespace for name-based ids (a fixed random UUID; never change it). */
export const FARMWATCH_NAMESPACE = '6f1c2d1e-8a4b-4f0e-9b7a-3c5d2e1f0a9b';
