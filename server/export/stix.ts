// A suspected farm's indicators as a STIX 2.1 bundle, for sharing with peers (e.g. through a
// TAXII server or a MISP instance): egress IPs as ipv4-addr/ipv6-addr patterns, the keyed hashes
// of gateway MACs and Wi-Fi BSSIDs as patterns on a FarmWatch SCO type, all grouped with the
// cluster id and device ids. FarmWatch's own properties use a STIX 2.1 extension definition (the
// customisation mechanism 2.1 recommends over x_ properties). Ids are UUIDv5 of the content and
// times come from the cluster, so exporting the same farm twice gives the same bundle.
import net from 'node:net';
import { FARMWATCH_NAMESPACE, uuidv5 } from './uuid.js';

export interface FarmIndicators {
  clusterId: string;
  summary: string;
  reasons: readonly string[];
  /** 0-100; becomes the indicators' confidence. */
  score?: number;
  firstSeen: string;
  lastSeen: string;
  /** Public IPv4/IPv6 addresses or CIDR prefixes (an IPv6 egress is a /64) the farm's laptops came from. */
  egressIps: readonly string[];
  /** Keyed hashes (32 hex digits) of the shared gateway MAC addresses. */
  gatewayMacHashes: readonly string[];
  /** Keyed hashes (32 hex digits) of the shared Wi-Fi access points (BSSIDs). */
  wifiBssidHashes: readonly string[];
  /** FarmWatch agent ids of the laptops in the farm. */
  deviceIds: readonly string[];
}

export const TLP_LEVELS = ['white', 'green', 'amber', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

export interface StixExportOptions {
  /** Traffic Light Protocol marking of every object. Default amber (share with need to know). */
  tlp?: TlpLevel;
}

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The predefined TLP 1.0 marking definitions of STIX 2.1 (section 7.2.1.4), with their fixed ids. */
const TLP_MARKINGS = Object.fromEntries(
  ([
    ['white', '613f2e26-407d-48c7-9eca-b8e91df99dc9'],
    ['green', '34098fce-860f-48ae-8e50-ebd3cc5e41da'],
    ['amber', 'f88d31f6-486f-44da-b317-01333bde0b82'],
    ['red', '5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
  ] as const).map(([level, uuid]) => [level, {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${uuid}`,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${level.toUpperCase()}`,
    definition: { tlp: level },
  } as StixObject]),
) as Record<TlpLevel, StixObject>;

/** When FarmWatch's identity and extension definition were first published; fixed, so their ids and versions never change. */
const PUBLISHED = '2026-01-01T00:00:00.000Z';
const stixId = (type: string, name: string) => `${type}--${uuidv5(`${type}|${name}`, FARMWATCH_NAMESPACE)}`;

export const FARMWATCH_IDENTITY_ID = stixId('identity', 'FarmWatch');
export const FARMWATCH_EXTENSION_ID = stixId('extension-definition', 'farmwatch-laptop-farm-v1');
/** The SCO type the hashed-identifier patterns refer to. */
export const NETWORK_IDENTIFIER_TYPE = 'x-farmwatch-network-identifier';

const EXTENSION_SCHEMA = [
  'FarmWatch laptop-farm indicators, version 1.0.0.',
  `New SCO "${NETWORK_IDENTIFIER_TYPE}" (used in indicator patterns): "kind" is "gateway_mac_hash" or "wifi_bssid_hash";`,
  '"value" is HMAC-SHA256 of the identifier keyed with the reporting organisation\'s key, hex, truncated to 128 bits.',
  'These hashes only match identifiers hashed with the same key: they let peers that share a key, or the producer, recognise the same network without revealing it.',
  'Property extension on indicator and grouping: "cluster_id" (the FarmWatch correlation cluster), "identifier_kind" (indicator: egress_ip, gateway_mac_hash or wifi_bssid_hash),',
  '"device_ids" (grouping: FarmWatch agent ids of the laptops), "score" (grouping: 0-100 farm score).',
].join(' ');

function identity(): StixObject {
  return {
    type: 'identity', spec_version: '2.1', id: FARMWATCH_IDENTITY_ID, created: PUBLISHED, modified: PUBLISHED,
    name: 'FarmWatch', identity_class: 'system', description: 'FarmWatch laptop-farm detection.',
  };
}

function extensionDefinition(): StixObject {
  return {
    type: 'extension-definition', spec_version: '2.1', id: FARMWATCH_EXTENSION_ID, created: PUBLISHED, modified: PUBLISHED,
    created_by_ref: FARMWATCH_IDENTITY_ID, name: 'FarmWatch laptop-farm indicators', schema: EXTENSION_SCHEMA,
    version: '1.0.0', extension_types: ['new-sco', 'property-extension'],
  };
}

/** STIX timestamps: UTC, millisecond precision for created/modified. */
function stixTime(iso: string, what: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`${what} is not a timestamp: ${iso}`);
  return new Date(time).toISOString();
}

/** A string literal in a STIX pattern: quotes and backslashes escaped. */
const literal = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** The pattern of one egress address or prefix; throws for anything that is not one. */
export function ipPattern(value: string): string {
  const [address = '', prefix, extra] = value.trim().split('/');
  const family = net.isIP(address);
  const bits = prefix === undefined ? null : Number(prefix);
  const max = family === 6 ? 128 : 32;
  if (!family || extra !== undefined || (bits !== null && (!/^\d+$/.test(prefix!) || bits > max))) {
    throw new Error(`not an IP address or CIDR prefix: ${value}`);
  }
  const type = family === 6 ? 'ipv6-addr' : 'ipv4-addr';
  const normalised = bits === null ? address.toLowerCase() : `${address.toLowerCase()}/${bits}`;
  return bits === null || bits === max ? `[${type}:value = ${literal(address.toLowerCase())}]` : `[${type}:value ISSUBSET ${literal(normalised)}]`;
}

const HASH = /^[0-9a-f]{32}$/;

export function hashedIdentifierPattern(kind: 'gateway_mac_hash' | 'wifi_bssid_hash', hash: string): string {
  if (!HASH.test(hash)) throw new Error(`not a 32-hex-digit keyed hash: ${hash}`);
  return `[${NETWORK_IDENTIFIER_TYPE}:kind = '${kind}' AND ${NETWORK_IDENTIFIER_TYPE}:value = '${hash}']`;
}

const sortedUnique = (values: readonly string[]) => [...new Set(values.map((value) => value.trim()).filter(Boolean))].sort();

export function farmStixBundle(farm: FarmIndicators, options: StixExportOptions = {}): StixBundle {
  const created = stixTime(farm.firstSeen, 'firstSeen');
  const modified = stixTime(farm.lastSeen, 'lastSeen');
  if (modified < created) throw new Error('lastSeen is before firstSeen');
  const marking = TLP_MARKINGS[options.tlp ?? 'amber'];
  const common = { spec_version: '2.1', created, modified, created_by_ref: FARMWATCH_IDENTITY_ID, object_marking_refs: [marking.id] };
  const confidence = farm.score === undefined ? {} : { confidence: Math.max(0, Math.min(100, Math.round(farm.score))) };

  const indicator = (kind: string, value: string, pattern: string): StixObject => ({
    type: 'indicator',
    id: stixId('indicator', `${farm.clusterId}|${pattern}`),
    ...common,
    name: `Suspected laptop farm ${farm.clusterId}: ${kind.replaceAll('_', ' ')} ${value}`,
    description: farm.summary,
    indicator_types: ['anomalous-activity'],
    pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: created,
    ...confidence,
    extensions: { [FARMWATCH_EXTENSION_ID]: { extension_type: 'property-extension', cluster_id: farm.clusterId, identifier_kind: kind } },
  });

  const indicators = [
    ...sortedUnique(farm.egressIps).map((ip) => indicator('egress_ip', ip, ipPattern(ip))),
    ...sortedUnique(farm.gatewayMacHashes).map((hash) => indicator('gateway_mac_hash', hash, hashedIdentifierPattern('gateway_mac_hash', hash))),
    ...sortedUnique(farm.wifiBssidHashes).map((hash) => indicator('wifi_bssid_hash', hash, hashedIdentifierPattern('wifi_bssid_hash', hash))),
  ];
  if (!indicators.length) throw new Error(`cluster ${farm.clusterId} has no egress IP or network identifier to share`);

  const grouping: StixObject = {
    type: 'grouping',
    id: stixId('grouping', farm.clusterId),
    ...common,
    name: `Suspected laptop farm ${farm.clusterId}`,
    description: [farm.summary, ...farm.reasons.map((reason) => `- ${reason}`)].join('\n'),
    context: 'suspicious-activity',
    object_refs: indicators.map((object) => object.id),
    extensions: {
      [FARMWATCH_EXTENSION_ID]: {
        extension_type: 'property-extension',
        cluster_id: farm.clusterId,
        device_ids: sortedUnique(farm.deviceIds),
        ...(farm.score === undefined ? {} : { score: farm.score }),
      },
    },
  };

  const objects = [identity(), marking, extensionDefinition(), ...indicators, grouping];
  return { type: 'bundle', id: `bundle--${uuidv5(JSON.stringify(objects), FARMWATCH_NAMESPACE)}`, objects };
}
