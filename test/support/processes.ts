// Real child processes for end-to-end tests: the collector and the agent run exactly as users
// run them (`node --import tsx <cli>`), with their own data and state directories.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const TSX = ['--import', 'tsx'];

export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

export interface RunningCollector {
  url: string;
  adminToken: string | undefined;
  process: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/**
 * Starts `farmwatch-server start` and resolves once it prints its listening line. `entry`: the
 * collector's CLI as node runs it; default the sources through tsx.
 */
export async function startCollector(env: Record<string, string>, port?: number, entry: string[] = [...TSX, 'server/cli.ts']): Promise<RunningCollector> {
  const listenPort = port ?? (await freePort());
  const child = spawn(process.execPath, [...entry, 'start'], {
    env: { ...process.env, FARMWATCH_PORT: String(listenPort), FARMWATCH_HOST: '127.0.0.1', FARMWATCH_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let adminToken: string | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${output.join('\n')}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`collector exited ${code}:\n${output.join('\n')}`)));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const token = /Admin token \(shown once\): (\S+)/.exec(line);
      if (token) adminToken = token[1];
      const listening = /listening on (http\S+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    });
  });
  return {
    url,
    get adminToken() {
      return adminToken;
    },
    process: child,
    output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `farmwatch-agent <args>` to completion. */
export function runAgent(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, 'agent/cli.ts', ...args], {
      env: { ...process.env, FARMWATCH_AGENT_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`agent ${args.join(' ')} timed out\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** GET an admin API path and return the parsed JSON, failing loudly on a non-2xx answer. */
export async function apiGet<T>(collector: RunningCollector, path: string): Promise<T> {
  const response = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${collector.adminToken}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
