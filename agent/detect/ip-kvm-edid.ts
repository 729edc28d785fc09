// IP-KVMs by the EDID their HDMI capture side presents: a known device's identity
// (`ip_kvm.edid_match`; `ip_kvm.usb_history` for a display the OS only remembers), or KVM-like anomalies on an external display (`ip_kvm.edid_anomaly`):
// no physical size, a placeholder serial, a remote-access virtual display, a broken checksum.
// Built-in panels (eDP, LVDS, DSI) are never judged for anomalies.
import type { DisplayFact, Facts, Finding, Policy } from '../../shared/index.js';
import {
  IP_KVM_EDID_SIGNATURES, PLACEHOLDER_EDID_SERIALS, PLACEHOLDER_EDID_SERIAL_TEXTS, VIRTUAL_DISPLAY_EDIDS,
} from '../catalogues/ip-kvm.js';
import type { IpKvmEdidSignature } from '../catalogues/ip-kvm.js';
import { isConnectedExternal, isInternalDisplay } from './display.js';
import { decodeEdid, EdidError, edidIdLabel, hex32 } from './edid.js';
import type { DecodedEdid } from './edid.js';
import type { EvidenceInput } from './finding.js';
import { makeFinding } from './finding.js';

const startsWith = (value: string | undefined, prefix: string) => value !== undefined && value.toLowerCase().startsWith(prefix.toLowerCase());

function matchesIds(e: DecodedEdid, s: IpKvmEdidSignature): boolean {
  if (s.manufacturer === undefined && s.productCodes.length === 0 && s.serialNumber === undefined) return false;
  return (s.manufacturer === undefined || e.manufacturer === s.manufacturer)
    && (s.productCodes.length === 0 || s.productCodes.includes(e.productCode))
    && (s.serialNumber === undefined || e.serialNumber === s.serialNumber)
    && (!s.zeroSize || (e.widthCm === 0 && e.heightCm === 0));
}

/** How a decoded EDID matches a KVM signature (identity fields first, then the monitor name), or undefined. */
export function matchEdidSignature(e: DecodedEdid): { signature: IpKvmEdidSignature; matchedBy: string } | undefined {
  for (const signature of IP_KVM_EDID_SIGNATURES) {
    if (!matchesIds(e, signature)) continue;
    const parts = [edidIdLabel(e)];
    if (signature.serialNumber !== undefined) parts.push(`serial ${hex32(e.serialNumber)}`);
    if (signature.zeroSize) parts.push('0x0 cm');
    return { signature, matchedBy: parts.join(' + ') };
  }
  for (const signature of IP_KVM_EDID_SIGNATURES) {
    if (signature.namePrefixes.some((prefix) => startsWith(e.name, prefix))) return { signature, matchedBy: `monitor name "${e.name}"` };
  }
  return undefined;
}

interface Anomaly {
  reason: string;
  /** Common enough on real displays that it counts only next to a strong anomaly. */
  weak: boolean;
}

/** KVM-like anomalies of an external display's EDID. */
export function edidAnomalies(e: DecodedEdid): Anomaly[] {
  const anomalies: Anomaly[] = [];
  if (e.widthCm === 0 && e.heightCm === 0) anomalies.push({ reason: 'no physical size (0x0 cm)', weak: false });
  const serial = PLACEHOLDER_EDID_SERIALS.find((s) => s.value === e.serialNumber);
  if (serial) anomalies.push({ reason: `placeholder serial ${hex32(e.serialNumber)} (${serial.note})`, weak: serial.weak });
  const serialText = e.serialText?.toUpperCase();
  if (serialText && PLACEHOLDER_EDID_SERIAL_TEXTS.includes(serialText)) anomalies.push({ reason: `placeholder serial string "${e.serialText}"`, weak: false });
  const virtual = VIRTUAL_DISPLAY_EDIDS.some((v) => v.manufacturer === e.manufacturer && v.productCode === e.productCode);
  if (virtual) anomalies.push({ reason: `virtual display driver identity (${edidIdLabel(e)}${e.name ? ` "${e.name}"` : ''}), as remote-access tools install`, weak: false });
  if (!e.checksumValid) anomalies.push({ reason: 'bad base-block checksum', weak: true });
  return anomalies;
}

function edidEvidence(d: DisplayFact, e: DecodedEdid): EvidenceInput {
  return {
    connector: d.connector,
    connected: d.connected,
    internal: isInternalDisplay(d),
    manufacturer: e.manufacturer,
    productCode: `0x${e.productCode.toString(16).padStart(4, '0')}`,
    serialNumber: hex32(e.serialNumber),
    serialText: e.serialText,
    monitorName: e.name,
    sizeCm: `${e.widthCm}x${e.heightCm}`,
    manufactured: e.week === 0xff ? `model year ${e.year}` : `${e.year} week ${e.week}`,
    checksumValid: e.checksumValid,
  };
}

const displaySubject = (d: DisplayFact, e?: DecodedEdid) => `${e?.name ?? (e ? edidIdLabel(e) : 'display')} on ${d.connector}`;

function checkDisplay(d: DisplayFact): Finding | undefined {
  if (!d.edidHex) return undefined;
  const external = isConnectedExternal(d);
  let edid: DecodedEdid;
  try {
    edid = decodeEdid(d.edidHex);
  } catch (error) {
    if (!(error instanceof EdidError) || !external) return undefined;
    return makeFinding('ip_kvm.edid_anomaly', {
      subject: displaySubject(d),
      summary: `The external display on ${d.connector} presents an unreadable EDID (${error.message}).`,
      evidence: { connector: d.connector, connected: d.connected, internal: false, anomalies: [`unreadable EDID: ${error.message}`] },
      severity: 'low',
    });
  }
  const match = matchEdidSignature(edid);
  if (match && !d.connected) {
    // Windows remembers monitors it has seen: a KVM unplugged before the scan still leaves this.
    return makeFinding('ip_kvm.usb_history', {
      subject: displaySubject(d, edid),
      summary: `The OS remembers a display on ${d.connector} with the EDID of ${match.signature.name} (${match.matchedBy}): an IP-KVM was attached before.`,
      evidence: { ...edidEvidence(d, edid), kvm: match.signature.name, kvmId: match.signature.id, matchedBy: match.matchedBy },
    });
  }
  if (match) {
    return makeFinding('ip_kvm.edid_match', {
      subject: displaySubject(d, edid),
      summary: `The display on ${d.connector} presents the EDID of ${match.signature.name} (${match.matchedBy}): an IP-KVM is capturing this laptop's screen.`,
      evidence: { ...edidEvidence(d, edid), kvm: match.signature.name, kvmId: match.signature.id, matchedBy: match.matchedBy },
    });
  }
  if (!external) return undefined;
  const anomalies = edidAnomalies(edid);
  if (anomalies.length === 0) return undefined;
  const strong = anomalies.some((a) => !a.weak);
  return makeFinding('ip_kvm.edid_anomaly', {
    subject: displaySubject(d, edid),
    summary: `The external display on ${d.connector} (${edidIdLabel(edid)}) has KVM-like EDID anomalies: ${anomalies.map((a) => a.reason).join('; ')}.`,
    evidence: { ...edidEvidence(d, edid), anomalies: anomalies.map((a) => a.reason) },
    ...(strong ? {} : { severity: 'low' as const }),
  });
}

export function detectIpKvmEdid(facts: Facts, _policy: Policy): Finding[] {
  return facts.displays.map(checkDisplay).filter((f): f is Finding => f !== undefined);
}
