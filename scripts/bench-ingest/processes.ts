// Child processes of the ingest benchmark: start one, wait for the line that says it is ready,
// and stop it with SIGTERM (SIGKILL if it hangs).
import { spawn, type ChildProcess } from 'node:child_process';

export const REPO = new URL('../../', import.meta.url).pathname;

export interface Started {
  child: ChildProcess;
  /** The first capture group of the ready line (a URL). */
  ready: string;
  /** Everything the child wrote to stderr so far (collector warnings and errors). */
  stderr: () => string;
}

export function startProcess(args: string[], env: NodeJS.ProcessEnv, readyLine: RegExp, timeoutMs = 60_000): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`));
    };
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`exited with ${code} before it was ready`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = readyLine.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({ child, ready: match[1]!, stderr: () => stderr });
    });
  });
}

export function stopProcess(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs a child to completion and returns its stdout; rejects with its stderr on failure. */
export function runProcess(args: string[], env: NodeJS.ProcessEnv = process.env, okCodes = [0]): Promise<{ stdout: string; code: number }> {
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== null && okCodes.includes(code)) resolve({ stdout, code });
      else reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr}`));
    });
  });
}
