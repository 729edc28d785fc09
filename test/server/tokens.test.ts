import { describe, expect, it } from 'vitest';
import { hashSecret, mintOrgKey, mintToken, secretMatchesHash, tokenKind } from '../../server/auth/tokens.js';

describe('tokens', () => {
  it('mints prefixed 256-bit base64url tokens, never the same twice', () => {
    const agent = mintToken('agent');
    expect(agent).toMatch(/^fwa_[A-Za-z0-9_-]{43}$/);
    expect(mintToken('admin')).toMatch(/^fwt_[A-Za-z0-9_-]{43}$/);
    expect(mintToken('agent')).not.toBe(agent);
    expect(tokenKind(agent)).toBe('agent');
    expect(tokenKind('Bearer-ish')).toBeUndefined();
  });

  it('stores SHA-256 hex and matches only the same secret', () => {
    const token = mintToken('enroll');
    const hash = hashSecret(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatchesHash(token, hash)).toBe(true);
    expect(secretMatchesHash(`${token}x`, hash)).toBe(false);
    expect(secretMatchesHash(token, 'abcd')).toBe(false);
  });

  it('mints a 32-byte hex organisation key', () => {
    expect(mintOrgKey()).toMatch(/^[0-9a-f]{64}$/);
  });
});
