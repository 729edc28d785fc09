// The disk spool: reports wait here until the collector has accepted them (202), so a laptop
// that is offline, or a collector that is down, loses nothing. One JSON file per report, named
// `<16-digit stamp>-<reportId>.json` so name order is queue order; files are written atomically
// and deleted only after acceptance. Over its size or count cap the spool evicts the oldest
// reports, and every eviction is counted in spool-stats.json and carried to the collector in the
// next report queued (`spoolEvicted` plus an agent_health.spool_evicted finding).
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Report, Timestamp } from '../../shared/index.js';
import type { Logger } from '../log.js';
import { withSpoolEvicted } from '../report/spool-evicted.js';
import { fsyncDir, isErrno, readJson, TMP_SUFFIX, tmpOwnerPid, writeFileAtomic } from './files.js';
import { ensurePrivateDir, statePaths } from './state.js';

const ENTRY_NAME = /^(\d{16})-([0-9a-f-]{36})\.json$/;
/** A tmp file this old is a crash leftover even if its pid has been reused. */
const STALE_TMP_MS = 60 * 60_000;

export const SpoolStats = z.object({
  /** Evictions not yet stamped on a queued report. */
  pendingEvicted: z.number().int().nonnegative().default(0),
  evictedTotal: z.number().int().nonnegative().default(0),
  deliveredTotal: z.number().int().nonnegative().default(0),
  rejectedTotal: z.number().int().nonnegative().default(0),
  lastEvictedAt: Timestamp.optional(),
  lastDeliveredAt: Timestamp.optional(),
  lastRejectedAt: Timestamp.optional(),
});
export type SpoolStats = z.infer<typeof SpoolStats>;

export interface SpoolEntry {
  name: string;
  path: string;
  bytes: number;
}

export interface SpoolSummary {
  count: number;
  bytes: number;
  /** Reports in rejected/ (the collector refused them; kept for inspection). */
  rejected: number;
  stats: SpoolStats;
}

/** What the sender made of one report. */
export type DeliveryVerdict =
  | { kind: 'accepted' }
  /** The collector refused this report for good (400, 413): it moves to rejected/. */
  | { kind: 'rejected'; status: number; error: unknown }
  /** Nothing more can be delivered now (collector down, token refused): keep everything. */
  | { kind: 'stop'; reason: string };

export type ReportSender = (report: Report) => Promise<DeliveryVerdict>;

export interface DeliverySummary {
  delivered: number;
  rejected: number;
  remaining: number;
  remainingBytes: number;
  stopReason?: string;
}

export interface SpoolOptions {
  stateDir: string;
  maxBytes: number;
  maxReports: number;
  log: Logger;
}

export class Spool {
  private readonly options: SpoolOptions;
  private readonly dir: string;
  private readonly rejectedDir: string;
  private readonly statsFile: string;
  private lastStamp = 0;
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(options: SpoolOptions) {
    const paths = statePaths(options.stateDir);
    this.options = options;
    this.dir = paths.spool;
    this.rejectedDir = paths.rejected;
    this.statsFile = paths.spoolStats;
  }

  /** Opens (creating) the spool and removes tmp files a crashed writer left behind. */
  static async open(options: SpoolOptions): Promise<Spool> {
    const spool = new Spool(options);
    await ensurePrivateDir(options.stateDir);
    await ensurePrivateDir(spool.dir);
    await ensurePrivateDir(spool.rejectedDir);
    await spool.removeCrashLeftovers();
    return spool;
  }

  /** Queues a report, evicting the oldest ones first if it would not fit. */
  enqueue(report: Report): Promise<{ file: string; spoolEvicted: number }> {
    return this.exclusive(async () => {
      const { maxBytes, maxReports, log } = this.options;
      const size = Buffer.byteLength(JSON.stringify(report)) + 256; // room for the stamp
      const entries = await this.entries();
      let bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
      const victims: SpoolEntry[] = [];
      while (victims.length < entries.length && (entries.length - victims.length + 1 > maxReports || bytes + size > maxBytes)) {
        const victim = entries[victims.length]!;
        victims.push(victim);
        bytes -= victim.bytes;
      }

      const stats = await this.readStats();
      if (victims.length > 0) {
        for (const victim of victims) stats.pendingEvicted += 1 + (await stampOf(victim.path));
        stats.evictedTotal += victims.length;
        stats.lastEvictedAt = new Date().toISOString();
        // Count first, delete second: a crash in between over-counts rather than forgets.
        await this.writeStats(stats);
        for (const victim of victims) {
          await rm(victim.path, { force: true });
          log.warn(
            { file: victim.name, evictedTotal: stats.evictedTotal, maxBytes, maxReports },
            'spool full: evicted the oldest queued report (the next report tells the collector)',
          );
        }
        await fsyncDir(this.dir);
      }

      const stamped = withSpoolEvicted(report, stats.pendingEvicted);
      const stamp = Math.max(Date.now(), this.lastStamp + 1, lastStampOf(entries) + 1);
      this.lastStamp = stamp;
      const name = `${String(stamp).padStart(16, '0')}-${report.reportId}.json`;
      const file = join(this.dir, name);
      await writeFileAtomic(file, JSON.stringify(stamped), 0o600);
      if (stats.pendingEvicted > 0) await this.writeStats({ ...stats, pendingEvicted: 0 });
      return { file, spoolEvicted: stamped.spoolEvicted };
    });
  }

  /** Queued reports, oldest first. */
  entries(): Promise<SpoolEntry[]> {
    return listEntries(this.dir);
  }

  /** Sends queued reports oldest first until the queue is empty or the sender says stop. */
  deliver(send: ReportSender, signal?: AbortSignal): Promise<DeliverySummary> {
    return this.exclusive(async () => {
      const { log } = this.options;
      let delivered = 0;
      let rejected = 0;
      let stopReason: string | undefined;
      for (const entry of await this.entries()) {
        if (signal?.aborted) {
          stopReason = 'aborted';
          break;
        }
        const report = await readEntry(entry.path);
        if (report === 'missing') continue; // another agent process delivered it meanwhile
        if (typeof report === 'string') {
          await this.reject(entry, { status: 0, error: { message: `unreadable spool file: ${report}` } }, 0);
          rejected++;
          continue;
        }
        const verdict = await send(report);
        if (verdict.kind === 'stop') {
          stopReason = verdict.reason;
          break;
        }
        if (verdict.kind === 'rejected') {
          await this.reject(entry, { status: verdict.status, error: verdict.error }, report.spoolEvicted);
          rejected++;
          continue;
        }
        await rm(entry.path, { force: true });
        await fsyncDir(this.dir);
        const stats = await this.readStats();
        await this.writeStats({ ...stats, deliveredTotal: stats.deliveredTotal + 1, lastDeliveredAt: new Date().toISOString() });
        delivered++;
        log.info({ reportId: report.reportId, findings: report.findings.length }, 'report delivered');
      }
      const left = await this.entries();
      return {
        delivered,
        rejected,
        remaining: left.length,
        remainingBytes: left.reduce((sum, e) => sum + e.bytes, 0),
        stopReason,
      };
    });
  }

  /** Resolves once the spool work queued before this call has finished. */
  idle(): Promise<void> {
    return this.exclusive(async () => undefined);
  }

  summary(): Promise<SpoolSummary> {
    return readSpoolSummary(this.options.stateDir);
  }

  readStats(): Promise<SpoolStats> {
    return readSpoolStats(this.statsFile, this.options.log);
  }

  /** Keeps a refused report in rejected/ with the collector's answer; never retried. */
  private async reject(entry: SpoolEntry, answer: { status: number; error: unknown }, stamp: number): Promise<void> {
    const raw = await readFile(entry.path, 'utf8').catch(() => '');
    let report: unknown = raw;
    try {
      report = JSON.parse(raw);
    } catch {
      // keep the raw text
    }
    const target = join(this.rejectedDir, entry.name);
    await writeFileAtomic(target, `${JSON.stringify({ rejectedAt: new Date().toISOString(), ...answer, report }, null, 2)}\n`, 0o600);
    await rm(entry.path, { force: true });
    await fsyncDir(this.dir);
    const stats = await this.readStats();
    // The collector never saw the evictions this report carried: hand them to the next one.
    await this.writeStats({
      ...stats,
      pendingEvicted: stats.pendingEvicted + stamp,
      rejectedTotal: stats.rejectedTotal + 1,
      lastRejectedAt: new Date().toISOString(),
    });
    this.options.log.error({ file: target, status: answer.status, error: answer.error }, 'the collector rejected a report; kept in rejected/ and not retried');
  }

  private async writeStats(stats: SpoolStats): Promise<void> {
    await writeFileAtomic(this.statsFile, `${JSON.stringify(stats, null, 2)}\n`, 0o600);
  }

  private async removeCrashLeftovers(): Promise<void> {
    for (const dir of [this.dir, this.rejectedDir, this.options.stateDir]) {
      for (const name of await readdir(dir)) {
        if (!name.endsWith(TMP_SUFFIX)) continue;
        const path = join(dir, name);
        const pid = tmpOwnerPid(name);
        const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
        if (pid === process.pid || (pid !== undefined && isAlive(pid) && age < STALE_TMP_MS)) continue;
        await rm(path, { force: true });
        this.options.log.info({ file: path }, 'removed a partial write left by an interrupted agent');
      }
    }
  }

  /** Serialises spool operations within this process. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** Read-only view for `status` and `scan` (creates nothing). */
export async function readSpoolSummary(stateDir: string, log?: Logger): Promise<SpoolSummary> {
  const paths = statePaths(stateDir);
  const entries = await listEntries(paths.spool);
  const rejected = (await readdir(paths.rejected).catch(() => [])).filter((n) => ENTRY_NAME.test(n)).length;
  return {
    count: entries.length,
    bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    rejected,
    stats: await readSpoolStats(paths.spoolStats, log),
  };
}

async function readSpoolStats(file: string, log?: Logger): Promise<SpoolStats> {
  const read = await readJson(file);
  if (read.kind === 'ok') {
    const parsed = SpoolStats.safeParse(read.value);
    if (parsed.success) return parsed.data;
  }
  if (read.kind !== 'missing') log?.warn({ file }, 'spool statistics are damaged; counting from zero again');
  return SpoolStats.parse({});
}

async function listEntries(dir: string): Promise<SpoolEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const entries: SpoolEntry[] = [];
  for (const name of names.filter((n) => ENTRY_NAME.test(n)).sort()) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) entries.push({ name, path, bytes: info.size });
  }
  return entries;
}

function lastStampOf(entries: SpoolEntry[]): number {
  const last = entries.at(-1);
  return last ? Number(ENTRY_NAME.exec(last.name)![1]) : 0;
}

/** The report in a spool file, 'missing', or why it cannot be read. */
async function readEntry(path: string): Promise<Report | 'missing' | string> {
  const read = await readJson(path);
  if (read.kind === 'missing') return 'missing';
  if (read.kind === 'broken') return `not JSON (${read.error})`;
  const parsed = Report.safeParse(read.value);
  return parsed.success ? parsed.data : `not a report (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`;
}

async function stampOf(path: string): Promise<number> {
  const read = await readJson(path).catch(() => ({ kind: 'missing' as const }));
  if (read.kind !== 'ok') return 0;
  const value = (read.value as { spoolEvicted?: unknown }).spoolEvicted;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
