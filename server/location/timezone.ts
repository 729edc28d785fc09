// Does a reported IANA time zone belong to the claimed country? From the countries-and-timezones
// data (IANA tz database zone.tab/zone1970.tab), deprecated aliases (US/Eastern, Asia/Calcutta) included.
import { getCountriesForTimezone, getTimezone } from 'countries-and-timezones';

export type TimezoneJudgement =
  | { verdict: 'match' }
  /** The zone is used only in other countries. */
  | { verdict: 'mismatch'; zoneCountries: string[] }
  /** No zone, or one no country is tied to (UTC, Etc/GMT+3): nothing to judge. */
  | { verdict: 'unknown' };

type ZoneName = Parameters<typeof getTimezone>[0];

export function judgeTimezone(timezone: string | undefined, claimedCountry: string): TimezoneJudgement {
  // The library types zone names as a closed union; any string is looked up and may be unknown.
  if (!timezone || !getTimezone(timezone as ZoneName)) return { verdict: 'unknown' };
  const countries = getCountriesForTimezone(timezone as ZoneName, { deprecated: true }).map((c) => c.id);
  if (!countries.length) return { verdict: 'unknown' };
  return (countries as string[]).includes(claimedCountry.toUpperCase()) ? { verdict: 'match' } : { verdict: 'mismatch', zoneCountries: [...countries] };
}
