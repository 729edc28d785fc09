// GeoIP on the real bundled data (DB-IP City Lite MMDB, RouteViews/DB-IP ASN table) and the
// hosting/VPN classification. Well-known public resolvers are stable in every edition.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCityDatabases } from '../../server/geoip/databases.js';
import { GEOIP_OFF, createGeoIp } from '../../server/geoip/geoip.js';
import { classifyHosting } from '../../server/geoip/hosting.js';

describe('GeoIP on the bundled databases', () => {
  const geoip = createGeoIp({});

  it('finds country and ASN of public resolvers, IPv4 and IPv6', { timeout: 30_000 }, async () => {
    await geoip.ready();
    expect(await geoip.lookup('8.8.8.8')).toMatchObject({ country: 'US', asn: 15169, asOrganisation: 'Google LLC' });
    expect(await geoip.lookup('1.1.1.1')).toMatchObject({ asn: 13335, asOrganisation: 'Cloudflare, Inc.' });
    const v6 = await geoip.lookup('2001:4860:4860::8888');
    expect(v6).toMatchObject({ asn: 15169 });
    expect(v6?.country).toMatch(/^[A-Z]{2}$/);
    expect(await geoip.lookup('::ffff:8.8.8.8')).toMatchObject({ asn: 15169 });
    const city = await geoip.lookup('8.8.8.8');
    expect(typeof city?.latitude).toBe('number');
    expect(city?.city).toEqual(expect.any(String));
  });

  it('knows nothing about private and loopback addresses', async () => {
    expect(await geoip.lookup('127.0.0.1')).toBeUndefined();
    expect(await geoip.lookup('10.1.2.3')).toBeUndefined();
    expect(await geoip.lookup('not an ip')).toBeUndefined();
  });

  it('can be switched off, or pointed at another MMDB file', async () => {
    expect(await createGeoIp({ geoipCityDb: GEOIP_OFF, geoipAsnDb: GEOIP_OFF }).lookup('8.8.8.8')).toBeUndefined();
    const cityOnly = createGeoIp({ geoipCityDb: defaultCityDatabases()[0], geoipAsnDb: GEOIP_OFF });
    expect(await cityOnly.lookup('8.8.8.8')).toMatchObject({ country: 'US', asn: null });
  });

  it('rejects a configured file that is not there', async () => {
    const missing = path.join(os.tmpdir(), 'farmwatch-no-such.mmdb');
    await expect(createGeoIp({ geoipCityDb: missing }).ready()).rejects.toThrow(/ENOENT/);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-geoip-'));
    try {
      const notMmdb = path.join(dir, 'broken.mmdb');
      await fs.writeFile(notMmdb, 'this is not a MaxMind database');
      await expect(createGeoIp({ geoipAsnDb: notMmdb }).ready()).rejects.toThrow();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('classifyHosting', () => {
  it('knows cloud and VPN networks by ASN and by organisation name', () => {
    expect(classifyHosting(16509, 'Amazon.com, Inc.')).toEqual({ provider: 'Amazon Web Services', kind: 'hosting' });
    expect(classifyHosting(9009, null)).toMatchObject({ kind: 'vpn' });
    expect(classifyHosting(999_999, 'Hetzner Online GmbH')).toMatchObject({ provider: 'Hetzner', kind: 'hosting' });
    expect(classifyHosting(999_998, 'Proton AG')).toMatchObject({ kind: 'vpn' });
    expect(classifyHosting(7922, 'Comcast Cable Communications, LLC')).toBeUndefined();
    expect(classifyHosting(null, null)).toBeUndefined();
  });
});
