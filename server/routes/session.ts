// Console sign-in: POST /api/v1/session (username + password -> `fw_session` cookie),
// GET /api/v1/session (who is signed in, and the CSRF token for changes), DELETE (sign out).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { text } from '../../shared/index.js';
import { decoyHash, verifyPassword } from '../auth/passwords.js';
import {
  SESSION_TTL_MS, clearedSessionCookie, csrfTokenFor, csrfTokenMatches, mintSessionId, sessionCookie, sessionIdFrom,
} from '../auth/sessions.js';
import { hashSecret } from '../auth/tokens.js';
import type { ServerConfig } from '../config.js';
import { ApiError, parseOrThrow } from '../errors.js';
import type { SessionWithUser } from '../store/user-store.js';
import type { RouteContext } from './context.js';

export const LoginBody = z.strictObject({ username: text(64).min(1), password: text(1024).min(1) });
/** Guessing passwords costs a scrypt per try and at most this many tries per client address a minute. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 30;

const view = (session: SessionWithUser, sessionId: string) => ({
  user: { id: session.user.id, username: session.user.username, role: session.user.role },
  csrfToken: csrfTokenFor(sessionId),
  expiresAt: session.expiresAt,
});

export function registerSessionRoutes(app: FastifyInstance, { store }: RouteContext, config: Pick<ServerConfig, 'trustProxy'>): void {
  const behindProxy = Boolean(config.trustProxy);

  app.post('/api/v1/session', {
    config: { rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `login:${request.ip}` } },
  }, async (request, reply) => {
    const body = parseOrThrow(LoginBody, request.body);
    const user = await store.findUserByUsername(body.username);
    const matches = await verifyPassword(body.password, user?.passwordHash ?? await decoyHash());
    if (!user || !matches || user.disabled) {
      request.log.warn({ username: body.username, ip: request.ip }, 'console sign-in refused');
      throw new ApiError('UNAUTHENTICATED', 'Wrong username or password.');
    }
    const sessionId = mintSessionId();
    const now = Date.now();
    const session = {
      idHash: hashSecret(sessionId), userId: user.id,
      createdAt: new Date(now).toISOString(), expiresAt: new Date(now + SESSION_TTL_MS).toISOString(),
    };
    await store.createSession(session);
    await store.deleteExpiredSessions(session.createdAt); // sign-ins are rare: a good moment to drop stale sessions
    request.log.info({ userId: user.id, username: user.username, ip: request.ip }, 'console sign-in');
    reply.header('set-cookie', sessionCookie(request, sessionId, behindProxy));
    return view({ ...session, user }, sessionId);
  });

  app.get('/api/v1/session', async (request, reply) => {
    const sessionId = sessionIdFrom(request);
    const session = sessionId && await store.findSession(hashSecret(sessionId), new Date().toISOString());
    if (!sessionId || !session) throw new ApiError('UNAUTHENTICATED', 'Not signed in.');
    reply.header('cache-control', 'no-store');
    return view(session, sessionId);
  });

  app.delete('/api/v1/session', async (request, reply) => {
    const sessionId = sessionIdFrom(request);
    if (sessionId) {
      // Signing out is a change too: a cross-site page must not be able to end someone's session.
      if (!csrfTokenMatches(request, sessionId)) throw new ApiError('FORBIDDEN', 'Missing or wrong X-CSRF-Token header for this session.');
      await store.deleteSession(hashSecret(sessionId));
    }
    reply.header('set-cookie', clearedSessionCookie(request, behindProxy));
    return reply.code(204).send();
  });
}
