// Leader election of the periodic jobs on a real PostgreSQL: two job runners (as two collector
// processes would have) on one schema; exactly one leads, and the other takes over when it stops
// or its connection dies.
import { pino } from 'pino';
import { afterAll, afterEach, expect, it } from 'vitest';
import { PostgresLeaderLock } from '../../server/jobs/leader.js';
import { JobRunner, type Job } from '../../server/jobs/runner.js';
import { TEST_DATABASE_URL, createSchema, describePostgres, dropSchemas, postgresUnavailable, queryIn, testSchemaName } from './postgres.js';

const schemas: string[] = [];
const runners: JobRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  if (postgresUnavailable === undefined) await dropSchemas(schemas);
});

async function freshSchema(): Promise<string> {
  const schema = testSchemaName();
  schemas.push(schema);
  await createSchema(schema);
  return schema;
}

/** A runner whose one job records which runner ran it. */
function runner(schema: string, name: string, log: string[]): JobRunner {
  const job: Job = { name: 'record', run: async () => log.push(name) };
  const created = new JobRunner({
    jobs: [job], leader: new PostgresLeaderLock(TEST_DATABASE_URL, { schema }), intervalMs: 60_000, logger: pino({ level: 'silent' }),
  });
  runners.push(created);
  return created;
}

describePostgres('job leader election on PostgreSQL', () => {
  it('lets exactly one of two runners lead, and the other take over when the leader stops', async () => {
    const schema = await freshSchema();
    const ran: string[] = [];
    const [a, b] = [runner(schema, 'a', ran), runner(schema, 'b', ran)];
    const first = await Promise.all([a.tick(), b.tick()]);
    expect(first.filter((t) => t.leading)).toHaveLength(1);
    const [leader, follower] = a.isLeader ? [a, b] : [b, a];
    const leaderName = leader === a ? 'a' : 'b';

    // Leadership is kept across rounds, and only the leader runs jobs.
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(new Set(ran)).toEqual(new Set([leaderName]));
    expect(leader.isLeader).toBe(true);
    expect(follower.isLeader).toBe(false);

    await leader.stop();
    expect((await follower.tick()).leading).toBe(true);
    expect(ran.at(-1)).toBe(leaderName === 'a' ? 'b' : 'a');
  });

  it('moves leadership when the leader loses its database connection', async () => {
    const schema = await freshSchema();
    const ran: string[] = [];
    const [a, b] = [runner(schema, 'a', ran), runner(schema, 'b', ran)];
    await a.tick();
    await b.tick();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);

    // Kill the session holding this schema's leader lock, as a crash or network cut would.
    await queryIn(schema, `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objid = (hashtextextended('farmwatch jobs leader ' || current_schema(), 0) & 4294967295)::oid
        AND l.classid = ((hashtextextended('farmwatch jobs leader ' || current_schema(), 0) >> 32) & 4294967295)::oid`);
    // pg_terminate_backend only signals the backend: its lock is released a moment later, so the
    // follower takes over on one of its next ticks (as it would on its job interval).
    await expect.poll(async () => (await b.tick()).leading, { timeout: 10_000, interval: 50 }).toBe(true);
    expect((await a.tick()).leading).toBe(false);
    expect(ran.at(-1)).toBe('b');
  });

  it('keeps the leaders of different schemas (installs) apart', async () => {
    const ran: string[] = [];
    const [a, b] = [runner(await freshSchema(), 'a', ran), runner(await freshSchema(), 'b', ran)];
    expect((await Promise.all([a.tick(), b.tick()])).map((t) => t.leading)).toEqual([true, true]);
  });
});
