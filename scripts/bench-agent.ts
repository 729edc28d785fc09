// `npm run bench:agent`: what one full scan of this machine costs, against a baseline that only
// does the raw OS reads the scan does.
//
//  1. Bundle agent/cli.ts once with the options of scripts/build.ts (tsx would dominate the
//     figures), in a directory under node_modules/.cache so the bundle finds its packages.
//  2. Trace run: the bundle scans with a preload that records every path it opens, lists, reads
//     as a link, checks, and every command it runs. The baseline replays exactly those reads and
//     commands with no parsing, no detection and no schema validation.
//  3. Measured runs, agent and baseline alternating, each a fresh child process: wall time (in
//     this process), CPU time (user + system of the child and the commands it waited for, from
//     process.resourceUsage() and /proc/self/stat at exit) and peak RSS (VmHWM at exit).
//  4. Medians, the ratio to the baseline, and the targets: wall within 2x the baseline, peak RSS
//     below 80 MB.
//
// Options: --runs N (default 7, at least 5), --json (machine-readable result on stdout).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { agentBuildOptions } from './build.js';

const WALL_RATIO_TARGET = 2;
const PEAK_RSS_TARGET_MB = 80;

interface Usage {
  cpuMs: number;
  peakRssMb: number;
}
interface Run extends Usage {
  wallMs: number;
}

// Loaded with --import into each measured child: reports its own resource use at exit.
const USAGE_PRELOAD = `
import { readFileSync, writeFileSync } from 'node:fs';
process.on('exit', () => {
  const self = process.resourceUsage();
  // /proc/self/stat fields 16 and 17: CPU of waited-for children, in clock ticks (USER_HZ = 100).
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const childrenMs = (Number(fields[13]) + Number(fields[14])) * 10;
  const hwm = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  const peakKb = hwm ? Number(hwm[1]) : self.maxRSS;
  writeFileSync(process.env.FW_BENCH_USAGE, JSON.stringify({ cpuMs: (self.userCPUTime + self.systemCPUTime) / 1000 + childrenMs, peakRssMb: peakKb / 1024 }));
});
`;

// Loaded with --import into the trace run only: records the OS reads and commands of a scan.
const TRACE_PRELOAD = `
import fs from 'node:fs';
import cp from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { promisify } from 'node:util';
const ops = [];
const asPath = (p) => (typeof p === 'string' ? p : p instanceof URL ? p.pathname : Buffer.isBuffer(p) ? p.toString() : undefined);
function wrap(target, name, op) {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function (path, ...rest) {
    const p = asPath(path);
    if (p !== undefined) ops.push({ op, path: p });
    return original.call(this, path, ...rest);
  };
  if (original[promisify.custom]) wrapped[promisify.custom] = original[promisify.custom];
  target[name] = wrapped;
}
const FS = [['open', 'read'], ['readFile', 'read'], ['readdir', 'list'], ['opendir', 'list'], ['readlink', 'link'], ['access', 'access'], ['stat', 'stat'], ['lstat', 'stat']];
for (const [name, op] of FS) {
  wrap(fs, name, op);
  wrap(fs, name + 'Sync', op);
  wrap(fs.promises, name, op);
}
for (const name of ['execFile', 'spawn', 'execFileSync', 'spawnSync']) {
  const original = cp[name];
  const wrapped = function (file, args, ...rest) {
    ops.push({ op: 'exec', file, args: Array.isArray(args) ? args : [] });
    return original.call(this, file, args, ...rest);
  };
  if (original[promisify.custom]) {
    wrapped[promisify.custom] = (file, args, ...rest) => {
      ops.push({ op: 'exec', file, args: Array.isArray(args) ? args : [] });
      return original[promisify.custom](file, args, ...rest);
    };
  }
  cp[name] = wrapped;
}
syncBuiltinESMExports();
process.on('exit', () => fs.writeFileSync(process.env.FW_BENCH_TRACE, JSON.stringify(ops)));
`;

// The baseline: replay the traced reads and commands, 16 at a time, keeping nothing.
const BASELINE = `
import { access, lstat, readdir, readFile, readlink } from 'node:fs';
import { execFile } from 'node:child_process';
import { networkInterfaces } from 'node:os';
const ops = JSON.parse(await new Promise((ok, no) => readFile(process.argv[2], 'utf8', (e, t) => (e ? no(e) : ok(t)))));
const done = (resolve) => () => resolve();
const perform = (op) => new Promise((resolve) => {
  switch (op.op) {
    case 'read': return readFile(op.path, done(resolve));
    case 'list': return readdir(op.path, done(resolve));
    case 'link': return readlink(op.path, done(resolve));
    case 'access': return access(op.path, done(resolve));
    case 'stat': return lstat(op.path, done(resolve));
    case 'exec': return execFile(op.file, op.args, { maxBuffer: 64 * 1024 * 1024 }, done(resolve));
    default: return resolve();
  }
});
networkInterfaces();
let next = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (next < ops.length) await perform(ops[next++]);
}));
`;

function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code === 0) resolvePromise(wallMs);
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

async function measured(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const usageFile = join(dir, 'usage.json');
  const wallMs = await runChild(['--import', join(dir, 'usage.mjs'), ...args], { ...env, FW_BENCH_USAGE: usageFile });
  const usage = JSON.parse(await readFile(usageFile, 'utf8')) as Usage;
  return { wallMs, ...usage };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function summarise(runs: Run[]): Run {
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), peakRssMb: median(runs.map((r) => r.peakRssMb)) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 5) throw new Error(`--runs must be an integer of at least 5, got ${values.runs}`);
  if (process.platform !== 'linux') throw new Error('bench:agent reads /proc for resource use: Linux only');
  const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

  // Inside node_modules so the bundle resolves its npm packages like build/ does.
  await mkdir(resolve('node_modules/.cache'), { recursive: true });
  const dir = await mkdtemp(resolve('node_modules/.cache/farmwatch-bench-'));
  try {
    await build({ ...agentBuildOptions, outdir: dir });
    const bundle = join(dir, 'farmwatch-agent.mjs');
    await writeFile(join(dir, 'usage.mjs'), USAGE_PRELOAD);
    await writeFile(join(dir, 'trace.mjs'), TRACE_PRELOAD);
    await writeFile(join(dir, 'baseline.mjs'), BASELINE);
    const stateDir = join(dir, 'state');
    const scanArgs = [bundle, '--state-dir', stateDir, '--log-level', 'warn', 'scan', '--json'];
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FARMWATCH_AGENT_')));

    // The trace run also warms the page cache and creates the local identity, like a second scan.
    const traceFile = join(dir, 'trace.json');
    await runChild(['--import', join(dir, 'trace.mjs'), ...scanArgs], { ...env, FW_BENCH_TRACE: traceFile });
    const ops = JSON.parse(await readFile(traceFile, 'utf8')) as Array<{ op: string }>;
    const counts = ops.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.op]: (acc[o.op] ?? 0) + 1 }), {});
    log(`trace: ${ops.length} OS operations (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})`);

    const agent: Run[] = [];
    const baseline: Run[] = [];
    for (let i = 0; i < runs; i += 1) {
      agent.push(await measured(dir, scanArgs, env));
      baseline.push(await measured(dir, [join(dir, 'baseline.mjs'), traceFile]));
      log(`run ${i + 1}/${runs}: agent ${agent[i]!.wallMs.toFixed(0)} ms, baseline ${baseline[i]!.wallMs.toFixed(0)} ms`);
    }
    const a = summarise(agent);
    const b = summarise(baseline);
    const wallRatio = a.wallMs / b.wallMs;
    const wallPass = wallRatio <= WALL_RATIO_TARGET;
    const rssPass = a.peakRssMb < PEAK_RSS_TARGET_MB;
    const result = {
      runs,
      node: process.version,
      operations: ops.length,
      agent: a,
      baseline: b,
      ratio: { wall: wallRatio, cpu: a.cpuMs / b.cpuMs, peakRss: a.peakRssMb / b.peakRssMb },
      targets: { wallRatioMax: WALL_RATIO_TARGET, wallPass, peakRssMbMax: PEAK_RSS_TARGET_MB, peakRssPass: rssPass },
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const row = (name: string, agentValue: number, baseValue: number, unit: string) =>
        `${name.padEnd(14)}${`${agentValue.toFixed(1)} ${unit}`.padStart(12)}${`${baseValue.toFixed(1)} ${unit}`.padStart(14)}${`${(agentValue / baseValue).toFixed(2)}x`.padStart(9)}`;
      log('');
      log(`median of ${runs} runs, each a fresh process (node ${process.version})`);
      log(`${'metric'.padEnd(14)}${'agent scan'.padStart(12)}${'raw reads'.padStart(14)}${'ratio'.padStart(9)}`);
      log(row('wall time', a.wallMs, b.wallMs, 'ms'));
      log(row('CPU user+sys', a.cpuMs, b.cpuMs, 'ms'));
      log(row('peak RSS', a.peakRssMb, b.peakRssMb, 'MB'));
      log('');
      log(`target: wall within ${WALL_RATIO_TARGET}x the baseline: ${wallRatio.toFixed(2)}x ${wallPass ? 'PASS' : 'FAIL'}`);
      log(`target: peak RSS below ${PEAK_RSS_TARGET_MB} MB: ${a.peakRssMb.toFixed(1)} MB ${rssPass ? 'PASS' : 'FAIL'}`);
    }
    return wallPass && rssPass ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
