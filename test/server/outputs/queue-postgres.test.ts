// The durable delivery queue and the output store on a real PostgreSQL server, each test in a
// fresh schema.
import { afterAll, expect, it } from 'vitest';
import { OutputConfig } from '../../../server/outputs/types.js';
import type { OutputsChange } from '../../../server/store/output-store.js';
import { openPostgresStore } from '../../../server/store/postgres/open.js';
import { TEST_DATABASE_URL, describePostgres, dropSchemas, postgresUnavailable, testSchemaName } from '../postgres.js';
import { deliveryQueueSuite } from './delivery-queue-suite.js';
import { eventually } from './receivers.js';
import { runOutputStoreSuite } from './store-outputs-suite.js';

const T = '2026-11-22T10:00:00.000Z';

const schemas = new Set<string>();
const fresh = () => {
  const schema = testSchemaName();
  schemas.add(schema);
  return openPostgresStore(TEST_DATABASE_URL, { schema });
};

afterAll(async () => {
  if (postgresUnavailable === undefined) await dropSchemas(schemas);
});

describePostgres('PostgreSQL outputs', () => {
  deliveryQueueSuite('postgres', async () => {
    const store = await fresh();
    return { queue: store, close: () => store.close() };
  });
  runOutputStoreSuite('postgres', fresh);
});

describePostgres('PostgreSQL outputs across collectors', () => {
  it('tells a collector watching its own pool about outputs and deliveries another collector committed', async () => {
    const schema = testSchemaName();
    schemas.add(schema);
    const leader = await openPostgresStore(TEST_DATABASE_URL, { schema });
    const other = await openPostgresStore(TEST_DATABASE_URL, { schema });
    const changes: OutputsChange[] = [];
    const stop = await leader.watchOutputs((change) => changes.push(change));
    try {
      const admin = { kind: 'admin', tokenId: 't', label: null, role: 'admin' } as const;
      await other.createOutput(OutputConfig.parse({ id: 'hook', name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/', secret: 'a-secret-of-16-chars' }), admin, T);
      await eventually(() => changes.includes('outputs'));
      await other.raiseAlert({
        dedupKey: 'x', type: 'agent_silent', agentId: null, agentIds: [], signal: 'agent_health.silent', category: 'agent_health',
        severity: 'medium', score: 50, summary: 'silent', reasons: [], evidence: [], firstSeen: T, lastSeen: T, count: 1,
      });
      await eventually(() => changes.includes('deliveries'));
      expect((await leader.nextDue('2100-01-01T00:00:00.000Z', 10)).map((d) => d.outputId)).toEqual(['hook']);
    } finally {
      await stop();
      await leader.close();
      await other.close();
    }
  });
});
