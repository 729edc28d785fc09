// `farmwatch-server admin-token`: list admin API tokens, or mint a new one with --rotate.
import { rotateAdminToken } from '../auth/admin-tokens.js';
import { loadServerConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import type { AdminRole } from '../store/store.js';
import type { Output } from './start.js';

export interface AdminTokenOptions {
  rotate?: boolean;
  role: AdminRole;
}

export async function adminTokenCommand(
  options: AdminTokenOptions,
  env: NodeJS.ProcessEnv = process.env,
  out: Output = process.stdout,
): Promise<void> {
  const config = loadServerConfig(env);
  const store = await openStore(config);
  try {
    if (options.rotate) {
      const issued = await rotateAdminToken(store, options.role);
      out.write(`Admin token (shown once): ${issued.token}\n`);
      out.write(`Role: ${issued.role}. Revoked ${issued.revoked} earlier ${issued.role} token(s). The collector keeps only the hash.\n`);
      return;
    }
    const tokens = await store.listAdminTokens();
    if (!tokens.length) out.write('No admin tokens yet; `farmwatch-server start` creates the first one.\n');
    for (const t of tokens) {
      out.write(`${t.id}  ${t.role.padEnd(8)}  created ${t.createdAt}  ${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}${t.label ? `  (${t.label})` : ''}\n`);
    }
  } finally {
    await store.close();
  }
}
