// Inventory files: CSV (csv-parse) and JSON, every problem by line number, nothing half-imported.
import { describe, expect, it } from 'vitest';
import { InventoryFormatError, parseInventoryCsv, parseInventoryJson, parseInventoryText } from '../../server/inventory/parse.js';
import { matchInventory } from '../../server/inventory/match.js';
import { toInventoryRecord } from '../../server/inventory/record.js';

const HEADER = 'serial,hostname,employee_id,employee_name,city,country,latitude,longitude,work_mode';

function issuesOf(work: () => unknown) {
  try {
    work();
  } catch (error) {
    if (error instanceof InventoryFormatError) return error.issues;
    throw error;
  }
  throw new Error('expected an InventoryFormatError');
}

describe('parseInventoryCsv', () => {
  it('reads records with quoted fields, optional columns and camelCase headers', () => {
    const csv = [
      'serial,hostname,employeeId,employee_name,city,country,latitude,longitude,workMode',
      'PF3ABC12,,E-100,"Doe, Jane",New York,us,40.7128,-74.006,remote',
      ',LAPTOP-17,E-101,John Roe,Berlin,DE,,,office',
      '',
    ].join('\r\n');
    expect(parseInventoryCsv(csv)).toEqual([
      { serial: 'PF3ABC12', employeeId: 'E-100', employeeName: 'Doe, Jane', city: 'New York', country: 'US', latitude: 40.7128, longitude: -74.006, workMode: 'remote' },
      { hostname: 'LAPTOP-17', employeeId: 'E-101', employeeName: 'John Roe', city: 'Berlin', country: 'DE', workMode: 'office' },
    ]);
  });

  it('lists every bad line with its number and field', () => {
    const csv = [
      HEADER,
      'SN-1,,E1,Ann,New York,US,40.7,-74.0,remote',
      ',,E2,Bob,Paris,FR,,,remote',
      'SN-3,,E3,Cat,Atlantis,XX,,,office',
      'SN-4,,E4,Dan,Rome,IT,95,12,home',
      'sn-1,,E5,Eve,Oslo,NO,,,remote',
      'SN-6,,E6,Fay,Lima,PE,-12',
      'SN-7,,E7,Gus,Quito,EC,-0.18,,remote',
    ].join('\n');
    expect(issuesOf(() => parseInventoryCsv(csv))).toEqual([
      { path: 'line 7', message: 'expected 9 columns as in the header, got 7' },
      { path: 'line 3.serial', message: 'a record needs a serial or a hostname (or both)' },
      { path: 'line 4.country', message: 'expected an ISO 3166-1 alpha-2 country code such as US or DE' },
      { path: 'line 5.latitude', message: expect.stringMatching(/90/) },
      { path: 'line 5.workMode', message: 'expected one of remote, office' },
      { path: 'line 6', message: 'same serial as line 2 (sn-1)' },
      { path: 'line 8.longitude', message: 'latitude and longitude go together' },
    ]);
  });

  it('refuses unknown columns, a missing header and broken quoting', () => {
    expect(issuesOf(() => parseInventoryCsv('serial,salary\nSN-1,100\n'))).toEqual([
      { path: 'line 1', message: expect.stringMatching(/^unknown column "salary"/) },
    ]);
    expect(issuesOf(() => parseInventoryCsv(''))).toEqual([{ path: 'line 1', message: expect.stringMatching(/header row/) }]);
    expect(issuesOf(() => parseInventoryCsv(`${HEADER}\nSN-1,,E1,"Ann,NY,US,,,remote\n`))[0]).toMatchObject({ message: expect.stringMatching(/^not valid CSV: .*Quote Not Closed/) });
  });
});

describe('parseInventoryJson', () => {
  it('accepts an array or { records } and points at bad entries', () => {
    const good = { serial: 'SN-1', employeeId: 'E1', employeeName: 'Ann', city: 'Austin', country: 'US', workMode: 'remote' };
    expect(parseInventoryJson([good])).toEqual([good]);
    expect(parseInventoryJson({ records: [good] })).toEqual([good]);
    expect(issuesOf(() => parseInventoryJson({ records: [good, { ...good, serial: 'SN-2', salary: 1 }, { ...good, serial: 'SN-3', latitude: 'north', longitude: 1 }] }))).toEqual([
      { path: 'records.1', message: expect.stringMatching(/salary/) },
      { path: 'records.2.latitude', message: expect.stringMatching(/number/) },
    ]);
    expect(issuesOf(() => parseInventoryJson({ nope: 1 }))).toEqual([{ path: '(root)', message: expect.stringMatching(/array of records/) }]);
    expect(issuesOf(() => parseInventoryText('{not json', 'json'))).toEqual([{ path: '(file)', message: expect.stringMatching(/^not valid JSON/) }]);
  });
});

describe('matchInventory', () => {
  const at = '2025-06-01T00:00:00.000Z';
  const bySerial = toInventoryRecord({ serial: 'PF3ABC12', hostname: 'shared-name', employeeId: 'E1', employeeName: 'Ann', city: 'NYC', country: 'US', workMode: 'remote' }, at);
  const byHost = toInventoryRecord({ hostname: 'Laptop-17', employeeId: 'E2', employeeName: 'Bob', city: 'Berlin', country: 'DE', workMode: 'office' }, at);
  const records = [bySerial, byHost];

  it('matches by serial first, then by hostname, ignoring case', () => {
    expect(matchInventory({ serial: 'pf3abc12', hostname: 'laptop-17' }, records)).toBe(bySerial);
    expect(matchInventory({ serial: null, hostname: 'LAPTOP-17' }, records)).toBe(byHost);
    expect(matchInventory({ serial: 'OTHER', hostname: 'laptop-17' }, records)).toBe(byHost);
  });

  it('does not give a serial-keyed record to a device with another serial by hostname', () => {
    expect(matchInventory({ serial: 'OTHER', hostname: 'shared-name' }, records)).toBeNull();
    expect(matchInventory({ serial: null, hostname: 'shared-name' }, records)).toBe(bySerial);
    expect(matchInventory({ serial: null, hostname: 'nobody' }, records)).toBeNull();
  });
});
