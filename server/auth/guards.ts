// Route guards reading `Authorization: Bearer <token>`. They run as preParsing hooks: after the
// rate limiter (onRequest) and before the body is read, so unauthenticated callers cost no parsing.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import type { AdminRole, Store } from '../store/store.js';
import { hashSecret, tokenKind } from './tokens.js';

export type AuthContext =
  | { kind: 'agent'; agentId: string }
  | { kind: 'admin'; tokenId: string; role: AdminRole };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a guard; null on routes without one. */
    auth: AuthContext | null;
  }
}

export type Guard = (request: FastifyRequest) => Promise<void>;

export interface Guards {
  requireAgent: Guard;
  requireAdmin: Guard;
}

const READ_METHODS = new Set(['GET', 'HEAD']);
/** Every role may read; only `admin` may change anything. */
const mayWrite = (role: AdminRole) => role === 'admin';

export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

export function makeGuards(store: Store): Guards {
  const agentIdFor = (token: string) =>
    tokenKind(token) === 'agent' ? store.findAgentIdByTokenHash(hashSecret(token)) : Promise.resolve(undefined);
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
      const token = bearerToken(request);
      if (!token) throw new ApiError('UNAUTHENTICATED');
      const admin = await activeAdminFor(token);
      if (admin) {
        if (!READ_METHODS.has(request.method) && !mayWrite(admin.role)) {
          throw new ApiError('FORBIDDEN', `The ${admin.role} role may only read.`);
        }
        request.auth = { kind: 'admin', tokenId: admin.id, role: admin.role };
        return;
      }
      if (await agentIdFor(token)) throw new ApiError('FORBIDDEN', 'Agent tokens cannot use the admin API.');
      throw new ApiError('UNAUTHENTICATED');
    },
  };
}

/** The authenticated agent of a request behind `requireAgent`. */
export function agentOf(request: FastifyRequest): string {
  if (request.auth?.kind !== 'agent') throw new Error('route is missing the requireAgent guard');
  return request.auth.agentId;
}
