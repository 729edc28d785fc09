// The state directory: where it is, what lives in it, and the permissions that keep the agent
// token private. Privileged agents (root, Administrator) use the system location; anyone else a
// per-user one, so `farmwatch-agent scan` works without sudo.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Platform } from '../../shared/index.js';
import { agentError, describeError } from '../errors.js';
import { isErrno } from './files.js';

export interface StateDirInputs {
  platform: Platform;
  privileged: boolean;
  env: NodeJS.ProcessEnv;
  home: string;
}

export function defaultStateDir({ platform, privileged, env, home }: StateDirInputs): string {
  if (platform === 'win32') {
    return privileged
      ? join(env.ProgramData ?? 'C:\\ProgramData', 'FarmWatch')
      : join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'FarmWatch');
  }
  if (platform === 'darwin') {
    return privileged ? '/Library/Application Support/FarmWatch' : join(home, 'Library', 'Application Support', 'FarmWatch');
  }
  if (privileged) return '/var/lib/farmwatch';
  return env.XDG_STATE_HOME ? join(env.XDG_STATE_HOME, 'farmwatch') : join(home, '.local', 'state', 'farmwatch');
}

/** root on POSIX; on Windows an elevated token (`net session` only succeeds when elevated). */
export function isPrivileged(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'win32') return process.getuid?.() === 0;
  try {
    execFileSync('net', ['session'], { stdio: 'ignore', windowsHide: true, timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

export function resolveStateDir(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  return defaultStateDir({ platform, privileged: isPrivileged(), env: process.env, home: homedir() });
}

export interface StatePaths {
  dir: string;
  config: string;
  credential: string;
  localIdentity: string;
  policy: string;
  lastScan: string;
  spool: string;
  spoolStats: string;
  rejected: string;
}

export function statePaths(dir: string): StatePaths {
  return {
    dir,
    config: join(dir, 'agent.json'),
    credential: join(dir, 'credential.json'),
    localIdentity: join(dir, 'local-identity.json'),
    policy: join(dir, 'policy.json'),
    lastScan: join(dir, 'last-scan.json'),
    spool: join(dir, 'spool'),
    spoolStats: join(dir, 'spool-stats.json'),
    rejected: join(dir, 'rejected'),
  };
}

const POSIX = process.platform !== 'win32';

/**
 * Creates a private directory (0700). An existing one is left as it is unless others can write
 * to it: then someone else could swap the credential, so refuse and say how to fix it.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (created !== undefined && POSIX) await chmod(dir, 0o700);
  } catch (error) {
    throw agentError('STATE_DIR_UNUSABLE', `${dir} cannot be created: ${describeError(error)} (pass --state-dir or run with the service's privileges)`, error);
  }
  if (!POSIX) return;
  const info = await stat(dir);
  if (!info.isDirectory()) throw agentError('STATE_DIR_UNUSABLE', `${dir} is not a directory`);
  if ((info.mode & 0o022) !== 0) {
    throw agentError('STATE_DIR_UNUSABLE', `${dir} is writable by group or others (mode ${octal(info.mode)}); fix it with: chmod 700 '${dir}'`);
  }
}

/**
 * Refuses a secret file others can read. Returns false when the file does not exist. Windows
 * relies on the ACLs the installer sets on the state directory.
 */
export async function assertPrivateFile(file: string): Promise<boolean> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
  if (POSIX && (mode & 0o077) !== 0) {
    throw agentError('CREDENTIAL_INSECURE', `${file} is readable or writable by group or others (mode ${octal(mode)}); it holds the agent token. Fix it with: chmod 600 '${file}' (and rotate the token by re-enrolling if others may have read it)`);
  }
  return true;
}

export function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}
