// Ingest benchmark of the collector: many enrolled agents posting realistic reports over HTTP.
//   npm run bench:ingest [-- --agents 10000 --duration 15 --connections 32 --backends sqlite,postgres]
// For each backend it starts the collector as a child process on a fresh SQLite data directory or
// a fresh PostgreSQL schema, enrols the agents concurrently through the API (timed apart), then a
// load generator process posts reports for a warm-up and a measured window. The same generator
// with the same bodies also drives a bare fastify route that only parses the JSON body: the
// ratio of the two is what the collector's auth, validation, alert rules and storage cost.
// It also runs bench:correlation (100,000 devices) and prints its figures. Exit code 1 when a
// target is missed. `--json` prints one machine-readable object instead of the table.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { Client, escapeIdentifier } from 'pg';
import { SERVER_CONFIG_DEFAULTS } from '../server/config.js';
import { withSearchPath } from '../server/store/postgres/open.js';
import { DATABASE_FILE } from '../server/store/sqlite/open.js';
import { collectorBuildOptions } from './build.js';
import { enrolAgents, type EnrolledAgent } from './bench-ingest/enrol.js';
import type { LoadJob, LoadResult } from './bench-ingest/load-generator.js';
import { cpuMs, memoryMb } from './bench-ingest/proc-stats.js';
import type { ValidationCost } from './bench-ingest/validation-cost.js';
import { REPO, runProcess, startProcess, stopProcess, type Started } from './bench-ingest/processes.js';

const { values: args } = parseArgs({
  options: {
    agents: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    'max-requests': { type: 'string', default: '200000' },
    'enrol-concurrency': { type: 'string', default: '64' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    'database-url': { type: 'string', default: process.env.FARMWATCH_BENCH_DATABASE_URL || process.env.FARMWATCH_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' },
    'correlation-devices': { type: 'string', default: '100000' },
    'ingest-workers': { type: 'string' },
    'no-correlation': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function number(name: string, min: number): number {
  const value = Number(args[name as keyof typeof args]);
  if (!Number.isFinite(value) || value < min) {
    console.error(`bench-ingest: --${name} must be a number >= ${min}, got ${JSON.stringify(args[name as keyof typeof args])}`);
    process.exit(2);
  }
  return value;
}
const AGENTS = Math.trunc(number('agents', 1));
const DURATION_MS = number('duration', 0.5) * 1000;
const WARMUP_MS = number('warmup', 0) * 1000;
const CONNECTIONS = Math.trunc(number('connections', 1));
const MAX_REQUESTS = Math.trunc(number('max-requests', 1));
const ENROL_CONCURRENCY = Math.trunc(number('enrol-concurrency', 1));
const CORRELATION_DEVICES = Math.trunc(number('correlation-devices', 1));
const BACKENDS = args.backends.split(',').map((b) => b.trim()).filter(Boolean);
for (const backend of BACKENDS) {
  if (backend !== 'sqlite' && backend !== 'postgres') {
    console.error(`bench-ingest: --backends takes sqlite and/or postgres, got ${JSON.stringify(backend)}`);
    process.exit(2);
  }
}

const TARGETS = { sqliteReportsPerSecond: 5_000, ratioToBare: 0.5, correlationP99Ms: 1 };
const ENROLL_SECRET = randomBytes(32).toString('hex');
/** Only while enrolling: 10,000 agents behind one loopback address would hit the per-address limit. */
const ENROL_RATE_LIMIT = '1000000';
const TSX = ['--import', 'tsx'];
const LISTENING = /FarmWatch collector listening on (http:\/\/\S+)/;

/** The parent's environment without FARMWATCH_* settings, so only the bench's own apply. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FARMWATCH_')));
}

/** Settings that differ from the collector's defaults during the measured window, and why. */
const COLLECTOR_SETTINGS: Record<string, string> = {
  FARMWATCH_LOG_LEVEL: 'warn',
  FARMWATCH_GEOIP_CITY_DB: 'off',
  FARMWATCH_GEOIP_ASN_DB: 'off',
  FARMWATCH_PORT: '0',
  FARMWATCH_HOST: '127.0.0.1',
  ...(args['ingest-workers'] ? { FARMWATCH_INGEST_WORKERS: args['ingest-workers'] } : {}),
};
const SETTINGS_NOTES = [
  `log level warn (default ${SERVER_CONFIG_DEFAULTS.logLevel}): one info line per stored report would measure the terminal`,
  'GeoIP off (default: bundled DB-IP/ASN databases): loopback addresses have no location; not measured here',
  `rate limit ${ENROL_RATE_LIMIT}/min only while enrolling (the collector is then restarted with the default ${SERVER_CONFIG_DEFAULTS.rateLimitPerMinute}/min per token for the measured window): ${AGENTS.toLocaleString('en')} agents enrol from one loopback address`,
  'an enrol secret set by the bench (FARMWATCH_ENROLL_SECRET) so it need not be read from the first start\'s output',
];

interface TargetResult {
  name: string;
  enrolMs?: number;
  load: LoadResult;
  reportsPerSecond: number;
  serverCpuMs: number;
  /** Server CPU as a share of one core over the measured window. */
  serverCpuShare: number;
  rssMb: number;
  peakRssMb: number;
  /** Collector warnings and errors (log level warn), first lines. */
  serverWarnings: string[];
  /** Reports in the database afterwards (collectors only): every 202 must be one. */
  storedReports?: number;
}

/**
 * Writes the page cache's dirty pages out before a measured window: the previous target (or the
 * enrolment) leaves hundreds of MB for the kernel to write back, which otherwise runs during the
 * next window and took up to half of the bare route's throughput in some runs.
 */
function settleDisk(): void {
  if (process.platform !== 'win32') spawnSync('sync', { stdio: 'ignore' });
}

async function measure(name: string, server: Started, agents: EnrolledAgent[], workDir: string): Promise<TargetResult> {
  settleDisk();
  const pid = server.child.pid!;
  const job: LoadJob = { url: server.ready, agents, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS };
  const jobFile = path.join(workDir, `${name}-job.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const generator = await startProcess([...TSX, 'scripts/bench-ingest/load-generator.ts', jobFile], process.env, /^(measuring)$/m, 120_000);
  const cpuBefore = cpuMs(pid);
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    generator.child.stdout!.removeAllListeners('data');
    generator.child.stdout!.on('data', (chunk: string) => { text += chunk; });
    generator.child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`load generator exited with ${code}:\n${generator.stderr()}`))));
  });
  const serverCpuMs = cpuMs(pid) - cpuBefore;
  const memory = memoryMb(pid);
  const load = JSON.parse(output.trim().split('\n').pop()!) as LoadResult;
  const seconds = load.elapsedMs / 1000;
  return {
    name, load,
    reportsPerSecond: load.accepted / seconds,
    serverCpuMs,
    serverCpuShare: serverCpuMs / load.elapsedMs,
    ...memory,
    serverWarnings: server.stderr().split('\n').filter(Boolean).slice(-8),
  };
}

/**
 * The collector bundled as `npm run build` bundles it (scripts/build.ts), built from the current
 * sources into a directory of this run under node_modules/.cache, so the packages resolve, build/
 * is left alone and two runs at once (a test suite and a bench) do not overwrite each other.
 */
async function bundleCollector(): Promise<string> {
  mkdirSync(path.join(REPO, 'node_modules/.cache'), { recursive: true });
  const outdir = mkdtempSync(path.join(REPO, 'node_modules/.cache/farmwatch-bench-ingest-'));
  await build({ ...collectorBuildOptions, outdir, sourcemap: 'linked' });
  return path.join(outdir, 'farmwatch-server.mjs');
}
let collectorBundle: string | undefined;

/** Starts the collector; `profile` adds --cpu-prof into that directory. */
function startCollector(env: NodeJS.ProcessEnv, profile?: string): Promise<Started> {
  const prof = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  if (!collectorBundle) throw new Error('the collector is not bundled yet');
  return startProcess([...prof, collectorBundle, 'start'], { ...cleanEnv(), ...COLLECTOR_SETTINGS, FARMWATCH_ENROLL_SECRET: ENROLL_SECRET, ...env }, LISTENING);
}

async function benchCollector(backend: 'sqlite' | 'postgres', workDir: string): Promise<TargetResult> {
  let storage: NodeJS.ProcessEnv;
  let cleanup = async () => undefined as void;
  if (backend === 'sqlite') {
    storage = { FARMWATCH_DATA_DIR: path.join(workDir, 'sqlite-data') };
  } else {
    const schema = `fw_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE SCHEMA ${escapeIdentifier(schema)}`);
    storage = { FARMWATCH_DATA_DIR: path.join(workDir, 'unused'), FARMWATCH_DATABASE_URL: withSearchPath(args['database-url'], schema) };
    cleanup = () => adminQuery(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
  }
  try {
    const enrolling = await startCollector({ ...storage, FARMWATCH_RATE_LIMIT_PER_MINUTE: ENROL_RATE_LIMIT });
    const started = performance.now();
    let agents: EnrolledAgent[];
    try {
      agents = await enrolAgents(enrolling.ready, ENROLL_SECRET, AGENTS, ENROL_CONCURRENCY);
    } finally {
      await stopProcess(enrolling.child);
    }
    const enrolMs = performance.now() - started;
    const collector = await startCollector(storage, args['cpu-prof'] && path.resolve(args['cpu-prof'], backend));
    let result: TargetResult;
    try {
      result = { ...(await measure(backend, collector, agents, workDir)), enrolMs };
    } finally {
      await stopProcess(collector.child);
    }
    return { ...result, storedReports: await countStored(storage) };
  } finally {
    await cleanup();
  }
}

/** Reports the collector stored, read from its database after it stopped. */
async function countStored(storage: NodeJS.ProcessEnv): Promise<number> {
  if (storage.FARMWATCH_DATABASE_URL === undefined) {
    const db = new Database(path.join(storage.FARMWATCH_DATA_DIR!, DATABASE_FILE), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: storage.FARMWATCH_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM reports')).rows[0]!.n;
  } finally {
    await client.end();
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: args['database-url'] });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function benchBare(agents: EnrolledAgent[], workDir: string): Promise<TargetResult> {
  const bare = await startProcess([...TSX, 'scripts/bench-ingest/bare-server.ts'], cleanEnv(), /listening on (http:\/\/\S+)/);
  try {
    return await measure('bare fastify', bare, agents, workDir);
  } finally {
    await stopProcess(bare.child);
  }
}

/**
 * The in-process costs, measured in a process of their own: in this one, after the runs, the heap
 * holds every agent and latency sample, and the figures moved by half from run to run.
 */
async function validationCost(): Promise<ValidationCost> {
  settleDisk();
  const { stdout } = await runProcess([...TSX, 'scripts/bench-ingest/validation-cost.ts'], process.env);
  return JSON.parse(stdout.trim().split('\n').pop()!) as ValidationCost;
}

interface CorrelationResult {
  devices: number;
  fleetSeconds: number;
  perReportMs: number;
  p99CpuMs: number;
  pass: boolean;
  lines: string[];
}

async function benchCorrelation(): Promise<CorrelationResult> {
  const { stdout } = await runProcess(['--expose-gc', ...TSX, 'scripts/bench-correlation.ts', '--devices', String(CORRELATION_DEVICES), '--rounds', '1'], process.env, [0, 1]);
  const fleet = /ingest \(correlate the fleet\): ([\d.]+) s, ([\d.]+) (µs|ms) per report/.exec(stdout);
  const verdict = /^(PASS|FAIL): per-report p99 ([\d.]+) (µs|ms) cpu/m.exec(stdout);
  if (!fleet || !verdict) throw new Error(`unexpected bench-correlation output:\n${stdout}`);
  const ms = (value: string, unit: string) => Number(value) / (unit === 'µs' ? 1000 : 1);
  return {
    devices: CORRELATION_DEVICES,
    fleetSeconds: Number(fleet[1]),
    perReportMs: ms(fleet[2]!, fleet[3]!),
    p99CpuMs: ms(verdict[2]!, verdict[3]!),
    pass: verdict[1] === 'PASS',
    lines: stdout.trim().split('\n'),
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(results: TargetResult[], bare: TargetResult): string[] {
  const header = ['target', 'accepted/s', 'p50 ms', 'p99 ms', 'non-202', 'server CPU', 'CPU/report', 'server RSS (peak)', 'generator CPU', 'vs bare'];
  const rows = results.map((r) => [
    r.name, fmt(r.reportsPerSecond), fmt(r.load.latencyMs.p50, 2), fmt(r.load.latencyMs.p99, 2),
    fmt(r.load.requests - r.load.accepted + r.load.errors),
    `${fmt(r.serverCpuShare * 100)}% of a core`, `${fmt((r.serverCpuMs * 1000) / Math.max(1, r.load.accepted))} µs`, `${fmt(r.rssMb)} MiB (${fmt(r.peakRssMb)})`,
    `${fmt((r.load.cpuMs / r.load.elapsedMs) * 100)}% of a core`,
    r === bare ? '1.00' : (r.reportsPerSecond / bare.reportsPerSecond).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [line(header), ...rows.map(line)];
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'fw-bench-ingest-'));
  try {
    collectorBundle = await bundleCollector();
    const collectors: TargetResult[] = [];
    for (const backend of BACKENDS as ('sqlite' | 'postgres')[]) collectors.push(await benchCollector(backend, workDir));
    // The bare route needs no enrolment; it gets the same agent ids (and so the same bodies).
    const agents = Array.from({ length: AGENTS }, (_, i) => ({ agentId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, agentToken: 'unused' }));
    const bare = await benchBare(agents, workDir);
    const correlation = args['no-correlation'] ? undefined : await benchCorrelation();
    const validation = await validationCost();

    const sqlite = collectors.find((c) => c.name === 'sqlite');
    const checks = [
      ...(sqlite ? [
        { what: `SQLite accepted reports/s >= ${fmt(TARGETS.sqliteReportsPerSecond)}`, value: fmt(sqlite.reportsPerSecond), pass: sqlite.reportsPerSecond >= TARGETS.sqliteReportsPerSecond },
        { what: `SQLite / bare route >= ${TARGETS.ratioToBare}`, value: (sqlite.reportsPerSecond / bare.reportsPerSecond).toFixed(2), pass: sqlite.reportsPerSecond / bare.reportsPerSecond >= TARGETS.ratioToBare },
      ] : []),
      ...collectors.map((c) => ({
        what: `${c.name}: every 202 is a stored report`, value: `${fmt(c.storedReports ?? 0)} stored, ${fmt(c.load.accepted + c.load.warmupAccepted)} accepted`,
        pass: c.storedReports === c.load.accepted + c.load.warmupAccepted,
      })),
      ...(correlation ? [{
        what: `incremental correlation p99 per report < ${TARGETS.correlationP99Ms} ms at ${fmt(correlation.devices)} devices`,
        value: `${fmt(correlation.p99CpuMs * 1000)} µs`, pass: correlation.p99CpuMs < TARGETS.correlationP99Ms,
      }] : []),
    ];
    const pass = checks.every((c) => c.pass);
    const summary = {
      agents: AGENTS, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, node: process.version,
      cores: (await import('node:os')).availableParallelism(), loadAverage: loadavg()[0],
      meanBodyBytes: bare.load.meanBodyBytes, settings: SETTINGS_NOTES, validation,
      targets: [...collectors, bare].map(({ serverWarnings, ...r }) => ({ ...r, serverWarnings })),
      correlation: correlation && { ...correlation, lines: undefined },
      checks, pass,
    };
    if (args.json) {
      console.log(JSON.stringify(summary));
    } else {
      console.log([
        `ingest benchmark: ${fmt(AGENTS)} enrolled agents, ${CONNECTIONS} keep-alive connections, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s measured per target, ` +
          `mean body ${fmt(bare.load.meanBodyBytes)} bytes, Node ${process.version}, ${summary.cores} cores, load average ${loadavg()[0]!.toFixed(1)}`,
        '  collector settings that differ from the defaults:',
        ...SETTINGS_NOTES.map((s) => `    - ${s}`),
        `  durability: a report is answered 202 once committed (group commit: the reports that arrive together share a transaction); SQLite in WAL mode with synchronous=NORMAL; PostgreSQL defaults (synchronous_commit on); ingest threads: ${args['ingest-workers'] ?? `${SERVER_CONFIG_DEFAULTS.ingestWorkers} (default)`}`,
        ...collectors.map((c) => `  enrolment of ${fmt(AGENTS)} agents (${c.name}, ${ENROL_CONCURRENCY} at a time): ${(c.enrolMs! / 1000).toFixed(1)} s, ${fmt(AGENTS / (c.enrolMs! / 1000))}/s`),
        ...table([...collectors, bare], bare),
        ...[...collectors, bare].flatMap((r) => (r.serverWarnings.length ? [`  ${r.name} logged: ${r.serverWarnings.join(' | ').slice(0, 400)}`] : [])),
        `  per report in-process (CPU): JSON.parse ${fmt(validation.jsonParseUs)} µs, Report schema (zod) ${fmt(validation.reportSchemaUs)} µs, `
          + `the ingest's decode (parse, compiled check, serialising for the archive) ${fmt(validation.decodeUs)} µs`,
        ...(correlation ? [
          `  correlation (bench:correlation, ${fmt(correlation.devices)} devices): whole fleet in ${correlation.fleetSeconds.toFixed(1)} s ` +
            `(${fmt(correlation.perReportMs * 1000)} µs per report); incremental p99 ${fmt(correlation.p99CpuMs * 1000)} µs CPU per report`,
        ] : []),
        ...checks.map((c) => `${c.pass ? 'PASS' : 'FAIL'}: ${c.what}: ${c.value}`),
      ].join('\n'));
    }
    process.exitCode = pass ? 0 : 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (collectorBundle) rmSync(path.dirname(collectorBundle), { recursive: true, force: true });
  }
}

await main();
