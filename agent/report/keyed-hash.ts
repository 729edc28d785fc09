// Keyed hashes for network identifiers: HMAC-SHA256 keyed with the organisation key, hex,
// truncated to 128 bits. Laptops of one organisation get equal hashes for the same router;
// without the key nobody can test a MAC against them. Raw MACs never leave the laptop.
import { createHmac } from 'node:crypto';

const ORG_KEY = /^[0-9a-f]{64}$/;

/** `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff`, `aa:bb:cc:dd:ee:ff` -> `aa:bb:cc:dd:ee:ff`. */
export function normaliseMac(mac: string): string {
  const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12 || !/^[0-9a-f:.\-\s]+$/i.test(mac)) throw new Error(`not a MAC address: ${JSON.stringify(mac)}`);
  return hex.match(/../g)!.join(':');
}

export function keyedHash(orgKeyHex: string, value: string): string {
  if (!ORG_KEY.test(orgKeyHex)) throw new Error('the organisation key must be 64 lowercase hex digits');
  return createHmac('sha256', Buffer.from(orgKeyHex, 'hex')).update(value, 'utf8').digest('hex').slice(0, 32);
}

export function hashMac(orgKeyHex: string, mac: string): string {
  return keyedHash(orgKeyHex, normaliseMac(mac));
}
