// uid -> user name from /etc/passwd under the root prefix (local accounts only; no NSS lookups).
import type { RootedFs } from '../util/rooted-fs.js';

export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    const id = Number(uid);
    if (name && Number.isInteger(id) && !users.has(id)) users.set(id, name);
  }
  return users;
}

export async function readUsers(fs: RootedFs): Promise<Map<number, string>> {
  const text = await fs.text('/etc/passwd');
  return text === undefined ? new Map() : parsePasswd(text);
}
