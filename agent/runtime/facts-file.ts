// Recorded facts (`scan --facts FILE`, `--dump-facts FILE`): replaying what probes saw on some
// laptop through detection, for tests, support cases and rule development.
import { readFile } from 'node:fs/promises';
import { Facts } from '../../shared/index.js';
import { agentError, describeError } from '../errors.js';
import { writeFileAtomic } from './files.js';

const MAX_ISSUES = 10;

export async function loadFactsFile(file: string): Promise<Facts> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw agentError('INVALID_INPUT', `cannot read facts file ${file}: ${describeError(error)}`, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw agentError('INVALID_INPUT', `facts file ${file} is not valid JSON: ${describeError(error)}`, error);
  }
  const parsed = Facts.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues.slice(0, MAX_ISSUES).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
    const more = issues.length > MAX_ISSUES ? `; and ${issues.length - MAX_ISSUES} more` : '';
    throw agentError('INVALID_INPUT', `facts file ${file} does not match the Facts schema: ${listed.join('; ')}${more}`);
  }
  return parsed.data;
}

export async function dumpFactsFile(file: string, facts: Facts): Promise<void> {
  try {
    await writeFileAtomic(file, `${JSON.stringify(facts, null, 2)}\n`, 0o600);
  } catch (error) {
    throw agentError('INVALID_INPUT', `cannot write facts to ${file}: ${describeError(error)}`, error);
  }
}
