// The farmwatch-agent commands (loaded by cli.ts): scan this laptop, enrol with a collector, run
// as a service, show status. stdout carries command output only (tables, `--json`); logs go to stderr.
import { Command, Option } from 'commander';
import { evaluateCompliance, formatCompliance } from './detect/compliance.js';
import { AGENT_ERRORS, AgentError, agentError, describeError } from './errors.js';
import { loadConfig, type AgentConfig } from './config/index.js';
import { createLogger, LOG_LEVELS, type LogLevel, type Logger } from './log.js';
import { findingsTable } from './report/findings-table.js';
import { loadCredential } from './runtime/credential.js';
import { enroll } from './runtime/enroll.js';
import { readEnrollmentFile } from './runtime/enrollment-file.js';
import { dumpFactsFile } from './runtime/facts-file.js';
import { resolveIdentity } from './runtime/identity.js';
import { loadCachedPolicy } from './runtime/policy.js';
import { networkOptions } from './runtime/network-options.js';
import { performScan, probeFacts, recordedFacts } from './runtime/scan.js';
import { readSpoolSummary } from './runtime/spool.js';
import { resolveStateDir, statePaths } from './runtime/state.js';
import { collectStatus, formatBytes, formatStatus } from './runtime/status.js';
import { AGENT_VERSION } from './version.js';

interface GlobalOptions {
  stateDir?: string;
  config?: string;
  logLevel?: LogLevel;
}

interface Context {
  stateDir: string;
  config: AgentConfig;
  log: Logger;
}

const program = new Command('farmwatch-agent')
  .description('FarmWatch agent: looks for laptop-farm signals (remote control, IP-KVMs, VPNs, co-location) on this laptop and reports them to the collector.')
  .version(AGENT_VERSION)
  .addOption(new Option('--state-dir <dir>', 'state directory (credential, spool, policy cache); default per OS and privilege').env('FARMWATCH_AGENT_STATE_DIR'))
  .addOption(new Option('--config <file>', 'JSON config file (default: <state-dir>/agent.json when present)').env('FARMWATCH_AGENT_CONFIG'))
  .addOption(new Option('--log-level <level>', 'log level (logs go to stderr)').choices(LOG_LEVELS))
  .showHelpAfterError()
  .addHelpText('after', exitCodeHelp());

function exitCodeHelp(): string {
  const byCode = new Map<number, string[]>();
  for (const [name, { exitCode }] of Object.entries(AGENT_ERRORS)) byCode.set(exitCode, [...(byCode.get(exitCode) ?? []), name]);
  const lines = [...byCode].map(([code, names]) => `  ${String(code).padStart(2)}  ${names.join(', ')}`);
  return `\nExit codes:\n   0  success (a scan that finds something still succeeds)\n${lines.join('\n')}\n`;
}

let contextPromise: Promise<Context> | undefined;
function context(): Promise<Context> {
  contextPromise ??= (async () => {
    const options = program.opts<GlobalOptions>();
    const stateDir = resolveStateDir(options.stateDir);
    const loaded = await loadConfig({ file: options.config ?? statePaths(stateDir).config, required: options.config !== undefined });
    const config = options.logLevel ? { ...loaded.config, logLevel: options.logLevel } : loaded.config;
    const log = await createLogger(config.logLevel);
    for (const variable of loaded.unknownEnv) log.warn({ variable }, 'unknown FARMWATCH_AGENT_ variable ignored');
    log.debug({ stateDir, configFile: loaded.file }, 'agent context');
    return { stateDir, config, log };
  })();
  return contextPromise;
}

function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      fail(error);
    }
  };
}

function fail(error: unknown): void {
  if (error instanceof AgentError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  const verbose = ['debug', 'trace'].includes(program.opts<GlobalOptions>().logLevel ?? '');
  process.stderr.write(`error: ${agentError('INTERNAL', describeError(error)).message}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = AGENT_ERRORS.INTERNAL.exitCode;
}

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** SIGTERM/SIGINT abort the work under way; a second signal exits at once. */
function stopSignal(log: Logger): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log.warn({ signal: name }, 'second signal: exiting now; the spool keeps every report not yet accepted');
      process.exit(130);
    }
    log.info({ signal: name }, 'stopping');
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}

program
  .command('scan')
  .description('Scan this laptop now and print the findings. Sends nothing.')
  .option('--json', 'print the full report (what `run` would send) as JSON')
  .option('--compliance', 'print pass/fail against the current policy; exit 9 when the device fails (MDM compliance scripts)')
  .addOption(new Option('--facts <file>', 'replay a recorded facts file instead of probing this laptop').conflicts('root'))
  .option('--dump-facts <file>', 'also write the collected facts as JSON to FILE (they contain raw MACs: keep them private)')
  .option('--root <dir>', 'Linux only: read /sys and /proc under DIR instead of / (images, tests)')
  .action(
    action(async (options: { json?: boolean; compliance?: boolean; facts?: string; dumpFacts?: string; root?: string }) => {
      const { stateDir, config, log } = await context();
      const credential = await loadCredential(stateDir);
      const identity = await resolveIdentity(stateDir, credential, log);
      const policy = await loadCachedPolicy(stateDir, log);
      const spoolEvicted = (await readSpoolSummary(stateDir, log)).stats.pendingEvicted;
      const probeTimeoutMs = policy.source === 'default' ? config.probeTimeoutMs : policy.policy.scan.probeTimeoutMs;
      // A --root tree is another machine's: no live RTT or beacon next to it.
      const network = options.root === undefined ? networkOptions(policy.policy, credential) : undefined;
      const { facts, report } = await performScan({
        facts: options.facts ? recordedFacts(options.facts) : probeFacts({ root: options.root, probeTimeoutMs, scanBudgetMs: config.scanBudgetMs, network }),
        policy: policy.policy,
        identity,
        spoolEvicted,
        stateDir: options.facts ? undefined : stateDir,
        log,
      });
      if (options.dumpFacts) await dumpFactsFile(options.dumpFacts, facts);
      if (options.compliance) {
        const verdict = evaluateCompliance(report.findings, policy.policy, report.probes);
        print(options.json ? JSON.stringify({ ...verdict, policy: policy.source, scannedAt: report.scan.finishedAt }, null, 2) : formatCompliance(verdict));
        const failed = verdict.rules.filter((r) => r.status === 'fail').map((r) => r.rule);
        const unknown = verdict.rules.filter((r) => r.status === 'unknown').map((r) => r.rule);
        if (!verdict.compliant) throw agentError('NOT_COMPLIANT', [failed.length ? `failed ${failed.join(', ')}` : '', unknown.length ? `could not check ${unknown.join(', ')}` : ''].filter(Boolean).join('; '));
        return;
      }
      if (options.json) {
        print(JSON.stringify(report, null, 2));
        return;
      }
      const failed = report.probes.filter((p) => !p.ok);
      const lines = [
        `Scanned ${report.host.hostname} (${report.host.platform}${options.facts ? `, recorded facts from ${options.facts}` : ''}) in ${report.scan.durationMs} ms with the ${policy.source} policy.`,
        '',
        findingsTable(report.findings),
      ];
      if (failed.length) lines.push('', `Probes that failed: ${failed.map((p) => `${p.probe}${p.timedOut ? ' (timed out)' : p.error ? ` (${p.error})` : ''}`).join(', ')}`);
      if (identity.kind !== 'enrolled') {
        lines.push(
          '',
          identity.kind === 'local'
            ? `Not enrolled: network identifiers were hashed with a random local key (${statePaths(stateDir).localIdentity}); they will not match the fleet's until this agent is enrolled.`
            : 'Not enrolled, and the state directory is not writable: network identifiers were hashed with a one-off random key.',
        );
      }
      if (options.dumpFacts) lines.push('', `Facts written to ${options.dumpFacts}.`);
      print(lines.join('\n'));
    }),
  );

program
  .command('enroll')
  .description('Enrol this agent with a collector and store its credential in the state directory.')
  .addOption(new Option('--server <url>', 'collector URL, e.g. https://farmwatch.example.com').env('FARMWATCH_AGENT_SERVER'))
  .addOption(new Option('--secret <secret>', 'enrol secret (prefer the variable: arguments are visible to other users)').env('FARMWATCH_AGENT_ENROLL_SECRET'))
  .option('--enrollment-file <file>', 'JSON {"serverUrl", "enrollSecret"} (0600) for what --server/--secret leave unset, e.g. /etc/farmwatch/agent.json')
  .option('--force', 'enrol again as a new agent, replacing the stored credential')
  .addOption(new Option('--if-not-enrolled', 'succeed without contacting the collector when already enrolled (installers, upgrades)').conflicts('force'))
  .action(
    action(async (options: { server?: string; secret?: string; enrollmentFile?: string; force?: boolean; ifNotEnrolled?: boolean }) => {
      const { stateDir, config, log } = await context();
      const existing = options.ifNotEnrolled ? await loadCredential(stateDir) : undefined;
      if (existing) {
        print(`Already enrolled with ${existing.serverUrl} as agent ${existing.agentId}; nothing to do.`);
        return;
      }
      const fromFile = options.enrollmentFile ? await readEnrollmentFile(options.enrollmentFile) : {};
      const serverUrl = options.server ?? fromFile.serverUrl;
      const secret = options.secret ?? fromFile.enrollSecret;
      if (!serverUrl) throw agentError('INVALID_INPUT', 'no collector URL: pass --server, set FARMWATCH_AGENT_SERVER or give serverUrl in --enrollment-file');
      if (!secret) throw agentError('INVALID_INPUT', 'no enrol secret: pass --secret, set FARMWATCH_AGENT_ENROLL_SECRET or give enrollSecret in --enrollment-file');
      const { credential, file } = await enroll({ serverUrl, secret, force: options.force, stateDir, config, log, signal: stopSignal(log) });
      print(`Enrolled with ${credential.serverUrl} as agent ${credential.agentId}.\nCredential stored in ${file}.`);
    }),
  );

program
  .command('run')
  .description('Run as a service: scan on the policy schedule and deliver reports (queued on disk while the collector is away).')
  .option('--once', 'scan once, deliver that report and any queued ones, then exit (2 when some stay queued)')
  .addOption(new Option('--facts <file>', 'scan recorded facts instead of probing this laptop (testing)').conflicts('root'))
  .option('--root <dir>', 'Linux only: read /sys and /proc under DIR instead of /')
  .action(
    action(async (options: { once?: boolean; facts?: string; root?: string }) => {
      const { stateDir, config, log } = await context();
      const signal = stopSignal(log);
      const serviceOptions = { stateDir, config, log, signal, root: options.root, facts: options.facts ? recordedFacts(options.facts) : undefined };
      // Loaded here: the scheduler's cron libraries cost every other command startup time.
      const { runOnce, runService } = await import('./runtime/service.js');
      if (!options.once) {
        await runService(serviceOptions);
        return;
      }
      const summary = await runOnce(serviceOptions);
      const problems: string[] = [];
      if (summary.remaining > 0) {
        problems.push(`${summary.remaining} report${summary.remaining === 1 ? '' : 's'} (${formatBytes(summary.remainingBytes)}) stay queued in ${statePaths(stateDir).spool}: ${summary.stopReason ?? 'delivery stopped'}`);
      }
      if (summary.rejected > 0) {
        problems.push(`${summary.rejected} report${summary.rejected === 1 ? ' was' : 's were'} rejected by the collector and kept in ${statePaths(stateDir).rejected}`);
      }
      print(`Delivered ${summary.delivered} report${summary.delivered === 1 ? '' : 's'}.`);
      if (problems.length) throw agentError('DELIVERY_INCOMPLETE', problems.join('; '));
    }),
  );

program
  .command('status')
  .description('Show enrolment, the last scan, queued reports and whether the collector answers.')
  .option('--json', 'print the status as JSON')
  .action(
    action(async (options: { json?: boolean }) => {
      const { stateDir, config, log } = await context();
      const status = await collectStatus({ stateDir, config, log });
      print(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    }),
  );

// Not a top-level await: the single-file executable runs this bundle as CommonJS.
program.parseAsync(process.argv).catch(fail);
