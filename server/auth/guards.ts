// Route guards reading `Authorization: Bearer <token>`, or for people at the console the
// `fw_session` cookie (plus `X-CSRF-Token` on anything but GET/HEAD), with the same roles.
// They run as preParsing hooks: after the rate limiter (onRequest) and before the body is read,
// so unauthenticated callers cost no parsing.
import type { FastifyRequest } from 'fastify';
import { LruMap } from 'toad-cache';
import { ApiError } from '../errors.js';
import type { Actor } from '../store/operations.js';
import type { AdminRole, Store } from '../store/store.js';
import { csrfTokenMatches, sessionIdFrom } from './sessions.js';
import { hashSecret, tokenKind } from './tokens.js';

export type AuthContext =
  | { kind: 'agent'; agentId: string }
  | { kind: 'admin'; tokenId: string; label: string | null; role: AdminRole }
  | { kind: 'user'; userId: string; username: string; role: AdminRole };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a guard; null on routes without one. */
    auth: AuthContext | null;
  }
}

export type Guard = (request: FastifyRequest) => Promise<void>;

export interface Guards {
  requireAgent: Guard;
  /** Any admin role may read (GET, HEAD); only `admin` may change anything. */
  requireAdmin: Guard;
  /** `analyst` or `admin`, whatever the method: working alerts and suppressions, reading the audit log. */
  requireAnalyst: Guard;
  /** `admin` only, whatever the method: policy and tokens. */
  requireAdminRole: Guard;
}

const READ_METHODS = new Set(['GET', 'HEAD']);
/** viewer < analyst < admin: a role may do what the roles below it may. */
const ROLE_RANK: Record<AdminRole, number> = { viewer: 0, analyst: 1, admin: 2 };
const mayWrite = (role: AdminRole) => role === 'admin';

export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Agent ids by token hash, kept once found: an agent's token never changes after enrolment, so
 * the database is asked once per agent rather than once per report. Bounded (least recently used
 * go first); misses are not kept, so random tokens cannot fill it.
 */
const AGENT_TOKEN_CACHE_SIZE = 200_000;

export function makeGuards(store: Store): Guards {
  const agentIds = new LruMap<string>(AGENT_TOKEN_CACHE_SIZE);
  const agentIdFor = async (token: string): Promise<string | undefined> => {
    if (tokenKind(token) !== 'agent') return undefined;
    const hash = hashSecret(token);
    const known = agentIds.get(hash);
    if (known !== undefined) return known;
    const agentId = await store.findAgentIdByTokenHash(hash);
    if (agentId !== undefined) agentIds.set(hash, agentId);
    return agentId;
  };
  const activeAdminFor = async (token: string) => {
    if (tokenKind(token) !== 'admin') return undefined;
    const admin = await store.findAdminTokenByHash(hashSecret(token));
    return admin && admin.revokedAt === null ? admin : undefined;
  };

  return {
    async requireAgent(request) {
      const token = bearerToken(request);
      if (!token) throw new ApiError('UNAUTHENTICATED');
      const agentId = await agentIdFor(token);
      if (agentId) {
        request.auth = { kind: 'agent', agentId };
        return;
      }
      if (await activeAdminFor(token)) throw new ApiError('FORBIDDEN', 'Admin API tokens cannot act as an agent.');
      throw new ApiError('UNAUTHENTICATED');
    },

    async requireAdmin(request) {
      const admin = await authenticateAdmin(request);
      if (!READ_METHODS.has(request.method) && !mayWrite(admin.role)) {
        throw new ApiError('FORBIDDEN', `The ${admin.role} role may only read.`);
      }
    },
    requireAnalyst: requireRole('analyst'),
    requireAdminRole: requireRole('admin'),
  };

  async function authenticateAdmin(request: FastifyRequest): Promise<{ role: AdminRole }> {
    const token = bearerToken(request);
    if (!token) return authenticateSession(request);
    const admin = await activeAdminFor(token);
    if (admin) {
      request.auth = { kind: 'admin', tokenId: admin.id, label: admin.label, role: admin.role };
      return admin;
    }
    if (await agentIdFor(token)) throw new ApiError('FORBIDDEN', 'Agent tokens cannot use the admin API.');
    throw new ApiError('UNAUTHENTICATED');
  }

  /** A console user's session; cookie-authenticated changes need the session's CSRF token. */
  async function authenticateSession(request: FastifyRequest): Promise<{ role: AdminRole }> {
    const sessionId = sessionIdFrom(request);
    const session = sessionId && await store.findSession(hashSecret(sessionId), new Date().toISOString());
    if (!sessionId || !session) throw new ApiError('UNAUTHENTICATED', 'Missing or invalid bearer token or session.');
    if (!READ_METHODS.has(request.method) && !csrfTokenMatches(request, sessionId)) {
      throw new ApiError('FORBIDDEN', 'Missing or wrong X-CSRF-Token header for this session.');
    }
    const { id, username, role } = session.user;
    request.auth = { kind: 'user', userId: id, username, role };
    return { role };
  }

  function requireRole(least: AdminRole): Guard {
    return async (request) => {
      const admin = await authenticateAdmin(request);
      if (ROLE_RANK[admin.role] < ROLE_RANK[least]) {
        request.auth = null;
        throw new ApiError('FORBIDDEN', `The ${admin.role} role may not do this; it needs ${least === 'admin' ? 'the admin role' : 'the analyst or admin role'}.`);
      }
    };
  }
}

/** The admin token or console user behind a request passed by an admin guard, as the audit log names it. */
export function actorOf(request: FastifyRequest): Actor {
  const auth = request.auth;
  if (auth?.kind === 'user') return { kind: 'user', userId: auth.userId, username: auth.username, role: auth.role };
  if (auth?.kind !== 'admin') throw new Error('route is missing an admin guard');
  const { tokenId, label, role } = auth;
  return { kind: 'admin', tokenId, label, role };
}

/** The authenticated agent of a request behind `requireAgent`. */
export function agentOf(request: FastifyRequest): string {
  if (request.auth?.kind !== 'agent') throw new Error('route is missing the requireAgent guard');
  return request.auth.agentId;
}
