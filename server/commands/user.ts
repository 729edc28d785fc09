// `farmwatch-server user add NAME --role ROLE` and `user list`: console users from the command line.
import { text } from 'node:stream/consumers';
import { Password, Username, addUser } from '../auth/users.js';
import { loadServerConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import type { AdminRole } from '../store/store.js';
import type { Output } from './start.js';

export interface UserAddOptions {
  role: AdminRole;
  /** Read the password from the first line of standard input. */
  passwordStdin?: boolean;
}

export class UserCommandError extends Error {
  override name = 'UserCommandError';
  readonly code = 'FARMWATCH_USER';
}

/** The password to set: stdin (--password-stdin), else FARMWATCH_USER_PASSWORD, else none (one is generated). */
async function chosenPassword(options: UserAddOptions, env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<string | undefined> {
  const given = options.passwordStdin ? (await text(stdin)).split(/\r?\n/)[0] : env.FARMWATCH_USER_PASSWORD;
  if (given === undefined) return undefined;
  const checked = Password.safeParse(given);
  if (!checked.success) throw new UserCommandError(`The password is not acceptable: ${checked.error.issues[0]?.message}`);
  return checked.data;
}

export async function userAddCommand(
  username: string, options: UserAddOptions,
  env: NodeJS.ProcessEnv = process.env, out: Output = process.stdout, stdin: NodeJS.ReadableStream = process.stdin,
): Promise<void> {
  const name = Username.safeParse(username);
  if (!name.success) throw new UserCommandError(`The username is not acceptable: ${name.error.issues[0]?.message}`);
  const password = await chosenPassword(options, env, stdin);
  const config = loadServerConfig(env);
  const store = await openStore(config);
  try {
    const result = await addUser(store, { username: name.data, role: options.role, ...(password ? { password } : {}) },
      { kind: 'system', job: 'user add' });
    if (result.outcome === 'exists') throw new UserCommandError(`A user named ${name.data} exists already.`);
    out.write(`Created console user ${result.user.username} (${result.user.role}).\n`);
    if (result.generatedPassword) out.write(`Password (shown once): ${result.generatedPassword}\n`);
  } finally {
    await store.close();
  }
}

export async function userListCommand(env: NodeJS.ProcessEnv = process.env, out: Output = process.stdout): Promise<void> {
  const store = await openStore(loadServerConfig(env));
  try {
    const users = await store.listUsers();
    if (!users.length) out.write('No console users yet; `farmwatch-server start` creates `admin` at the first start.\n');
    for (const u of users) {
      out.write(`${u.username.padEnd(20)}  ${u.role.padEnd(8)}  ${u.disabled ? 'disabled' : 'active  '}  created ${u.createdAt}  last sign-in ${u.lastLoginAt ?? 'never'}\n`);
    }
  } finally {
    await store.close();
  }
}
