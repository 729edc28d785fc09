// RFC 5424 syslog messages carrying a CEF payload, and their framing: one datagram per message
// over UDP (RFC 5426), octet counting "LEN SP MSG" over TCP and TLS (RFC 6587 3.4.1, RFC 5425).
import type { Severity } from '../../../shared/index.js';
import { SYSLOG_FACILITIES, type AlertEvent, type SyslogFacility, type SyslogOutput } from '../types.js';
import { cefMessage } from './cef.js';
import type { FormatContext } from './context.js';

/** RFC 5424 severities: 2 critical, 3 error, 4 warning, 5 notice, 6 informational. */
export const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };

export function facilityCode(facility: SyslogFacility): number {
  return SYSLOG_FACILITIES.indexOf(facility);
}

export function syslogPri(facility: SyslogFacility, severity: Severity): number {
  return facilityCode(facility) * 8 + SYSLOG_SEVERITY[severity];
}

/** PRINTUSASCII (33-126) of at most `max` characters, or the NILVALUE. */
function header(value: string | undefined, max: number): string {
  const clean = (value ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean || '-';
}

/** SD-PARAM values escape ", \ and ]. */
export function escapeSdValue(value: string): string {
  return value.replace(/["\\\]]/g, (char) => `\\${char}`);
}

export interface SdElement {
  id: string;
  params: [string, string][];
}

export function structuredData(elements: readonly SdElement[]): string {
  if (!elements.length) return '-';
  return elements.map((element) => `[${element.id}${element.params.map(([name, value]) => ` ${name}="${escapeSdValue(value)}"`).join('')}]`).join('');
}

export interface Rfc5424Fields {
  facility: SyslogFacility;
  severity: Severity;
  timestamp: string;
  hostname: string;
  appName: string;
  procId?: string;
  msgId?: string;
  structuredData: readonly SdElement[];
  message: string;
}

/** `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG` (MSG-ANY: no BOM, as SIEM CEF parsers expect). */
export function rfc5424(fields: Rfc5424Fields): string {
  return [
    `<${syslogPri(fields.facility, fields.severity)}>1`,
    new Date(fields.timestamp).toISOString(),
    header(fields.hostname, 255),
    header(fields.appName, 48),
    header(fields.procId, 128),
    header(fields.msgId, 32),
    structuredData(fields.structuredData),
    fields.message,
  ].join(' ');
}

/** One alert event as an RFC 5424 message: origin structured data, the CEF line as MSG. */
export function alertSyslogMessage(event: AlertEvent, config: Pick<SyslogOutput, 'facility' | 'appName'>, context: FormatContext): string {
  return rfc5424({
    facility: config.facility,
    severity: event.severity,
    timestamp: event.occurredAt,
    hostname: context.hostname,
    appName: config.appName,
    procId: context.procId,
    msgId: `alert-${event.kind}`,
    // `origin` is an IANA-registered SD-ID (RFC 5424 7.2), so no private enterprise number is needed.
    structuredData: [{ id: 'origin', params: [['software', 'FarmWatch'], ['swVersion', context.productVersion]] }],
    message: cefMessage(event, context),
  });
}

/** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
export function octetCounted(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}
