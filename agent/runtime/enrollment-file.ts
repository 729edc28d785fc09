// Enrolment parameters left by an installer or MDM (`/etc/farmwatch/agent.json` on Linux):
// `{ "serverUrl": "...", "enrollSecret": "..." }`. It holds the enrol secret, so it must not be
// readable by group or others, like the credential.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { agentError, describeError } from '../errors.js';
import { assertPrivateFile } from './state.js';

export const EnrollmentFile = z.strictObject({
  serverUrl: z.url({ protocol: /^https?$/ }).optional(),
  enrollSecret: z.string().min(1).optional(),
});
export type EnrollmentFile = z.infer<typeof EnrollmentFile>;

export async function readEnrollmentFile(file: string): Promise<EnrollmentFile> {
  if (!(await assertPrivateFile(file))) throw agentError('INVALID_INPUT', `enrolment file ${file} does not exist`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw agentError('INVALID_INPUT', `enrolment file ${file} is not readable JSON: ${describeError(error)}`, error);
  }
  const parsed = EnrollmentFile.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw agentError('INVALID_INPUT', `enrolment file ${file}: ${problems}`);
  }
  return parsed.data;
}
