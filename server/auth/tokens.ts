// Bearer tokens and the enrol secret: random, prefixed by kind, stored only as SHA-256 hashes.
// They carry 256 bits of entropy, so a fast hash is right (no password-style stretching).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIXES = {
  agent: 'fwa_',
  admin: 'fwt_',
  enroll: 'fwe_',
} as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;

export function mintToken(kind: TokenKind): string {
  return TOKEN_PREFIXES[kind] + randomBytes(32).toString('base64url');
}

/** SHA-256, lowercase hex: the only form in which a token or secret is stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in time independent of where they differ. */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export function tokenKind(token: string): TokenKind | undefined {
  return (Object.keys(TOKEN_PREFIXES) as TokenKind[]).find((kind) => token.startsWith(TOKEN_PREFIXES[kind]));
}

/** 32 random bytes, hex: the organisation key agents use to hash network identifiers. */
export function mintOrgKey(): string {
  return randomBytes(32).toString('hex');
}
