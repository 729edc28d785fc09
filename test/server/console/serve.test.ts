// The collector serving the console: the page at / and at client-side routes, files as they are
// with security headers, and API paths that match nothing staying JSON 404s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startCollector, type TestCollector } from '../collector.js';

describe('console files', () => {
  let dir: string;
  let collector: TestCollector;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'farmwatch-console-files-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'console-0123ABCD.js'), 'console.log(1)');
    process.env.FARMWATCH_CONSOLE_DIR = dir;
    collector = await startCollector();
  });
  afterAll(async () => {
    await collector.close();
    delete process.env.FARMWATCH_CONSOLE_DIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (route: string) => fetch(collector.url + route);

  it('answers the page at / and at any client-side route, not cached, framing and foreign scripts forbidden', async () => {
    for (const route of ['/', '/alerts/1234', '/clusters/cluster%3Aabc']) {
      const response = await get(route);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<title>console</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('serves hashed bundles for good, and a missing file as a 404', async () => {
    const bundle = await get('/assets/console-0123ABCD.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/console-ffffffff.js')).status).toBe(404);
    // A path escaping the console directory is no file of ours: at most the console page answers.
    const escape = await (await get('/..%2f..%2f..%2f..%2fetc%2fhostname')).text();
    expect(escape).not.toContain(fs.readFileSync('/etc/hostname', 'utf8').trim() || 'never');
    expect((await get('/assets/..%2f..%2findex.html')).status).toBe(404);
  });

  it('keeps unknown API paths JSON 404s', async () => {
    const response = await call(collector.url, '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('says how to build the console when it is missing', async () => {
    process.env.FARMWATCH_CONSOLE_DIR = path.join(dir, 'missing');
    const bare = await startCollector();
    try {
      const response = await call(bare.url, '/');
      expect(response.status).toBe(404);
      expect(response.body.error.message).toContain('npm run build');
    } finally {
      await bare.close();
      process.env.FARMWATCH_CONSOLE_DIR = dir;
    }
  });
});
