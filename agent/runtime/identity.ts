// Who a report is from. Enrolled agents use their credential. An agent that was never enrolled
// still needs an agent id and a key to hash network identifiers: it makes a random pair once and
// keeps it in local-identity.json, so repeated local scans agree with each other. Those hashes
// are not comparable with the fleet's (the organisation key is only known after enrolment).
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Timestamp, Uuid } from '../../shared/index.js';
import type { Logger } from '../log.js';
import type { Credential } from './credential.js';
import { readJson, writeFileAtomic } from './files.js';
import { ensurePrivateDir, statePaths } from './state.js';

const LocalIdentity = z.object({
  agentId: Uuid,
  orgKey: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: Timestamp,
});

export interface Identity {
  agentId: string;
  orgKey: string;
  /** `enrolled`: from the credential; `local`: local-identity.json; `ephemeral`: this run only. */
  kind: 'enrolled' | 'local' | 'ephemeral';
}

export async function resolveIdentity(stateDir: string, credential: Credential | undefined, log: Logger): Promise<Identity> {
  if (credential) return { agentId: credential.agentId, orgKey: credential.orgKey, kind: 'enrolled' };
  const file = statePaths(stateDir).localIdentity;
  const stored = await readJson(file).catch(() => ({ kind: 'missing' as const }));
  if (stored.kind === 'ok') {
    const parsed = LocalIdentity.safeParse(stored.value);
    if (parsed.success) return { agentId: parsed.data.agentId, orgKey: parsed.data.orgKey, kind: 'local' };
  }
  if (stored.kind !== 'missing') log.warn({ file }, 'local identity file is damaged; making a new one');
  const fresh = { agentId: randomUUID(), orgKey: randomBytes(32).toString('hex'), createdAt: new Date().toISOString() };
  try {
    await ensurePrivateDir(stateDir);
    await writeFileAtomic(file, `${JSON.stringify(fresh, null, 2)}\n`, 0o600);
    return { agentId: fresh.agentId, orgKey: fresh.orgKey, kind: 'local' };
  } catch (error) {
    log.warn({ err: error, file }, 'cannot store a local identity; using a one-off id and key for this scan');
    return { agentId: fresh.agentId, orgKey: fresh.orgKey, kind: 'ephemeral' };
  }
}
