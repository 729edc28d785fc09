// Inventory import (CSV and JSON), device matching and office networks over HTTP, against a
// real collector on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../server/auth/admin-tokens.js';
import { call, enrollAgent, enrollBody, startCollector, type TestCollector } from './collector.js';

const HEADER = 'serial,hostname,employee_id,employee_name,city,country,latitude,longitude,work_mode';
const CSV = [HEADER, 'SN-0017,,E-100,"Doe, Jane",New York,US,40.7128,-74.0060,remote', ',desk-42,E-101,John Roe,Berlin,DE,,,office'].join('\n');
const csv = (body: string) => ({ body, headers: { 'content-type': 'text/csv; charset=utf-8' } });

let collector: TestCollector;
beforeEach(async () => {
  collector = await startCollector();
});
afterEach(async () => {
  await collector.close();
});

describe('POST /api/v1/inventory', () => {
  it('imports CSV and lists it paged', async () => {
    const imported = await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, ...csv(CSV) });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ imported: 2, inserted: 2, updated: 0, removed: 0, total: 2 });

    const list = await call(collector.url, '/api/v1/inventory?limit=1', { token: collector.adminToken });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(list.body.inventory).toEqual([{
      serial: 'SN-0017', hostname: null, employeeId: 'E-100', employeeName: 'Doe, Jane', city: 'New York', country: 'US',
      latitude: 40.7128, longitude: -74.006, workMode: 'remote', importedAt: expect.any(String),
    }]);
    expect((await call(collector.url, '/api/v1/inventory?offset=1', { token: collector.adminToken })).body.inventory[0].hostname).toBe('desk-42');
    expect((await call(collector.url, '/api/v1/inventory?page=2', { token: collector.adminToken })).status).toBe(400);
  });

  it('answers bad lines with 400 and their line numbers, importing nothing', async () => {
    const bad = [HEADER, 'SN-1,,E-1,Ann,Austin,US,,,remote', 'SN-2,,E-2,Bob,Nowhere,ZZ,,,remote', ',,E-3,Cat,Paris,FR,,,hybrid'].join('\n');
    const response = await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, ...csv(bad) });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/nothing was imported/) });
    expect(response.body.error.details).toEqual([
      { path: 'line 3.country', message: expect.stringMatching(/ISO 3166-1/) },
      { path: 'line 4.workMode', message: 'expected one of remote, office' },
      { path: 'line 4.serial', message: 'a record needs a serial or a hostname (or both)' },
    ]);
    expect((await call(collector.url, '/api/v1/inventory', { token: collector.adminToken })).body.total).toBe(0);
  });

  it('imports JSON, merges by default and replaces with ?replace=true', async () => {
    await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, ...csv(CSV) });
    const record = { serial: 'SN-9', employeeId: 'E-9', employeeName: 'Nine', city: 'Austin', country: 'us', workMode: 'remote' };
    const merged = await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, body: [record] });
    expect(merged.body).toEqual({ imported: 1, inserted: 1, updated: 0, removed: 0, total: 3 });
    const replaced = await call(collector.url, '/api/v1/inventory?replace=true', { token: collector.adminToken, body: { records: [{ ...record, city: 'Dallas' }] } });
    expect(replaced.body).toEqual({ imported: 1, inserted: 0, updated: 1, removed: 2, total: 1 });
    const list = await call(collector.url, '/api/v1/inventory', { token: collector.adminToken });
    expect(list.body.inventory.map((r: { serial: string; city: string; country: string }) => [r.serial, r.city, r.country])).toEqual([['SN-9', 'Dallas', 'US']]);

    const badJson = await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, body: [{ ...record, latitude: 100, longitude: 0 }] });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.details).toEqual([{ path: 'records.0.latitude', message: expect.any(String) }]);
  });

  it('is for admins only, and CSV is accepted nowhere else', async () => {
    const analyst = await issueAdminToken(collector.store, 'analyst', 'test');
    expect((await call(collector.url, '/api/v1/inventory', { token: analyst.token, ...csv(CSV) })).status).toBe(403);
    expect((await call(collector.url, '/api/v1/inventory', { token: analyst.token })).status).toBe(200);
    expect((await call(collector.url, '/api/v1/inventory', csv(CSV))).status).toBe(401);
    const agent = await enrollAgent(collector);
    expect((await call(collector.url, '/api/v1/reports', { token: agent.agentToken, ...csv('a,b') })).body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await call(collector.url, '/api/v1/offices', { token: collector.adminToken, ...csv('a,b') })).status).toBe(415);
  });
});

describe('devices and their inventory record', () => {
  it('shows the employee and claimed location of a matched device, and null when unmatched', async () => {
    const matched = await enrollAgent(collector);
    const other = await call(collector.url, '/api/v1/enroll', { body: enrollBody(collector.enrollSecret, { hostname: 'DESK-42', serial: 'OTHER' }) });
    const lonely = await call(collector.url, '/api/v1/enroll', { body: enrollBody(collector.enrollSecret, { hostname: 'nobody', serial: 'NONE' }) });
    expect((await call(collector.url, `/api/v1/devices/${matched.agentId}`, { token: collector.adminToken })).body.device.inventory).toBeNull();

    await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, ...csv(CSV) });
    const detail = await call(collector.url, `/api/v1/devices/${matched.agentId}`, { token: collector.adminToken });
    expect(detail.body.device).toMatchObject({ agentId: matched.agentId, egress: null, inventory: {
      employeeId: 'E-100', employeeName: 'Doe, Jane', city: 'New York', country: 'US', latitude: 40.7128, longitude: -74.006, workMode: 'remote',
    } });
    const list = await call(collector.url, '/api/v1/devices', { token: collector.adminToken });
    const byId = new Map(list.body.devices.map((d: { agentId: string; inventory: { employeeId: string } | null }) => [d.agentId, d.inventory?.employeeId ?? null]));
    expect(byId.get(matched.agentId)).toBe('E-100');
    expect(byId.get(other.body.agentId)).toBe('E-101');
    expect(byId.get(lonely.body.agentId)).toBeNull();
  });
});

describe('/api/v1/offices', () => {
  it('creates, lists and deletes office networks', async () => {
    const created = await call(collector.url, '/api/v1/offices', { token: collector.adminToken, body: {
      name: 'Austin HQ', egressCidrs: ['203.0.113.9/24', '2001:db8:10::/48'], gatewayMacHashes: ['a1b2c3d4e5f60718293a4b5c6d7e8f90'],
    } });
    expect(created.status).toBe(201);
    expect(created.body.office).toEqual({
      id: expect.any(String), name: 'Austin HQ', egressCidrs: ['203.0.113.0/24', '2001:db8:10::/48'],
      gatewayMacHashes: ['a1b2c3d4e5f60718293a4b5c6d7e8f90'], createdAt: expect.any(String),
    });
    expect((await call(collector.url, '/api/v1/offices', { token: collector.adminToken })).body).toEqual({ offices: [created.body.office] });

    const bad = await call(collector.url, '/api/v1/offices', { token: collector.adminToken, body: { name: 'Bad', egressCidrs: ['10.0.0.0/40'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'egressCidrs.0', message: expect.stringMatching(/not an IPv4 or IPv6 address or CIDR/) }]);

    const viewer = await issueAdminToken(collector.store, 'viewer', 'test');
    expect((await call(collector.url, `/api/v1/offices/${created.body.office.id}`, { method: 'DELETE', token: viewer.token })).status).toBe(403);
    expect((await call(collector.url, `/api/v1/offices/${created.body.office.id}`, { method: 'DELETE', token: collector.adminToken })).status).toBe(204);
    expect((await call(collector.url, `/api/v1/offices/${created.body.office.id}`, { method: 'DELETE', token: collector.adminToken })).status).toBe(404);
    expect((await call(collector.url, '/api/v1/offices/not-a-uuid', { method: 'DELETE', token: collector.adminToken })).status).toBe(404);
    expect((await call(collector.url, '/api/v1/offices', { token: collector.adminToken })).body).toEqual({ offices: [] });
  });
});
