import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Report } from '../../../shared/index.js';
import { buildReport } from '../../../agent/report/build-report.js';
import { reportSender } from '../../../agent/runtime/delivery.js';
import { Spool, readSpoolSummary } from '../../../agent/runtime/spool.js';
import { statePaths } from '../../../agent/runtime/state.js';
import { Transport } from '../../../agent/runtime/transport.js';
import { AGENT_ID, FAST_RETRY, ORG_KEY, accepted, captureLog, loadFixtureFacts, startCollector, tempDir, type ScriptedCollector } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let collector: ScriptedCollector | undefined;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  await collector?.close();
  collector = undefined;
  await cleanup();
});

async function makeReport(): Promise<Report> {
  const now = new Date();
  return buildReport(await loadFixtureFacts(), [], { agentId: AGENT_ID, orgKey: ORG_KEY, agentVersion: '0.1.0', startedAt: now, finishedAt: now, spoolEvicted: 0 });
}

async function open(limits: { maxBytes?: number; maxReports?: number } = {}) {
  const captured = captureLog();
  const spool = await Spool.open({ stateDir: dir, maxBytes: limits.maxBytes ?? 10 * 1024 * 1024, maxReports: limits.maxReports ?? 100, log: captured.log });
  return { spool, ...captured };
}

/** Delivers through the real transport to a collector that accepts everything. */
async function deliverAll(spool: Spool) {
  collector ??= await startCollector((req) => (req.path === '/api/v1/reports' ? accepted(req) : undefined));
  const { log } = captureLog();
  const transport = await Transport.create({ serverUrl: collector.url, token: 't', config: FAST_RETRY, log });
  return spool.deliver(reportSender(transport, log));
}

const sentIds = () => collector!.requests.map((r) => (r.body as Report).reportId);

describe('spool', () => {
  it('writes each report as one private JSON file, leaving no tmp files', async () => {
    const { spool } = await open();
    const report = await makeReport();
    const { file } = await spool.enqueue(report);
    expect(file.startsWith(statePaths(dir).spool)).toBe(true);
    expect(await readdir(statePaths(dir).spool)).toEqual([file.split(/[\\/]/).at(-1)]);
    expect(Report.parse(JSON.parse(await readFile(file, 'utf8')))).toEqual(report);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('delivers oldest first, deletes only accepted reports, and survives a restart', async () => {
    const first = await open();
    const reports = [await makeReport(), await makeReport(), await makeReport()];
    for (const r of reports) await first.spool.enqueue(r);

    const restarted = await open(); // a new process over the same directory
    expect((await restarted.spool.entries()).map((e) => e.name.slice(17, -5))).toEqual(reports.map((r) => r.reportId));
    const summary = await deliverAll(restarted.spool);
    expect(summary).toMatchObject({ delivered: 3, rejected: 0, remaining: 0, remainingBytes: 0 });
    expect(sentIds()).toEqual(reports.map((r) => r.reportId));
    expect((await readSpoolSummary(dir)).stats.deliveredTotal).toBe(3);
  });

  it('keeps queue order even when the clock goes backwards', async () => {
    const { spool } = await open();
    const future = String(Date.now() + 3_600_000).padStart(16, '0');
    const early = await makeReport();
    await writeFile(join(statePaths(dir).spool, `${future}-${early.reportId}.json`), JSON.stringify(early));
    const late = await makeReport();
    await spool.enqueue(late);
    await deliverAll(spool);
    expect(sentIds()).toEqual([early.reportId, late.reportId]);
  });

  it('removes partial writes of a crashed agent and ignores stray files', async () => {
    const spoolDir = statePaths(dir).spool;
    await open();
    const report = await makeReport();
    const deadTmp = join(spoolDir, `.0000001700000000000-${report.reportId}.json.99999999.0badc0de.tmp`);
    const oldTmp = join(spoolDir, `.x.json.${process.ppid}.0badc0de.tmp`);
    const liveTmp = join(spoolDir, `.y.json.${process.ppid}.0badc0de.tmp`);
    await writeFile(deadTmp, '{"reportId": "half a rep');
    await writeFile(oldTmp, '{}');
    await utimes(oldTmp, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 2 * 3_600_000));
    await writeFile(liveTmp, '{}'); // a concurrent writer that is still alive: left alone
    await writeFile(join(spoolDir, 'notes.txt'), 'not a report');

    const { spool, lines } = await open();
    const names = await readdir(spoolDir);
    expect(names).not.toContain(deadTmp.split(/[\\/]/).at(-1));
    expect(names).not.toContain(oldTmp.split(/[\\/]/).at(-1));
    expect(names).toContain(liveTmp.split(/[\\/]/).at(-1));
    expect(lines.filter((l) => l.msg.includes('partial write'))).toHaveLength(2);
    expect(await spool.entries()).toEqual([]);
    expect(await deliverAll(spool)).toMatchObject({ delivered: 0, remaining: 0 });
  });

  it('evicts the oldest report when full, counts it persistently and tells the collector in the next report', async () => {
    const { spool, warnings } = await open({ maxReports: 2 });
    const [a, b, c] = [await makeReport(), await makeReport(), await makeReport()];
    await spool.enqueue(a);
    await spool.enqueue(b);
    expect(await spool.enqueue(c)).toMatchObject({ spoolEvicted: 1 });
    expect(warnings().filter((w) => w.startsWith('spool full'))).toHaveLength(1);

    // The count is on disk: a restarted agent still knows it.
    const summary = await readSpoolSummary(dir);
    expect(summary).toMatchObject({ count: 2, stats: { evictedTotal: 1, pendingEvicted: 0 } });

    const restarted = await open({ maxReports: 2 });
    await deliverAll(restarted.spool);
    const sent = collector!.requests.map((r) => r.body as Report);
    expect(sent.map((r) => r.reportId)).toEqual([b.reportId, c.reportId]);
    expect(sent.map((r) => r.spoolEvicted)).toEqual([0, 1]);
    expect(sent[1]!.findings.map((f) => f.signal)).toContain('agent_health.spool_evicted');
  });

  it('evicts by size, and hands on the count an evicted report was carrying', async () => {
    const size = Buffer.byteLength(JSON.stringify(await makeReport()));
    const { spool } = await open({ maxBytes: Math.floor(size * 2.5) + 600, maxReports: 100 });
    const reports = [await makeReport(), await makeReport(), await makeReport(), await makeReport()];
    const stamps = [];
    for (const r of reports) stamps.push((await spool.enqueue(r)).spoolEvicted);
    // Third evicts the first (count 1, carried by the third); fourth evicts the second (1 more).
    expect(stamps).toEqual([0, 0, 1, 1]);

    const fifth = await makeReport();
    // Evicting the third drops a report that carried one eviction: the fifth carries 1 + 1.
    expect((await spool.enqueue(fifth)).spoolEvicted).toBe(2);
    expect((await readSpoolSummary(dir)).stats.evictedTotal).toBe(3);
  });

  it('moves an unreadable spool file to rejected/ instead of looping on it', async () => {
    const { spool, lines } = await open();
    const good = await makeReport();
    await writeFile(join(statePaths(dir).spool, `${'1'.padStart(16, '0')}-${randomUUID()}.json`), '{"truncated":');
    await spool.enqueue(good);
    const summary = await deliverAll(spool);
    expect(summary).toMatchObject({ delivered: 1, rejected: 1, remaining: 0 });
    expect(sentIds()).toEqual([good.reportId]);
    const rejected = await readdir(statePaths(dir).rejected);
    expect(rejected).toHaveLength(1);
    expect(lines.some((l) => l.level === 50 && l.msg.includes('rejected'))).toBe(true);
  });
});
