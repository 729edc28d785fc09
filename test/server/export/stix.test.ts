// The farm STIX bundle: valid STIX 2.1, stable ids, and every indicator of the farm.
import { describe, expect, it } from 'vitest';
import {
  FARMWATCH_EXTENSION_ID, farmStixBundle, hashedIdentifierPattern, ipPattern, NETWORK_IDENTIFIER_TYPE, type FarmIndicators,
} from '../../../server/export/stix.js';
import { uuidv5 } from '../../../server/export/uuid.js';
import { stixViolations } from './stix-rules.js';

const FARM: FarmIndicators = {
  clusterId: 'cluster-7f3a',
  summary: 'Four laptops of four employees share one home network.',
  reasons: ['Same gateway MAC hash for 4 devices.', 'Remote-control software on 3 devices.'],
  score: 87.4,
  firstSeen: '2026-11-01T08:00:00Z',
  lastSeen: '2026-11-21T19:30:00.5Z',
  egressIps: ['203.0.113.7', '2001:db8:1:2::/64', '203.0.113.7'],
  gatewayMacHashes: ['0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
  wifiBssidHashes: ['aabbccddeeff00112233445566778899'],
  deviceIds: ['agent-4', 'agent-1', 'agent-2', 'agent-3'],
};

type Obj = Record<string, unknown> & { type: string; id: string };

describe('STIX 2.1 farm bundle', () => {
  const bundle = farmStixBundle(FARM);
  const objects = bundle.objects as Obj[];
  const ofType = (type: string) => objects.filter((object) => object.type === type);

  it('follows the STIX 2.1 rules (ids, spec_version, timestamps, required properties, refs, extensions)', () => {
    expect(stixViolations(bundle as unknown as Record<string, unknown>, [NETWORK_IDENTIFIER_TYPE])).toEqual([]);
  });

  it('the checker itself catches broken bundles', () => {
    const broken = structuredClone(bundle) as unknown as { objects: Obj[] };
    const indicator = broken.objects.find((object) => object.type === 'indicator')!;
    indicator.spec_version = '2.0';
    indicator.id = 'indicator--not-a-uuid';
    indicator.created = '2026-11-01 08:00:00';
    delete indicator.valid_from;
    indicator.pattern = "[x-unknown:value = 'a']";
    const problems = stixViolations(broken as unknown as Record<string, unknown>, [NETWORK_IDENTIFIER_TYPE]);
    const expected = [
      'indicator--not-a-uuid: id is not indicator--<uuid>',
      'indicator--not-a-uuid: spec_version must be "2.1"',
      'indicator--not-a-uuid: missing valid_from',
      'indicator--not-a-uuid: created is not a UTC timestamp with milliseconds',
      'indicator--not-a-uuid: pattern object type x-unknown is neither standard nor declared',
    ];
    for (const problem of expected) expect(problems).toContain(problem);
    expect(problems.some((problem) => problem.startsWith('grouping--') && problem.includes('is not in the bundle'))).toBe(true);
  });

  it('has one indicator per distinct egress address and hashed identifier, with their patterns', () => {
    expect(ofType('indicator').map((indicator) => indicator.pattern)).toEqual([
      "[ipv6-addr:value ISSUBSET '2001:db8:1:2::/64']",
      "[ipv4-addr:value = '203.0.113.7']",
      `[${NETWORK_IDENTIFIER_TYPE}:kind = 'gateway_mac_hash' AND ${NETWORK_IDENTIFIER_TYPE}:value = '0f1e2d3c4b5a69788796a5b4c3d2e1f0']`,
      `[${NETWORK_IDENTIFIER_TYPE}:kind = 'wifi_bssid_hash' AND ${NETWORK_IDENTIFIER_TYPE}:value = 'aabbccddeeff00112233445566778899']`,
    ]);
    const [indicator] = ofType('indicator');
    expect(indicator).toMatchObject({
      created: '2026-11-01T08:00:00.000Z', modified: '2026-11-21T19:30:00.500Z', valid_from: '2026-11-01T08:00:00.000Z',
      pattern_type: 'stix', pattern_version: '2.1', confidence: 87, indicator_types: ['anomalous-activity'],
      object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
      extensions: { [FARMWATCH_EXTENSION_ID]: { extension_type: 'property-extension', cluster_id: 'cluster-7f3a', identifier_kind: 'egress_ip' } },
    });
  });

  it('ties the indicators to the cluster and its devices in a grouping', () => {
    const [grouping] = ofType('grouping');
    expect(grouping).toMatchObject({
      context: 'suspicious-activity',
      object_refs: ofType('indicator').map((indicator) => indicator.id),
      extensions: { [FARMWATCH_EXTENSION_ID]: { cluster_id: 'cluster-7f3a', device_ids: ['agent-1', 'agent-2', 'agent-3', 'agent-4'], score: 87.4 } },
    });
    expect(String(grouping!.description)).toContain('- Remote-control software on 3 devices.');
    expect(ofType('identity')).toHaveLength(1);
    expect(ofType('extension-definition')[0]).toMatchObject({ extension_types: ['new-sco', 'property-extension'] });
  });

  it('is identical when exported again, and keeps indicator ids when the farm is seen later', () => {
    expect(farmStixBundle({ ...FARM, deviceIds: [...FARM.deviceIds].reverse(), egressIps: [...FARM.egressIps].reverse() })).toEqual(bundle);
    const later = farmStixBundle({ ...FARM, lastSeen: '2026-11-22T10:00:00Z' });
    const ids = (b: typeof bundle) => (b.objects as Obj[]).filter((o) => o.type === 'indicator').map((o) => o.id);
    expect(ids(later)).toEqual(ids(bundle));
    expect(later.id).not.toBe(bundle.id);
    expect((later.objects as Obj[]).find((o) => o.type === 'indicator')!.modified).toBe('2026-11-22T10:00:00.000Z');
    expect(ids(farmStixBundle({ ...FARM, clusterId: 'cluster-other' }))).not.toEqual(ids(bundle));
  });

  it('marks objects with the chosen TLP and includes its definition', () => {
    const red = farmStixBundle(FARM, { tlp: 'red' });
    expect((red.objects as Obj[]).find((o) => o.type === 'marking-definition')).toMatchObject({ name: 'TLP:RED', definition: { tlp: 'red' } });
  });

  it('refuses what is not an address, a prefix or a keyed hash, so nothing can break out of a pattern', () => {
    expect(() => ipPattern("203.0.113.7'] OR [file:name = 'x")).toThrow(/not an IP address/);
    expect(() => ipPattern('203.0.113.0/33')).toThrow(/not an IP address/);
    expect(() => ipPattern('example.com')).toThrow(/not an IP address/);
    expect(ipPattern('198.51.100.0/24')).toBe("[ipv4-addr:value ISSUBSET '198.51.100.0/24']");
    expect(ipPattern('2001:DB8::1')).toBe("[ipv6-addr:value = '2001:db8::1']");
    expect(() => hashedIdentifierPattern('gateway_mac_hash', "abc'")).toThrow(/keyed hash/);
    expect(() => farmStixBundle({ ...FARM, egressIps: [], gatewayMacHashes: [], wifiBssidHashes: [] })).toThrow(/nothing|no egress/);
    expect(() => farmStixBundle({ ...FARM, lastSeen: '2026-10-01T00:00:00Z' })).toThrow(/before firstSeen/);
  });
});

describe('uuidv5', () => {
  it('matches the RFC 9562 test vector (DNS namespace, www.example.com)', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
