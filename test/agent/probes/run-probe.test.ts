// The probe runner and the scan around it, with probes injected: slow ones are real child
// processes, so a timeout must also stop the work the probe started.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ProbeSet } from '../../../agent/probes/probe-set.js';
import { runProbe, type ProbeContext } from '../../../agent/probes/run-probe.js';
import { scanProbes } from '../../../agent/probes/scan.js';
import { execText } from '../../../agent/probes/util/exec.js';
import { Facts } from '../../../shared/schema/facts.js';

/** Runs `sleep seconds` as a child killed by the probe's abort signal; resolves with how it ended. */
function sleepChild(context: ProbeContext, seconds: number, exits: Array<Promise<string>>): Promise<string> {
  const child = spawn('sleep', [String(seconds)], { signal: context.signal });
  const exit = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  child.on('error', () => undefined); // the AbortError on kill is expected
  exits.push(exit);
  return exit;
}

describe('runProbe', () => {
  it('returns the probe value and an ok entry with its duration', async () => {
    const run = await runProbe('demo', async () => [1, 2, 3], { timeoutMs: 1000, empty: () => [] });
    expect(run.value).toEqual([1, 2, 3]);
    expect(run.health).toMatchObject({ probe: 'demo', ok: true });
    expect(run.health.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.health.error).toBeUndefined();
  });

  it('turns an asynchronous failure into empty facts and the error text', async () => {
    const run = await runProbe('broken', async () => {
      await execText('/nonexistent/binary', [], { signal: new AbortController().signal });
      return ['unreachable'];
    }, { timeoutMs: 1000, empty: () => [] });
    expect(run.value).toEqual([]);
    expect(run.health).toMatchObject({ probe: 'broken', ok: false, error: expect.stringContaining('ENOENT') });
    expect(run.health.timedOut).toBeUndefined();
  });

  it('turns a synchronous throw into a failed entry', async () => {
    const probe = (): Promise<string> => {
      throw new TypeError('bad state');
    };
    const run = await runProbe('sync', probe, { timeoutMs: 1000, empty: () => 'empty' });
    expect(run).toEqual({ value: 'empty', health: { probe: 'sync', ok: false, durationMs: expect.any(Number), error: 'bad state' } });
  });

  it('times out a slow probe, reports it, and kills the child process it started', async () => {
    const exits: Array<Promise<string>> = [];
    const started = performance.now();
    const run = await runProbe('slow', async (context) => {
      await sleepChild(context, 30, exits);
      return ['late'];
    }, { timeoutMs: 300, empty: () => [] });
    const elapsed = performance.now() - started;
    expect(run.value).toEqual([]);
    expect(run.health).toMatchObject({ probe: 'slow', ok: false, timedOut: true, error: 'timed out after 300 ms' });
    expect(run.health.durationMs).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5000);
    expect(await exits[0]).toBe('SIGTERM');
  });

  it('keeps the value of a probe that warned and reports the warning', async () => {
    const run = await runProbe('partial', async (context) => {
      context.warn('one source unreadable');
      return ['rest'];
    }, { timeoutMs: 1000, empty: () => [] });
    expect(run).toEqual({ value: ['rest'], health: { probe: 'partial', ok: true, durationMs: expect.any(Number), error: 'one source unreadable' } });
  });

  it('does not start a probe when no budget is left', async () => {
    let started = false;
    const run = await runProbe('late', async () => {
      started = true;
      return 1;
    }, { timeoutMs: 0, empty: () => 0 });
    expect(started).toBe(false);
    expect(run.health).toMatchObject({ ok: false, timedOut: true, durationMs: 0 });
  });
});

describe('scanProbes', () => {
  const host = async () => ({ hostname: 'h', osRelease: 'test', arch: 'x86_64' });
  const none = async () => [];

  it('completes within the scan budget when probes hang or throw, and every probe gets an entry', async () => {
    const exits: Array<Promise<string>> = [];
    const probes: ProbeSet = {
      host,
      processes: async (context) => {
        await sleepChild(context, 30, exits);
        return [];
      },
      interfaces: async () => {
        throw new Error('sysfs unreadable');
      },
      routes: async () => [{ destination: '0.0.0.0/0', gateway: '192.0.2.1', interface: 'eth0', metric: 0 }],
      neighbours: none,
      connections: async (context) => {
        await sleepChild(context, 30, exits);
        return [];
      },
      usbDevices: none,
      displays: none,
    };
    const started = performance.now();
    const facts = await scanProbes(probes, { platform: 'linux', probeTimeoutMs: 10_000, scanBudgetMs: 400 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(() => Facts.parse(facts)).not.toThrow();
    expect(facts.routes).toHaveLength(1);
    expect(facts.host.hostname).toBe('h');
    const health = Object.fromEntries(facts.probes.map((p) => [p.probe, p]));
    expect(Object.keys(health).slice(0, 8)).toEqual(['host', 'processes', 'interfaces', 'routes', 'neighbours', 'connections', 'usbDevices', 'displays']);
    // Parts this probe set does not provide are reported as not collected, never as empty and ok.
    expect(health.wifi).toEqual({ probe: 'wifi', ok: false, unsupported: true, durationMs: 0, error: 'not collected on linux yet' });
    expect(health.processes).toMatchObject({ ok: false, timedOut: true });
    expect(health.connections).toMatchObject({ ok: false, timedOut: true });
    expect(health.interfaces).toMatchObject({ ok: false, error: 'sysfs unreadable' });
    expect(health.routes?.ok).toBe(true);
    expect(await Promise.all(exits)).toEqual(['SIGTERM', 'SIGTERM']);
  });

  it('applies the per-probe timeout when it is shorter than the budget', async () => {
    const probes: ProbeSet = {
      host, processes: none, interfaces: none, routes: none, neighbours: none, connections: none, displays: none,
      usbDevices: async (context) => {
        await sleepChild(context, 30, []);
        return [];
      },
    };
    const facts = await scanProbes(probes, { platform: 'linux', probeTimeoutMs: 200, scanBudgetMs: 60_000 });
    expect(facts.probes.find((p) => p.probe === 'usbDevices')).toMatchObject({ ok: false, timedOut: true, error: 'timed out after 200 ms' });
  });
});
