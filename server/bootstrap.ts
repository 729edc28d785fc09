// First-start initialisation of an install: the organisation key, the enrol secret and the
// first admin token. Generated secrets are returned once for the caller to show; only their
// hashes are stored.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { issueAdminToken } from './auth/admin-tokens.js';
import { hashSecret, mintOrgKey, mintToken } from './auth/tokens.js';
import type { ServerConfig } from './config.js';
import type { Store } from './store/store.js';

export interface GeneratedSecrets {
  /** Set only when this call generated the enrol secret. */
  enrollSecret?: string;
  /** Set only when this call generated the first admin token. */
  adminToken?: string;
}

export async function initialiseInstall(
  store: Store,
  config: Pick<ServerConfig, 'enrollSecret' | 'adminToken'>,
  logger?: Logger,
): Promise<GeneratedSecrets> {
  const generated: GeneratedSecrets = {};
  await store.initSetting('org_key', mintOrgKey());

  if (config.enrollSecret !== undefined) {
    const hash = hashSecret(config.enrollSecret);
    if ((await store.getSetting('enroll_secret_hash')) !== hash) {
      await store.setSetting('enroll_secret_hash', hash);
      logger?.info('enrol secret set from FARMWATCH_ENROLL_SECRET');
    }
  } else if ((await store.getSetting('enroll_secret_hash')) === undefined) {
    const secret = mintToken('enroll');
    // initSetting: if another process got there first, its secret stands and ours is not shown.
    if ((await store.initSetting('enroll_secret_hash', hashSecret(secret))) === hashSecret(secret)) {
      generated.enrollSecret = secret;
    }
  }

  if (config.adminToken !== undefined) {
    const existing = await store.findAdminTokenByHash(hashSecret(config.adminToken));
    if (!existing) {
      await store.createAdminToken({
        id: randomUUID(), tokenHash: hashSecret(config.adminToken), role: 'admin', label: 'FARMWATCH_ADMIN_TOKEN',
        createdAt: new Date().toISOString(),
      });
    } else if (existing.revokedAt !== null) {
      logger?.warn('FARMWATCH_ADMIN_TOKEN was revoked (admin-token --rotate); it stays revoked');
    }
  } else if ((await store.countActiveAdminTokens()) === 0) {
    generated.adminToken = (await issueAdminToken(store, 'admin', 'first start')).token;
  }
  return generated;
}
