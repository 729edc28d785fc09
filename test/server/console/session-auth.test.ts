// Console sign-in against a real collector: sessions, cookie attributes, CSRF, roles through the
// same guards as tokens, the users API and the login rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../server/auth/users.js';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../../server/routes/session.js';
import { call, enrollAgent, startCollector, type TestCollector } from '../collector.js';
import { finding, makeReport } from '../fixtures.js';

const PASSWORD = 'correct horse battery staple';

interface Browser {
  cookie: string;
  csrf: string;
  setCookie: string;
}

describe('console sessions', () => {
  let collector: TestCollector;
  let alertId: string;
  beforeAll(async () => {
    collector = await startCollector();
    const agent = await enrollAgent(collector);
    const report = makeReport(agent.agentId, { findings: [finding('ip_kvm.usb_descriptor_match', 'critical', 'PiKVM')] });
    expect((await call(collector.url, '/api/v1/reports', { body: report, token: agent.agentToken })).status).toBe(202);
    alertId = (await call(collector.url, '/api/v1/alerts', { token: collector.adminToken })).body.alerts[0].id;
    for (const [username, role] of [['ada', 'admin'], ['ana', 'analyst'], ['vic', 'viewer']] as const) {
      await addUser(collector.store, { username, role, password: PASSWORD }, { kind: 'system', job: 'test' });
    }
  });
  afterAll(async () => {
    await collector.close();
  });

  async function signIn(username: string, password = PASSWORD): Promise<Browser> {
    const response = await call(collector.url, '/api/v1/session', { body: { username, password } });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    return { cookie: setCookie.split(';')[0]!, csrf: response.body.csrfToken, setCookie };
  }
  const as = (browser: Browser, route: string, options: { method?: string; body?: unknown; csrf?: boolean } = {}) =>
    call(collector.url, route, {
      ...(options.method ? { method: options.method } : {}), ...(options.body === undefined ? {} : { body: options.body }),
      headers: { cookie: browser.cookie, ...(options.csrf === false ? {} : { 'x-csrf-token': browser.csrf }) },
    });

  it('signs in with a password: an HttpOnly, SameSite=Strict session cookie and who is signed in', async () => {
    const browser = await signIn('ana');
    expect(browser.setCookie).toMatch(/^fw_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const session = await as(browser, '/api/v1/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ user: { username: 'ana', role: 'analyst' }, csrfToken: browser.csrf, expiresAt: expect.any(String) });
    expect(session.headers.get('cache-control')).toBe('no-store');
    // The id never reaches the database in clear.
    const stored = await collector.store.findSession(browser.cookie.split('=')[1]!, new Date().toISOString());
    expect(stored).toBeUndefined();
  });

  it('refuses a wrong password, an unknown user and a bad body alike, without a cookie', async () => {
    for (const body of [{ username: 'ana', password: 'wrong password!' }, { username: 'nobody', password: PASSWORD }]) {
      const response = await call(collector.url, '/api/v1/session', { body });
      expect(response.status).toBe(401);
      expect(response.body.error).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong username or password.' });
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect((await call(collector.url, '/api/v1/session', { body: { username: 'ana' } })).status).toBe(400);
    expect((await call(collector.url, '/api/v1/session')).status).toBe(401);
    expect((await call(collector.url, '/api/v1/alerts', { headers: { cookie: 'fw_session=forged' } })).status).toBe(401);
  });

  it('lets a session read like a token of its role, and change only with the CSRF token', async () => {
    const analyst = await signIn('ana');
    expect((await as(analyst, '/api/v1/alerts', { csrf: false })).body.total).toBe(1);
    const withoutCsrf = await as(analyst, `/api/v1/alerts/${alertId}/acknowledge`, { method: 'POST', csrf: false });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.error.message).toContain('X-CSRF-Token');
    const wrongCsrf = await call(collector.url, `/api/v1/alerts/${alertId}/acknowledge`, {
      method: 'POST', headers: { cookie: analyst.cookie, 'x-csrf-token': (await signIn('ana')).csrf },
    });
    expect(wrongCsrf.status).toBe(403);
    const acknowledged = await as(analyst, `/api/v1/alerts/${alertId}/acknowledge`, { method: 'POST' });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.alert.status).toBe('acknowledged');
  });

  it('refuses a viewer resolving an alert (403), lets an analyst, and audits the user by name', async () => {
    const viewer = await signIn('vic');
    const refused = await as(viewer, `/api/v1/alerts/${alertId}/resolve`, { method: 'POST', body: { resolution: 'true_positive' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('viewer');
    const analyst = await signIn('ana');
    const resolved = await as(analyst, `/api/v1/alerts/${alertId}/resolve`, { method: 'POST', body: { resolution: 'true_positive' } });
    expect(resolved.status).toBe(200);
    const audit = await call(collector.url, `/api/v1/audit?action=alert.resolve`, { token: collector.adminToken });
    expect(audit.body.items ?? audit.body.entries).toEqual([
      expect.objectContaining({ targetId: alertId, actor: { kind: 'user', userId: expect.any(String), username: 'ana', role: 'analyst' } }),
    ]);
  });

  it('signs out: the session stops working and the cookie is cleared; signing out needs the CSRF token', async () => {
    const browser = await signIn('ana');
    expect((await as(browser, '/api/v1/session', { method: 'DELETE', csrf: false })).status).toBe(403);
    const out = await as(browser, '/api/v1/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^fw_session=; Path=\/; Max-Age=0/);
    expect((await as(browser, '/api/v1/alerts')).status).toBe(401);
  });

  it('lets admins manage users (audited); other roles may not', async () => {
    const admin = await signIn('ada');
    const created = await as(admin, '/api/v1/users', { method: 'POST', body: { username: 'new.analyst', role: 'analyst' } });
    expect(created.status).toBe(201);
    expect(created.body.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await signIn('new.analyst', created.body.password)).csrf).toBeTruthy();
    expect((await as(admin, '/api/v1/users', { method: 'POST', body: { username: 'new.analyst', role: 'viewer' } })).status).toBe(409);
    const short = await as(admin, '/api/v1/users', { method: 'POST', body: { username: 'x', role: 'viewer', password: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([expect.objectContaining({ path: 'password' })]);
    expect((await as(await signIn('ana'), '/api/v1/users')).status).toBe(403);
    const listed = await as(admin, '/api/v1/users');
    expect(listed.body.users.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['ada', 'ana', 'new.analyst', 'vic']));
    expect(JSON.stringify(listed.body)).not.toContain('scrypt');
    const self = listed.body.users.find((u: { username: string }) => u.username === 'ada');
    expect((await as(admin, `/api/v1/users/${self.id}`, { method: 'DELETE' })).status).toBe(409);
    const deleted = await as(admin, `/api/v1/users/${created.body.user.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const audit = await call(collector.url, '/api/v1/audit?targetType=user', { token: collector.adminToken });
    const entries = (audit.body.items ?? audit.body.entries) as { action: string; actor: { username?: string } }[];
    expect(entries.filter((e) => e.actor.username === 'ada').map((e) => e.action).sort()).toEqual(['user.create', 'user.delete']);
  });

  it('lets an admin reset a password, change a role and disable a user, ending their sessions; not themselves', async () => {
    const admin = await signIn('ada');
    await addUser(collector.store, { username: 'tmp', role: 'viewer', password: PASSWORD }, { kind: 'system', job: 'test' });
    const tmp = await signIn('tmp');
    const users = (await as(admin, '/api/v1/users')).body.users as { id: string; username: string }[];
    const id = users.find((u) => u.username === 'tmp')!.id;
    const promoted = await as(admin, `/api/v1/users/${id}`, { method: 'PATCH', body: { role: 'analyst' } });
    expect(promoted.body.user.role).toBe('analyst');
    expect((await as(tmp, '/api/v1/session')).body.user.role).toBe('analyst');
    const reset = await as(admin, `/api/v1/users/${id}`, { method: 'PATCH', body: { password: 'generate' } });
    expect(reset.body.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await as(tmp, '/api/v1/session')).status).toBe(401);
    expect((await call(collector.url, '/api/v1/session', { body: { username: 'tmp', password: PASSWORD } })).status).toBe(401);
    const again = await signIn('tmp', reset.body.password);
    expect((await as(admin, `/api/v1/users/${id}`, { method: 'PATCH', body: { disabled: true } })).body.user.disabled).toBe(true);
    expect((await as(again, '/api/v1/session')).status).toBe(401);
    expect((await call(collector.url, '/api/v1/session', { body: { username: 'tmp', password: reset.body.password } })).status).toBe(401);
    expect((await as(admin, `/api/v1/users/${id}`, { method: 'PATCH', body: {} })).status).toBe(400);
    const self = users.find((u) => u.username === 'ada')!.id;
    expect((await as(admin, `/api/v1/users/${self}`, { method: 'PATCH', body: { disabled: true } })).status).toBe(409);
    expect((await as(await signIn('ana'), `/api/v1/users/${id}`, { method: 'PATCH', body: { disabled: false } })).status).toBe(403);
  });

  it('marks the cookie Secure behind a trusted proxy', async () => {
    const proxied = await startCollector({ trustProxy: true });
    try {
      await addUser(proxied.store, { username: 'ana', role: 'analyst', password: PASSWORD }, { kind: 'system', job: 'test' });
      const response = await call(proxied.url, '/api/v1/session', { body: { username: 'ana', password: PASSWORD } });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      await proxied.close();
    }
  });

  it(`limits sign-in attempts to ${LOGIN_ATTEMPTS_PER_MINUTE} a minute per client address`, async () => {
    const limited = await startCollector();
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= LOGIN_ATTEMPTS_PER_MINUTE; i++) {
        statuses.push((await call(limited.url, '/api/v1/session', { body: { username: 'ana', password: `guess number ${i}` } })).status);
      }
      expect(statuses.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
