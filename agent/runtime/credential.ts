// The agent's credential (identity, token and organisation key from enrolment), stored 0600.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EnrollResponse, Timestamp, Uuid } from '../../shared/index.js';
import { agentError, describeError } from '../errors.js';
import { writeFileAtomic } from './files.js';
import { assertPrivateFile, ensurePrivateDir, statePaths } from './state.js';

export const Credential = z.object({
  serverUrl: z.url({ protocol: /^https?$/ }),
  agentId: Uuid,
  agentToken: EnrollResponse.shape.agentToken.min(1),
  orgKey: EnrollResponse.shape.orgKey,
  enrolledAt: Timestamp,
});
export type Credential = z.infer<typeof Credential>;

export async function saveCredential(stateDir: string, credential: Credential): Promise<string> {
  const { dir, credential: file } = statePaths(stateDir);
  await ensurePrivateDir(dir);
  await writeFileAtomic(file, `${JSON.stringify(Credential.parse(credential), null, 2)}\n`, 0o600);
  return file;
}

/** The stored credential, or undefined when the agent was never enrolled. */
export async function loadCredential(stateDir: string): Promise<Credential | undefined> {
  const file = statePaths(stateDir).credential;
  if (!(await assertPrivateFile(file))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw agentError('CREDENTIAL_INVALID', `${file} cannot be read: ${describeError(error)}; re-enrol with --force`, error);
  }
  const parsed = Credential.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw agentError('CREDENTIAL_INVALID', `${file} is damaged (bad fields: ${fields}); re-enrol with --force`);
  }
  return parsed.data;
}

export async function requireCredential(stateDir: string): Promise<Credential> {
  const credential = await loadCredential(stateDir);
  if (!credential) throw agentError('NOT_ENROLLED', statePaths(stateDir).credential);
  return credential;
}
