// ArcSight Common Event Format (CEF 0):
//   CEF:0|Vendor|Product|Version|Device Event Class ID|Name|Severity|Extension
// Header fields escape \ and |; extension values escape \ and = and encode line breaks as \n / \r.
import type { Severity } from '../../../shared/index.js';
import type { AlertEvent } from '../types.js';
import type { FormatContext } from './context.js';

/** CEF severity 0-10. */
export const CEF_SEVERITY: Record<Severity, number> = { info: 1, low: 3, medium: 5, high: 8, critical: 10 };

export function escapeCefHeader(value: string): string {
  // Line breaks are not allowed in the header at all.
  return value.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r\n|\r|\n/g, ' ');
}

export function escapeCefExtension(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('=', '\\=').replaceAll('\r', '\\r').replaceAll('\n', '\\n');
}

const HEADER_NAME_MAX = 512;
// ArcSight's limits for msg and the cs* strings.
const MSG_MAX = 1023;
const CS_MAX = 4000;

const cut = (value: string, max: number) => (value.length <= max ? value : value.slice(0, max));
const epochMs = (iso: string) => String(Date.parse(iso));

/**
 * The extension as ordered key/value pairs. Custom strings: cs1 alert type, cs2 status, cs3 device
 * ids, cs4 reasons, cs5 cluster id, cs6 console URL; cn1 score; flexString1 the event id.
 */
export function cefExtensions(event: AlertEvent, context: FormatContext): [string, string][] {
  const pairs: [string, string | null][] = [
    ['rt', epochMs(event.occurredAt)],
    ['dvchost', context.hostname],
    ['act', event.kind],
    ['externalId', event.alertId],
    ['cat', event.category],
    ['msg', cut(event.summary, MSG_MAX)],
    ['start', epochMs(event.firstSeen)],
    ['end', epochMs(event.lastSeen)],
    ['cnt', String(event.count)],
    ['cs1Label', 'alertType'], ['cs1', event.type],
    ['cs2Label', 'status'], ['cs2', event.status],
    ['cs3Label', 'deviceIds'], ['cs3', cut(event.deviceIds.join(','), CS_MAX)],
    ['cs4Label', 'reasons'], ['cs4', cut(event.reasons.join('\n'), CS_MAX)],
    ['cs5Label', 'clusterId'], ['cs5', event.clusterId],
    ['cs6Label', 'consoleUrl'], ['cs6', event.consoleUrl],
    ['cn1Label', 'score'], ['cn1', String(event.score)],
    ['flexString1Label', 'eventId'], ['flexString1', event.eventId],
  ];
  // A label without its value is noise: drop both when the value is absent.
  const present = new Set(pairs.filter(([, value]) => value !== null && value !== '').map(([key]) => key));
  return pairs
    .filter(([key, value]) => value !== null && value !== '' && (!key.endsWith('Label') || present.has(key.slice(0, -'Label'.length))))
    .map(([key, value]) => [key, value as string]);
}

export function cefMessage(event: AlertEvent, context: FormatContext): string {
  const header = [
    'CEF:0',
    'FarmWatch',
    'FarmWatch',
    escapeCefHeader(context.productVersion),
    escapeCefHeader(event.signal),
    escapeCefHeader(cut(event.summary, HEADER_NAME_MAX)),
    String(CEF_SEVERITY[event.severity]),
  ].join('|');
  const extension = cefExtensions(event, context).map(([key, value]) => `${key}=${escapeCefExtension(value)}`).join(' ');
  return `${header}|${extension}`;
}
