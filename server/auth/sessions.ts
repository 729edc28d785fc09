// Console sign-in sessions: a random 256-bit id in the `fw_session` cookie (HttpOnly,
// SameSite=Strict, Secure over https or behind a trusted proxy), stored only as its SHA-256.
// CSRF: state-changing requests made with the cookie must send `X-CSRF-Token`, a value derived
// from the session id that only a page which read GET /api/v1/session can know (a cross-site page
// can neither read the HttpOnly cookie nor our JSON).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'fw_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A session lasts one working day; signing in again starts a new one. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function mintSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The session id from the Cookie header, if it carries a well-formed one. */
export function sessionIdFrom(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`farmwatch-csrf\0${sessionId}`).digest('base64url');
}

export function csrfTokenMatches(request: FastifyRequest, sessionId: string): boolean {
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const presented = Buffer.from(sent);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** Secure whenever the browser reached us over https, or a TLS-terminating proxy sits in front. */
function secure(request: FastifyRequest, behindProxy: boolean): boolean {
  return request.protocol === 'https' || behindProxy;
}

export function sessionCookie(request: FastifyRequest, sessionId: string, behindProxy: boolean): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; Max-Age=${SESSION_TTL_MS / 1000}; HttpOnly; SameSite=Strict${secure(request, behindProxy) ? '; Secure' : ''}`;
}

export function clearedSessionCookie(request: FastifyRequest, behindProxy: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure(request, behindProxy) ? '; Secure' : ''}`;
}
