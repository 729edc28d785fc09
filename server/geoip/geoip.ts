// IP -> country, city, coordinates and autonomous system, from the configured databases.
// Databases are opened once per process (the first lookup waits for them) and shared by every
// collector instance with the same configuration; a lookup is then an in-memory search.
import fs from 'node:fs/promises';
import maxmind, { type Reader, type Response } from 'maxmind';
import { ConfigError } from '../config.js';
import { parseIp } from '../net/ip.js';
import { loadAsnTable } from './asn-table.js';
import { defaultAsnCsv, defaultCityDatabases } from './databases.js';
import { toAsnInfo, toGeoInfo } from './records.js';
import type { AsnInfo, IpIntel } from './types.js';

/** `undefined`: the bundled default; `off`: no lookups; otherwise a path to an .mmdb file. */
export interface GeoIpConfig {
  geoipCityDb?: string;
  geoipAsnDb?: string;
}

export const GEOIP_OFF = 'off';

export interface GeoIp {
  /** Opens the databases now; rejects when a configured file cannot be read. */
  ready(): Promise<void>;
  /** Undefined for private, reserved or unknown addresses. */
  lookup(ip: string): Promise<IpIntel | undefined>;
}

type AsnSource = (family: 4 | 6, value: bigint, ip: string) => AsnInfo | undefined;

const opened = new Map<string, Promise<unknown>>();
function once<T>(key: string, open: () => Promise<T>): Promise<T> {
  let pending = opened.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = open();
    opened.set(key, pending);
    // A failed open is retried by the next caller instead of being remembered.
    pending.catch(() => opened.delete(key));
  }
  return pending;
}

const openReader = (file: string) => once(`mmdb:${file}`, () => maxmind.open<Response>(file, { cache: { max: 10_000 } }));

async function openCity(setting: string | undefined): Promise<Reader<Response>[]> {
  if (setting === GEOIP_OFF) return [];
  return Promise.all((setting === undefined ? defaultCityDatabases() : [setting]).map(openReader));
}

async function openAsn(setting: string | undefined): Promise<AsnSource | undefined> {
  if (setting === GEOIP_OFF) return undefined;
  if (setting !== undefined) {
    const reader = await openReader(setting);
    return (_family, _value, ip) => toAsnInfo(reader.get(ip));
  }
  const { ipv4, ipv6 } = defaultAsnCsv();
  const table = await once(`asn-csv:${ipv4}`, () => loadAsnTable(ipv4, ipv6));
  return (family, value) => table.lookup(family, value);
}

export function createGeoIp(config: GeoIpConfig): GeoIp {
  let loading: Promise<[Reader<Response>[], AsnSource | undefined]> | undefined;
  const load = () => {
    loading ??= Promise.all([openCity(config.geoipCityDb), openAsn(config.geoipAsnDb)]);
    loading.catch(() => (loading = undefined));
    return loading;
  };
  return {
    async ready() {
      await load();
    },
    async lookup(ip) {
      const parsed = parseIp(ip);
      if (!parsed) return undefined;
      const [cityReaders, asnSource] = await load();
      const canonical = parsed.family === 4 ? ip.replace(/^::ffff:/i, '') : ip;
      let geo;
      for (const reader of cityReaders) {
        // A reader of IPv6-only data throws on IPv4 input in some layouts; treat as no answer.
        if (reader.metadata.ipVersion === 4 && parsed.family === 6) continue;
        geo = toGeoInfo(reader.get(canonical));
        if (geo) break;
      }
      const asn = asnSource?.(parsed.family, parsed.value, canonical);
      if (!geo && !asn) return undefined;
      return {
        country: geo?.country ?? null, city: geo?.city ?? null, latitude: geo?.latitude ?? null, longitude: geo?.longitude ?? null,
        asn: asn?.asn ?? null, asOrganisation: asn?.organisation ?? null,
      };
    },
  };
}

/**
 * At start: a configured database file that cannot be read stops the collector (ConfigError);
 * then all databases load in the background, so the first report does not wait long.
 */
export async function prepareGeoIp(config: GeoIpConfig, onLoadError: (error: unknown) => void): Promise<void> {
  for (const [name, file] of [['FARMWATCH_GEOIP_CITY_DB', config.geoipCityDb], ['FARMWATCH_GEOIP_ASN_DB', config.geoipAsnDb]] as const) {
    if (file === undefined || file === GEOIP_OFF) continue;
    await fs.access(file, fs.constants.R_OK).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`${name}: cannot read ${file} (${error.code}); give a MaxMind DB (.mmdb) file, or off`);
    });
  }
  createGeoIp(config).ready().catch(onLoadError);
}
