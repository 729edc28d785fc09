// `run`: the service. Each cycle re-reads the policy, scans, queues the report in the spool and
// delivers everything queued. Between scans, queued reports are retried periodically. Collector
// outages only delay delivery; SIGTERM stops between steps and the spool keeps what was not sent.
import { DEFAULT_POLICY } from '../../shared/index.js';
import type { AgentConfig } from '../config/index.js';
import type { Logger } from '../log.js';
import { requireCredential, type Credential } from './credential.js';
import { reportSender } from './delivery.js';
import { BeaconService } from './beacon-service.js';
import { networkOptions } from './network-options.js';
import { loadCachedPolicy, refreshPolicy, type PolicyState } from './policy.js';
import { performScan, probeFacts, readLastScan, type FactsSource } from './scan.js';
import { ScanScheduler } from './scheduler.js';
import { Spool, type DeliverySummary } from './spool.js';
import { Transport } from './transport.js';
import type { ScanWindow } from './scan-window.js';

const sameWindow = (a: ScanWindow | undefined, b: ScanWindow | undefined): boolean => a?.start === b?.start && a?.end === b?.end;

export interface ServiceOptions {
  stateDir: string;
  config: AgentConfig;
  log: Logger;
  /** Aborted on SIGTERM/SIGINT. */
  signal: AbortSignal;
  /** Replaces the probes (recorded facts); the default probes this machine. */
  facts?: FactsSource;
  root?: string;
  random?: () => number;
}

interface Runtime {
  credential: Credential;
  transport: Transport;
  spool: Spool;
  policy: PolicyState;
}

async function prepare(options: ServiceOptions): Promise<Runtime> {
  const { stateDir, config, log, signal, random } = options;
  const credential = await requireCredential(stateDir);
  const transport = await Transport.create({ serverUrl: credential.serverUrl, token: credential.agentToken, config, log, signal, random });
  const spool = await Spool.open({ stateDir, maxBytes: config.spoolMaxBytes, maxReports: config.spoolMaxReports, log });
  return { credential, transport, spool, policy: await loadCachedPolicy(stateDir, log) };
}

/** A policy from the collector decides the probe timeout; otherwise the local config does. */
function factsSource(runtime: Runtime, options: ServiceOptions): FactsSource {
  if (options.facts) return options.facts;
  const { config } = options;
  const probeTimeoutMs = runtime.policy.source === 'default' ? config.probeTimeoutMs : runtime.policy.policy.scan.probeTimeoutMs;
  const network = options.root === undefined ? networkOptions(runtime.policy.policy, runtime.credential) : undefined;
  return probeFacts({ root: options.root, probeTimeoutMs, scanBudgetMs: config.scanBudgetMs, network });
}

async function scanAndQueue(runtime: Runtime, options: ServiceOptions): Promise<void> {
  const { credential, spool, policy } = runtime;
  const pending = (await spool.readStats()).pendingEvicted;
  const { report } = await performScan({
    facts: factsSource(runtime, options),
    policy: policy.policy,
    identity: credential,
    spoolEvicted: pending,
    stateDir: options.stateDir,
    log: options.log,
  });
  await spool.enqueue(report);
}

async function deliverQueued(runtime: Runtime, options: ServiceOptions): Promise<DeliverySummary> {
  const summary = await runtime.spool.deliver(reportSender(runtime.transport, options.log), options.signal);
  const { log } = options;
  if (summary.remaining > 0) {
    log.warn({ ...summary }, 'delivery incomplete; reports stay queued for the next attempt');
  } else if (summary.delivered > 0 || summary.rejected > 0) {
    log.info({ ...summary }, 'spool delivered');
  }
  return summary;
}

/** `run --once`: one scan, then deliver it and whatever was queued before. */
export async function runOnce(options: ServiceOptions): Promise<DeliverySummary> {
  const runtime = await prepare(options);
  runtime.policy = await refreshPolicy(runtime.transport, options.stateDir, runtime.policy, options.log);
  let scanError: unknown;
  try {
    await scanAndQueue(runtime, options);
  } catch (error) {
    scanError = error;
  }
  const summary = await deliverQueued(runtime, options);
  if (scanError) throw scanError;
  return summary;
}

/** The long-running service; resolves after `signal` aborts and the current step has finished. */
export async function runService(options: ServiceOptions): Promise<void> {
  const { log, signal, config } = options;
  const runtime = await prepare(options);
  runtime.policy = await refreshPolicy(runtime.transport, options.stateDir, runtime.policy, log);
  const lastScan = await readLastScan(options.stateDir);
  // Between scans, answer other agents' LAN beacons so their scans hear this laptop.
  const beacon = new BeaconService(log);
  await beacon.update(runtime.policy.policy, runtime.credential);

  const scheduler = new ScanScheduler({
    cron: runtime.policy.policy.scan.cron,
    splaySeconds: runtime.policy.policy.scan.splaySeconds,
    window: runtime.policy.policy.scan.window,
    lastScanAt: lastScan ? new Date(lastScan.startedAt) : undefined,
    random: options.random,
    log,
    task: async () => {
      runtime.policy = await refreshPolicy(runtime.transport, options.stateDir, runtime.policy, log);
      const { cron, splaySeconds, window } = runtime.policy.policy.scan;
      if (cron !== scheduler.cron || splaySeconds !== scheduler.splay || !sameWindow(window, scheduler.window)) scheduler.reschedule(cron, splaySeconds, window);
      if (signal.aborted) return;
      await beacon.update(runtime.policy.policy, runtime.credential);
      await scanAndQueue(runtime, options);
      if (!signal.aborted) await deliverQueued(runtime, options);
    },
  });
  if (!scheduler.start()) {
    // An unusable cron in the policy: fall back to the default one (start() then also catches up).
    if (!scheduler.reschedule(DEFAULT_POLICY.scan.cron, DEFAULT_POLICY.scan.splaySeconds, scheduler.window)) throw new Error('cannot schedule scans even with the default cron');
    scheduler.start();
  }

  const deliverInBackground = () => {
    void (async () => {
      if (signal.aborted || (await runtime.spool.entries()).length === 0) return;
      await deliverQueued(runtime, options);
    })().catch((error: unknown) => log.error({ err: error }, 'delivery of queued reports failed'));
  };
  const redeliver = setInterval(deliverInBackground, config.redeliverIntervalMs);

  log.info({ agentId: runtime.credential.agentId, serverUrl: runtime.credential.serverUrl, policy: runtime.policy.source }, 'agent service started');
  if (!lastScan) void scheduler.runNow();
  else deliverInBackground();

  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log.info('stopping: finishing the step under way');
  clearInterval(redeliver);
  await scheduler.stop();
  await beacon.close();
  await runtime.spool.idle(); // a redelivery in flight
  log.info('agent service stopped');
}
