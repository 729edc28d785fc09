// The alert's story in plain words, told before any evidence: who, how many, what ties them.
// Pure, so it is tested without a browser (test/console/story.test.ts).
import type { Alert, EvidenceValue } from './types.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const strings = (value: EvidenceValue | undefined): string[] => (Array.isArray(value) ? value : []);
/** The co-location evidence kinds of server/correlation/types.ts, in words. */
const NETWORK_WORDS: Record<string, string> = {
  beacon: 'hear each other on one local network',
  bssid: 'use one Wi-Fi access point',
  gateway: 'sit behind one home router',
  neighbours: 'see the same devices around them',
  ip: 'leave the internet through one address',
};

function farmStory(alert: Alert): string {
  const cluster = alert.evidence.find((e) => typeof e.evidence.clusterId === 'string');
  const devices = alert.evidence.filter((e) => typeof e.evidence.agentId === 'string');
  const employees = new Set(devices.map((d) => d.evidence.employeeId).filter((id): id is string => typeof id === 'string'));
  const kvms = devices.filter((d) => strings(d.evidence.ipKvm).length > 0);
  const remote = devices.filter((d) => strings(d.evidence.remoteControl).length > 0);
  const kinds = strings(cluster?.evidence.evidenceKinds);
  const how = kinds.map((k) => NETWORK_WORDS[k]).filter(Boolean);
  const count = devices.length || alert.agentIds.length;
  const who = employees.size
    ? `assigned to ${plural(employees.size, 'different employee')}`
    : 'with no known employee';
  const parts = [`${plural(count, 'laptop')} ${who} share one home network${how.length ? ` (they ${how.join(', ')})` : ''}`];
  const kvmNames = [...new Set(kvms.flatMap((d) => strings(d.evidence.ipKvm)))];
  const toolNames = [...new Set(remote.flatMap((d) => strings(d.evidence.remoteControl)))];
  if (kvms.length) parts.push(`${kvms.length} of them ${kvms.length === 1 ? 'has' : 'have'} an IP-KVM attached (${kvmNames.join(', ')})`);
  if (remote.length) parts.push(`${remote.length} of them ${remote.length === 1 ? 'runs' : 'run'} remote-control software (${toolNames.join(', ')})`);
  return `${parts.join('; ')}.`;
}

/** `deviceName`: the device's hostname when the page knows it (device alerts carry only the agent id). */
export function alertStory(alert: Alert, deviceName?: string): string {
  if (alert.type === 'farm_suspected') return farmStory(alert);
  const subject = alert.evidence[0]?.subject;
  const host = alert.evidence.find((e) => typeof e.evidence.hostname === 'string')?.evidence.hostname ?? deviceName;
  const base = alert.summary.endsWith('.') ? alert.summary : `${alert.summary}.`;
  const seen = alert.count > 1 ? ` Seen in ${alert.count} reports since it was first raised.` : '';
  return `${typeof host === 'string' ? `${host}: ` : ''}${base}${subject && !base.includes(subject) ? ` (${subject})` : ''}${seen}`;
}
