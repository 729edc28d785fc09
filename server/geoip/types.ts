// What the collector learns about a public IP address from its GeoIP databases.

export interface AsnInfo {
  asn: number;
  organisation: string | null;
}

export interface GeoInfo {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
}

export type IpIntel = GeoInfo & { asn: number | null; asOrganisation: string | null };
