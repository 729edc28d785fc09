// The farmwatch-server command line as real child processes, for CLI tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_LINE = /^Admin token \(shown once\): (fwt_[A-Za-z0-9_-]+)$/gm;
export const ENROLL_LINE = /^Enrol secret \(shown once\): (fwe_[A-Za-z0-9_-]+)$/gm;
const LISTENING_LINE = /^FarmWatch collector listening on (http:\/\/\S+)$/m;

/** The test's environment without any FARMWATCH_* variable of the machine running it. */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FARMWATCH_')));
  return { ...env, FARMWATCH_DATA_DIR: dataDir, FARMWATCH_PORT: '0', FARMWATCH_LOG_LEVEL: 'warn', ...extra };
}

function cli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  const child = cli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

export interface RunningServer {
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills collectors a failed test left running (call from afterEach). */
export function killRunningServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Starts `farmwatch-server start` and resolves once it prints the address it listens on. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const child = cli([], env);
  running.add(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => {
    running.delete(child);
    resolve(code);
  }));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = LISTENING_LINE.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`collector exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    output: () => stdout,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
