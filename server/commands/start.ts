// `farmwatch-server start`: initialise the install if needed, listen, and stop cleanly on signals.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../app.js';
import { ensureFirstAdminUser } from '../auth/users.js';
import { initialiseInstall } from '../bootstrap.js';
import { prepareGeoIp } from '../geoip/geoip.js';
import { loadServerConfig, type ServerConfig } from '../config.js';
import { correlationJob } from '../farm/correlation-job.js';
import { collectorJobs } from '../jobs/collector-jobs.js';
import { AlwaysLeader, PostgresLeaderLock } from '../jobs/leader.js';
import { JobRunner } from '../jobs/runner.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface Output {
  write(text: string): unknown;
}

export function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export async function startCommand(env: NodeJS.ProcessEnv = process.env, out: Output = process.stdout): Promise<void> {
  const config = loadServerConfig(env);
  const logger = createLogger(config.logLevel);
  const store = await openStore(config, logger);
  let app: FastifyInstance | undefined;
  // Set once the jobs start (after listening); until then this collector does not lead.
  const leadership: { jobs?: JobRunner } = {};
  try {
    const generated = await initialiseInstall(store, config, logger);
    // Shown before listening so a failed start cannot lose them.
    if (generated.enrollSecret) out.write(`Enrol secret (shown once): ${generated.enrollSecret}\n`);
    if (generated.adminToken) out.write(`Admin token (shown once): ${generated.adminToken}\n`);
    const adminPassword = await ensureFirstAdminUser(store);
    if (adminPassword) out.write(`Console sign-in (shown once): user admin, password ${adminPassword}\n`);
    if (generated.enrollSecret || generated.adminToken || adminPassword) {
      out.write('Store these now: the collector keeps only their hashes. A lost admin token is replaced with `farmwatch-server admin-token --rotate`.\n');
    }
    // Farm alerts are raised by the job leader only; every collector keeps its own engine for the clusters API.
    app = await buildApp({ config, store, logger, leading: () => leadership.jobs?.isLeader ?? false });
    await prepareGeoIp(config, (error) => logger.error({ err: error }, 'GeoIP databases failed to load; reports are stored without GeoIP'));
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close();
    await store.close();
    throw error;
  }
  out.write(`FarmWatch collector listening on ${listeningUrl(app)}\n`);
  const jobs = startJobs(config, store, logger, app);
  leadership.jobs = jobs;
  stopOnSignals(app, store, logger, jobs);
}

/** Periodic jobs; with PostgreSQL only the collector holding the leader lock runs them. */
function startJobs(config: ServerConfig, store: Store, logger: Logger, app: FastifyInstance): JobRunner {
  const leader = config.databaseUrl === undefined
    ? new AlwaysLeader()
    : new PostgresLeaderLock(config.databaseUrl, { onError: (error) => logger.warn({ err: error }, 'job leader lock connection failed') });
  const runner = new JobRunner({ jobs: [...collectorJobs(store, config), correlationJob(app.correlation)], leader, intervalMs: config.jobIntervalSeconds * 1000, logger });
  runner.start();
  return runner;
}

function stopOnSignals(app: FastifyInstance, store: Store, logger: Logger, jobs: JobRunner): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // In-flight requests finish first; the store closes only after the server stopped using it.
    Promise.all([app.close(), jobs.stop()])
      .then(() => store.close())
      .then(() => logger.info('stopped'))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
