import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, EnrollResponse } from '../../shared/index.js';
import { call, enrollBody, startCollector, type TestCollector } from './collector.js';

describe('POST /api/v1/enroll', () => {
  let collector: TestCollector;
  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(async () => {
    await collector.close();
  });

  const devices = async () => (await collector.store.listDevices({ limit: 500, offset: 0 })).total;

  it('enrols with the right secret: 201 with agent id, agent token and the org key', async () => {
    const first = await call(collector.url, '/api/v1/enroll', { body: enrollBody(collector.enrollSecret, { hardwareUuid: 'HW-1' }) });
    expect(first.status).toBe(201);
    const enrolled = EnrollResponse.parse(first.body);
    expect(enrolled.agentToken).toMatch(/^fwa_[A-Za-z0-9_-]{43}$/);

    const second = EnrollResponse.parse((await call(collector.url, '/api/v1/enroll', { body: enrollBody(collector.enrollSecret) })).body);
    expect(second.agentId).not.toBe(enrolled.agentId);
    expect(second.agentToken).not.toBe(enrolled.agentToken);
    expect(second.orgKey).toBe(enrolled.orgKey);

    const device = await collector.store.getDevice(enrolled.agentId);
    expect(device?.device).toMatchObject({ hostname: 'laptop-17', platform: 'linux', serial: 'SN-0017', hardwareUuid: 'HW-1', lastSeenAt: null });
    const policy = await call(collector.url, '/api/v1/policy', { token: enrolled.agentToken });
    expect(policy.status).toBe(200);
  });

  it('refuses a wrong secret with 401 and enrols nothing', async () => {
    const before = await devices();
    const response = await call(collector.url, '/api/v1/enroll', { body: enrollBody(`${collector.enrollSecret}x`) });
    expect(response.status).toBe(401);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('ENROLL_SECRET_INVALID');
    expect(await devices()).toBe(before);
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const response = await call(collector.url, '/api/v1/enroll', { body: '{"schemaVersion": 1,' });
    expect(response.status).toBe(400);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('INVALID_JSON');
  });

  it('answers an empty JSON body with 400 INVALID_JSON', async () => {
    const response = await call(collector.url, '/api/v1/enroll', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_JSON');
  });

  it('answers missing and mistyped fields with 400 naming each field', async () => {
    const before = await devices();
    const response = await call(collector.url, '/api/v1/enroll', { body: { ...enrollBody(collector.enrollSecret), hostname: undefined, platform: 'beos' } });
    expect(response.status).toBe(400);
    const { error } = ApiErrorBody.parse(response.body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.path).sort()).toEqual(['hostname', 'platform']);
    expect(await devices()).toBe(before);
  });

  it('refuses another schema version with 400', async () => {
    const response = await call(collector.url, '/api/v1/enroll', { body: enrollBody(collector.enrollSecret, { schemaVersion: 2 }) });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'schemaVersion' })]);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await call(collector.url, '/api/v1/enroll', { body: 'secret=abc', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(415);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
