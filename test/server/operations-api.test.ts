import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken, rotateAdminToken } from '../../server/auth/admin-tokens.js';
import { ApiErrorBody, Policy, type EnrollResponse } from '../../shared/index.js';
import { call, enrollAgent, enrollBody, startCollector, type TestCollector } from './collector.js';
import { finding, makeReport } from './fixtures.js';

let collector: TestCollector;
let viewer: string;
let analyst: string;
beforeAll(async () => {
  collector = await startCollector();
  viewer = (await issueAdminToken(collector.store, 'viewer', 'helpdesk')).token;
  analyst = (await issueAdminToken(collector.store, 'analyst', 'soc')).token;
});
afterAll(async () => {
  await collector.close();
});

const report = async (agent: EnrollResponse, body: unknown) =>
  expect((await call(collector.url, '/api/v1/reports', { body, token: agent.agentToken })).status).toBe(202);
const alertsOf = async (agentId: string) =>
  (await call(collector.url, `/api/v1/alerts?agentId=${agentId}`, { token: viewer })).body.alerts as Record<string, unknown>[];

describe('suppressions API', () => {
  it('lets analysts create rules that withhold matching alerts and count them; viewers may only read', async () => {
    const agent = await enrollAgent(collector);
    const rule = { agentId: agent.agentId, tool: 'anydesk', reason: 'IT support tool on this laptop' };
    expect((await call(collector.url, '/api/v1/suppressions', { body: rule, token: viewer })).status).toBe(403);
    const created = await call(collector.url, '/api/v1/suppressions', { body: rule, token: analyst });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...rule, signal: null, network: null, employeeId: null, expiresAt: null, suppressedCount: 0, createdBy: { role: 'analyst', label: 'soc' } });

    // AnyDesk is withheld; RustDesk in the same report still raises the alert, with only its own evidence.
    await report(agent, makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high', 'AnyDesk')] }));
    expect(await alertsOf(agent.agentId)).toEqual([]);
    await report(agent, makeReport(agent.agentId, {
      findings: [finding('remote_access.process_running', 'high', 'AnyDesk'), finding('remote_access.process_running', 'high', 'RustDesk')],
    }));
    const [alert] = await alertsOf(agent.agentId);
    expect((alert!.evidence as { subject: string }[]).map((e) => e.subject)).toEqual(['RustDesk']);

    const listed = await call(collector.url, '/api/v1/suppressions', { token: viewer });
    expect(listed.status).toBe(200);
    expect(listed.body.suppressions.find((s: { id: string }) => s.id === created.body.id)).toMatchObject({ suppressedCount: 2, lastSuppressedAt: expect.any(String) });

    expect((await call(collector.url, `/api/v1/suppressions/${created.body.id}`, { method: 'DELETE', token: viewer })).status).toBe(403);
    expect((await call(collector.url, `/api/v1/suppressions/${created.body.id}`, { method: 'DELETE', token: analyst })).status).toBe(204);
    expect((await call(collector.url, `/api/v1/suppressions/${created.body.id}`, { method: 'DELETE', token: analyst })).status).toBe(404);
    const audit = await call(collector.url, `/api/v1/audit?targetId=${created.body.id}`, { token: analyst });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['suppression.delete', 'suppression.create']);
  });

  it('matches the egress network by CIDR and the gateway by its MAC hash', async () => {
    const home = await enrollAgent(collector);
    const office = await enrollAgent(collector);
    const gateway = 'ab'.repeat(16);
    await call(collector.url, '/api/v1/suppressions', { body: { network: '127.0.0.0/8', signal: 'vpn.default_route_tunnel' }, token: analyst });
    await call(collector.url, '/api/v1/suppressions', { body: { network: gateway.toUpperCase(), signal: 'ip_kvm.usb_gadget' }, token: analyst });
    const withGateway = (agent: EnrollResponse, signal: string, gatewayMacHash?: string) => {
      const body = makeReport(agent.agentId, { findings: [finding(signal, 'high', 'dev')] });
      return { ...body, network: { ...body.network, ...(gatewayMacHash ? { gatewayMacHash } : {}) } };
    };
    await report(home, withGateway(home, 'vpn.default_route_tunnel'));
    await report(home, withGateway(home, 'ip_kvm.usb_gadget', gateway));
    await report(office, withGateway(office, 'ip_kvm.usb_gadget', 'cd'.repeat(16)));
    expect(await alertsOf(home.agentId)).toEqual([]);
    expect((await alertsOf(office.agentId)).map((a) => a.signal)).toEqual(['ip_kvm.usb_gadget']);
  });

  it("matches an employee through the inventory record of the device's serial", async () => {
    const csv = 'serial,hostname,employee_id,employee_name,city,country,latitude,longitude,work_mode\nSN-EMP-1,,E-700,Ann Lee,Austin,US,,,remote';
    expect((await call(collector.url, '/api/v1/inventory', { body: csv, token: collector.adminToken, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    await call(collector.url, '/api/v1/suppressions', { body: { employeeId: 'E-700', signal: 'vpn.client_running' }, token: analyst });
    const [ann, bob] = [await enrollAgent(collector), await enrollAgent(collector)];
    for (const [agent, serial] of [[ann, 'SN-EMP-1'], [bob, 'SN-EMP-2']] as const) {
      await report(agent, makeReport(agent.agentId, { serial, findings: [finding('vpn.client_running', 'high', 'Astrill')] }));
    }
    expect(await alertsOf(ann.agentId)).toEqual([]);
    expect((await alertsOf(bob.agentId)).map((a) => a.signal)).toEqual(['vpn.client_running']);
  });

  it('refuses rules without a criterion, with a bad network, or already expired', async () => {
    for (const [body, path] of [
      [{ reason: 'everything' }, '(root)'], [{ network: '10.0.0.0/33' }, 'network'], [{ network: 'home' }, 'network'],
      [{ tool: 'x', expiresAt: '2000-01-01T00:00:00Z' }, 'expiresAt'], [{ tool: 'x', colour: 'red' }, '(root)'],
    ] as const) {
      const response = await call(collector.url, '/api/v1/suppressions', { body, token: analyst });
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });
});

describe('policy management', () => {
  it('is for admins only', async () => {
    for (const token of [viewer, analyst]) {
      expect((await call(collector.url, '/api/v1/admin/policy', { token })).status).toBe(403);
      expect((await call(collector.url, '/api/v1/admin/policy', { method: 'PUT', body: { schemaVersion: 1 }, token })).status).toBe(403);
    }
  });

  it('stores a validated policy that agents then receive under a new ETag, and audits it', async () => {
    const agent = await enrollAgent(collector);
    const before = await call(collector.url, '/api/v1/policy', { token: agent.agentToken });
    const etag = before.headers.get('etag')!;

    const read = await call(collector.url, '/api/v1/admin/policy', { token: collector.adminToken });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(etag);

    const wanted = { schemaVersion: 1, scan: { cron: '*/30 * * * *', splaySeconds: 60 }, vpn: { allowed: true } };
    const put = await call(collector.url, '/api/v1/admin/policy', { method: 'PUT', body: wanted, token: collector.adminToken, headers: { 'if-match': etag } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(Policy.parse(wanted));

    const after = await call(collector.url, '/api/v1/policy', { token: agent.agentToken, headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.body.scan).toMatchObject({ cron: '*/30 * * * *', splaySeconds: 60 });
    expect(after.headers.get('etag')).toBe(put.headers.get('etag'));
    expect(after.headers.get('etag')).not.toBe(etag);

    // A stale If-Match loses nothing: 409, and the stored policy stays.
    const stale = await call(collector.url, '/api/v1/admin/policy', { method: 'PUT', body: { schemaVersion: 1 }, token: collector.adminToken, headers: { 'if-match': etag } });
    expect(stale.status).toBe(409);
    const audit = await call(collector.url, '/api/v1/audit?action=policy.update', { token: collector.adminToken });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({ before: null, after: { scan: { cron: '*/30 * * * *' } } });
  });

  it('refuses an invalid policy naming the field', async () => {
    for (const [body, path] of [
      [{ schemaVersion: 1, scan: { cron: 'every hour' } }, 'scan.cron'], [{ schemaVersion: 1, scan: { cron: '61 * * * *' } }, 'scan.cron'],
      [{ schemaVersion: 1, scan: { splaySeconds: -1 } }, 'scan.splaySeconds'], [{ schemaVersion: 2 }, 'schemaVersion'],
    ] as const) {
      const response = await call(collector.url, '/api/v1/admin/policy', { method: 'PUT', body, token: collector.adminToken });
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });
});

describe('admin tokens API', () => {
  it('mints, lists and revokes tokens with roles enforced, for admins only', async () => {
    for (const token of [viewer, analyst]) {
      expect((await call(collector.url, '/api/v1/tokens', { token })).status).toBe(403);
      expect((await call(collector.url, '/api/v1/tokens', { body: { role: 'admin' }, token })).status).toBe(403);
    }
    const minted = await call(collector.url, '/api/v1/tokens', { body: { role: 'analyst', label: 'night shift' }, token: collector.adminToken });
    expect(minted.status).toBe(201);
    expect(minted.body.secret).toMatch(/^fwt_[A-Za-z0-9_-]{43}$/);
    expect(minted.body.token).toMatchObject({ role: 'analyst', label: 'night shift', revokedAt: null });

    const nightShift = minted.body.secret as string;
    expect((await call(collector.url, '/api/v1/alerts', { token: nightShift })).status).toBe(200);
    expect((await call(collector.url, '/api/v1/tokens', { token: nightShift })).status).toBe(403);

    const listed = await call(collector.url, '/api/v1/tokens', { token: collector.adminToken });
    expect(listed.body.tokens.map((t: { label: string }) => t.label)).toEqual(expect.arrayContaining(['night shift', 'helpdesk', 'soc']));
    expect(JSON.stringify(listed.body)).not.toContain('fwt_');

    const revoked = await call(collector.url, `/api/v1/tokens/${minted.body.token.id}`, { method: 'DELETE', token: collector.adminToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revokedAt).toEqual(expect.any(String));
    expect((await call(collector.url, '/api/v1/alerts', { token: nightShift })).status).toBe(401);
    expect((await call(collector.url, `/api/v1/tokens/${minted.body.token.id}`, { method: 'DELETE', token: collector.adminToken })).status).toBe(409);
    const audit = await call(collector.url, `/api/v1/audit?targetType=token&targetId=${minted.body.token.id}`, { token: collector.adminToken });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['token.revoke', 'token.create']);
    expect(JSON.stringify(audit.body)).not.toContain(nightShift);
  });

  it('refuses to revoke the last admin token', async () => {
    const { tokens } = (await call(collector.url, '/api/v1/tokens', { token: collector.adminToken })).body;
    const admins = tokens.filter((t: { role: string; revokedAt: string | null }) => t.role === 'admin' && t.revokedAt === null);
    expect(admins).toHaveLength(1);
    const response = await call(collector.url, `/api/v1/tokens/${admins[0].id}`, { method: 'DELETE', token: collector.adminToken });
    expect(response.status).toBe(409);
    expect(ApiErrorBody.parse(response.body).error.message).toMatch(/last active admin token/);
  });
});

describe('agent clones', () => {
  it('raises one agent_clone alert when two enrolments with the same serial both report', async () => {
    const enrol = async (serial: string) => {
      const response = await call(collector.url, '/api/v1/enroll', { body: enrollBody(collector.enrollSecret, { serial }) });
      return response.body as EnrollResponse;
    };
    const original = await enrol('PF-CLONE-1');
    const copy = await enrol('PF-CLONE-1');
    const withSerial = (agent: EnrollResponse) => {
      const body = makeReport(agent.agentId, { serial: 'PF-CLONE-1' });
      return { ...body, host: { ...body.host, hardwareUuid: undefined } };
    };
    // Other tests' devices share the fixture's hardware UUID; this test's pair shares only its serial.
    const clones = async () => ((await call(collector.url, '/api/v1/alerts?type=agent_clone', { token: viewer })).body.alerts as { dedupKey: string }[])
      .filter((a) => a.dedupKey === 'hardware:serial:PF-CLONE-1');
    await report(original, withSerial(original));
    expect(await clones()).toEqual([]);

    await report(copy, withSerial(copy));
    await report(original, withSerial(original));
    const [clone, ...more] = await clones();
    expect(more).toEqual([]);
    expect(clone).toMatchObject({
      signal: 'agent_health.clone', category: 'agent_health', severity: 'high', agentId: null, dedupKey: 'hardware:serial:PF-CLONE-1',
      count: 2, summary: '2 agents report the same serial PF-CLONE-1',
    });
    expect([...(clone as unknown as { agentIds: string[] }).agentIds].sort()).toEqual([original.agentId, copy.agentId].sort());
  });
});

describe('OpenAPI document', () => {
  it('needs an admin token of any role', async () => {
    expect((await call(collector.url, '/api/v1/openapi.json')).status).toBe(401);
    const response = await call(collector.url, '/api/v1/openapi.json', { token: viewer });
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
  });
});

describe('token rotation from the command line', () => {
  it('is audited with the command as the actor', async () => {
    const rotated = await rotateAdminToken(collector.store, 'analyst');
    expect((await call(collector.url, '/api/v1/audit', { token: analyst })).status).toBe(401);
    const audit = await call(collector.url, '/api/v1/audit?action=token.rotate', { token: rotated.token });
    expect(audit.body.entries).toEqual([expect.objectContaining({
      actor: { kind: 'system', job: 'admin-token --rotate' }, targetId: rotated.id, before: { role: 'analyst', activeTokensRevoked: 1 },
    })]);
  });
});
