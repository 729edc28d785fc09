// Scoring a cluster of co-located devices: how strongly they are linked, how many different
// people they belong to, how many devices, and whether members are remote-controlled. Pure:
// the engine hands in plain facts, the result carries plain-word reasons and a breakdown.
import type { ClusterScore, EvidenceKind, ScoreFactor } from './types.js';

/** How much one kind of shared evidence says "same room". Beacons are signed and LAN-only. */
export const KIND_WEIGHT: Record<EvidenceKind, number> = { beacon: 1, bssid: 0.8, gateway: 0.7, neighbours: 0.5, ip: 0.3 };
/** A shared hosting/VPN exit links unrelated customers of one VPN, not one home. */
export const HOSTING_IP_WEIGHT = 0.1;
/** An edge with an unknown employee on one side might join two devices of one person. */
export const UNKNOWN_EMPLOYEE_FACTOR = 0.5;

export const MAX_POINTS = { co_location: 45, employees: 25, devices: 5, remote_control: 25 } as const;

export interface ScoredEdge {
  kinds: readonly EvidenceKind[];
  hostingIp: boolean;
  employeesKnown: boolean;
}

export interface ScoredMember {
  employeeId: string | null;
  remoteControl: boolean;
  ipKvm: boolean;
}

/** 0..1: independent pieces of evidence combine as 1 - prod(1 - w). */
export function edgeStrength(edge: ScoredEdge): number {
  let missing = 1;
  for (const kind of edge.kinds) missing *= 1 - (kind === 'ip' && edge.hostingIp ? HOSTING_IP_WEIGHT : KIND_WEIGHT[kind]);
  return (1 - missing) * (edge.employeesKnown ? 1 : UNKNOWN_EMPLOYEE_FACTOR);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const KIND_PHRASE: Record<EvidenceKind, string> = {
  gateway: 'same gateway MAC',
  bssid: 'same Wi-Fi BSSID',
  neighbours: 'largely the same devices on the LAN',
  ip: 'same public IP address',
  beacon: 'they hear each other\'s LAN beacons',
};
const PHRASE_ORDER: EvidenceKind[] = ['gateway', 'bssid', 'neighbours', 'ip', 'beacon'];

function headline(devices: number, known: number, unknown: number, kinds: ReadonlySet<EvidenceKind>, hostingOnly: boolean): string {
  const people = unknown === 0
    ? plural(known, 'employee', 'different employees')
    : `${plural(known, 'known employee', 'different known employees')} (${unknown} with no known employee)`;
  const home = kinds.has('beacon') || kinds.has('bssid') || kinds.has('gateway') || kinds.has('neighbours');
  if (!home) return `${devices} laptops assigned to ${people} share one public IP address${hostingOnly ? ' of a hosting/VPN provider' : ''}`;
  const how = PHRASE_ORDER.filter((k) => kinds.has(k)).map((k) => (k === 'ip' && hostingOnly ? `${KIND_PHRASE.ip} of a hosting/VPN provider` : KIND_PHRASE[k]));
  return `${devices} laptops assigned to ${people} share one home network (${how.join(', ')})`;
}

export interface ClusterScoreInput {
  members: readonly ScoredMember[];
  edges: readonly ScoredEdge[];
  farmThreshold: number;
}

export function scoreCluster({ members, edges, farmThreshold }: ClusterScoreInput): ClusterScore {
  const known = new Set(members.flatMap((m) => (m.employeeId === null ? [] : [m.employeeId]))).size;
  const unknown = members.filter((m) => m.employeeId === null).length;
  const remote = members.filter((m) => m.remoteControl).length;
  const kvm = members.filter((m) => m.ipKvm).length;
  const kinds = new Set(edges.flatMap((e) => e.kinds));
  const ipEdges = edges.filter((e) => e.kinds.includes('ip'));
  const hostingOnly = ipEdges.length > 0 && ipEdges.every((e) => e.hostingIp);

  const strength = edges.length === 0 ? 0 : edges.reduce((sum, e) => sum + edgeStrength(e), 0) / edges.length;
  // Unknown employees count as distinct people, at half weight.
  const people = known + unknown * UNKNOWN_EMPLOYEE_FACTOR;
  const control = 1 - 0.8 ** remote * 0.55 ** kvm;

  const breakdown: ScoreFactor[] = [
    { factor: 'co_location', max: MAX_POINTS.co_location, points: round1(MAX_POINTS.co_location * strength),
      detail: `mean edge strength ${strength.toFixed(2)} over ${plural(edges.length, 'link', 'links')} (beacon > BSSID > gateway > neighbours > IP; hosting IP and unknown employees weaker)` },
    { factor: 'employees', max: MAX_POINTS.employees, points: round1(MAX_POINTS.employees * clamp01((people - 2) / 2)),
      detail: `${people} distinct employees (two could be a household; four or more is not)` },
    { factor: 'devices', max: MAX_POINTS.devices, points: round1(MAX_POINTS.devices * clamp01((members.length - 2) / 8)),
      detail: plural(members.length, 'device', 'devices') },
    { factor: 'remote_control', max: MAX_POINTS.remote_control, points: round1(MAX_POINTS.remote_control * control),
      detail: `${remote} with remote-control software, ${kvm} with an IP-KVM` },
  ];
  const score = round1(breakdown.reduce((sum, f) => sum + f.points, 0));

  const reasons = [headline(members.length, known, unknown, kinds, hostingOnly)];
  if (kvm > 0) reasons.push(`${kvm} of them ${kvm === 1 ? 'has' : 'have'} an IP-KVM attached`);
  if (remote > 0) reasons.push(`${remote} of them ${remote === 1 ? 'runs' : 'run'} remote-control software`);
  if (hostingOnly) reasons.push('the shared public IP belongs to a hosting or VPN provider, which unrelated people share: weaker evidence');
  if (unknown > 0) reasons.push(`${plural(unknown, 'laptop has', 'laptops have')} no known employee: counted as a distinct person, at half weight`);

  return { score, farmSuspected: score >= farmThreshold, reasons, summary: reasons.join('; '), breakdown };
}
