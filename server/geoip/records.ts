// MMDB records in the two layouts the collector reads, reduced to the fields it uses:
// MaxMind GeoIP2/GeoLite2 (nested: country.iso_code, city.names.en, location.latitude) and
// ip-location-db (flat: country_code, city, latitude). ASN databases use the same keys in both.
import type { AsnInfo, GeoInfo } from './types.js';

type Rec = Record<string, unknown>;
const obj = (v: unknown): Rec | undefined => (v !== null && typeof v === 'object' ? (v as Rec) : undefined);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function toGeoInfo(record: unknown): GeoInfo | undefined {
  const r = obj(record);
  if (!r) return undefined;
  const country = str(r.country_code) ?? str(obj(r.country)?.iso_code) ?? str(obj(r.registered_country)?.iso_code);
  const city = str(r.city) ?? str(obj(obj(r.city)?.names)?.en);
  const location = obj(r.location);
  const latitude = num(r.latitude) ?? num(location?.latitude);
  const longitude = num(r.longitude) ?? num(location?.longitude);
  if (!country && !city && latitude === null) return undefined;
  return { country: country?.toUpperCase() ?? null, city, latitude, longitude };
}

export function toAsnInfo(record: unknown): AsnInfo | undefined {
  const r = obj(record);
  const asn = num(r?.autonomous_system_number);
  return asn === null ? undefined : { asn, organisation: str(r?.autonomous_system_organization) };
}
