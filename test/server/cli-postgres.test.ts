// farmwatch-server on PostgreSQL: FARMWATCH_DATABASE_URL names the database and, through the
// libpq `options` parameter, a throwaway schema as search_path.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withSearchPath } from '../../server/store/postgres/open.js';
import type { EnrollResponse } from '../../shared/index.js';
import { ADMIN_LINE, ENROLL_LINE, cliEnv, killRunningServers, run, startServer } from './cli-process.js';
import { call, enrollBody } from './collector.js';
import { finding, makeReport } from './fixtures.js';
import { TEST_DATABASE_URL, createSchema, describePostgres, dropSchemas, queryIn, testSchemaName } from './postgres.js';

describePostgres('farmwatch-server CLI on PostgreSQL', () => {
  const schema = testSchemaName();
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    await createSchema(schema);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-cli-pg-'));
    env = cliEnv(dataDir, { FARMWATCH_DATABASE_URL: withSearchPath(TEST_DATABASE_URL, schema) });
  });
  afterEach(killRunningServers);
  afterAll(async () => {
    await dropSchemas([schema]);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts, enrols an agent, stores its report and lists admin tokens, all in PostgreSQL', async () => {
    const server = await startServer(env);
    const [secret] = [...server.output().matchAll(ENROLL_LINE)].map((m) => m[1]!);
    expect([...server.output().matchAll(ADMIN_LINE)]).toHaveLength(1);

    const enrolled = await call(server.url, '/api/v1/enroll', { body: enrollBody(secret!) });
    expect(enrolled.status).toBe(201);
    const { agentId, agentToken } = enrolled.body as EnrollResponse;
    const report = makeReport(agentId, { findings: [finding('remote_access.process_running', 'high')] });
    const posted = await call(server.url, '/api/v1/reports', { token: agentToken, body: report });
    expect(posted.status).toBe(202);
    expect(await server.stop()).toBe(0);

    expect(await queryIn(schema, 'SELECT report_id, agent_id FROM reports')).toEqual([{ report_id: report.reportId, agent_id: agentId }]);
    expect(await queryIn(schema, 'SELECT signal, status FROM alerts')).toEqual([{ signal: 'remote_access.process_running', status: 'open' }]);
    expect(await fs.readdir(dataDir)).toEqual([]);

    const listed = await run(['admin-token'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/ admin .* active {2}\(first start\)$/m);
  });
});

describe('farmwatch-server CLI with an unreachable PostgreSQL', () => {
  it('exits 1 with one clear line and no password', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-cli-pg-down-'));
    try {
      const failed = await run([], cliEnv(dataDir, { FARMWATCH_DATABASE_URL: 'postgres://farmwatch:hunter2@127.0.0.1:1/farmwatch' }));
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^farmwatch-server: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/farmwatch: connect ECONNREFUSED/),
      ]);
      expect(failed.stderr).not.toContain('hunter2');
      expect(failed.stdout).not.toContain('shown once');
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
