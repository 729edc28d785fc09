// MMDB record layouts: MaxMind GeoIP2/GeoLite2 (nested) and ip-location-db (flat), reduced alike.
// The records are written here after the layouts MaxMind and ip-location-db document.
import { describe, expect, it } from 'vitest';
import { toAsnInfo, toGeoInfo } from '../../server/geoip/records.js';

describe('toGeoInfo', () => {
  it('reads the MaxMind City layout', () => {
    expect(toGeoInfo({
      city: { geoname_id: 5128581, names: { en: 'New York', de: 'New York City' } },
      country: { iso_code: 'US', names: { en: 'United States' } },
      location: { latitude: 40.7128, longitude: -74.006, time_zone: 'America/New_York' },
    })).toEqual({ country: 'US', city: 'New York', latitude: 40.7128, longitude: -74.006 });
  });

  it('reads the ip-location-db layout and the Country-only layout', () => {
    expect(toGeoInfo({ country_code: 'de', city: 'Berlin', latitude: 52.52, longitude: 13.4, state1: '', postcode: '' }))
      .toEqual({ country: 'DE', city: 'Berlin', latitude: 52.52, longitude: 13.4 });
    expect(toGeoInfo({ registered_country: { iso_code: 'KR' } })).toEqual({ country: 'KR', city: null, latitude: null, longitude: null });
    expect(toGeoInfo(null)).toBeUndefined();
    expect(toGeoInfo({ continent: { code: 'EU' } })).toBeUndefined();
  });
});

describe('toAsnInfo', () => {
  it('reads GeoLite2-ASN records', () => {
    expect(toAsnInfo({ autonomous_system_number: 13335, autonomous_system_organization: 'CLOUDFLARENET' })).toEqual({ asn: 13335, organisation: 'CLOUDFLARENET' });
    expect(toAsnInfo({ autonomous_system_number: 64512 })).toEqual({ asn: 64512, organisation: null });
    expect(toAsnInfo({ country_code: 'US' })).toBeUndefined();
  });
});
