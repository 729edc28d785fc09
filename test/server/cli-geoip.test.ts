// The collector refuses to start with a GeoIP database path it cannot read.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cliEnv, run } from './cli-process.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-cli-geoip-'));
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it('stops at start when FARMWATCH_GEOIP_CITY_DB names a missing file', { timeout: 60_000 }, async () => {
  const missing = path.join(dir, 'GeoLite2-City.mmdb');
  const result = await run(['start'], cliEnv(path.join(dir, 'data'), { FARMWATCH_GEOIP_CITY_DB: missing }));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`FARMWATCH_GEOIP_CITY_DB: cannot read ${missing} (ENOENT)`);
  expect(result.stdout).not.toMatch(/listening/);
});
