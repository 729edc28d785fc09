// Suppression rules: analyst-made exceptions that withhold alerts (a sanctioned tool on one
// device, a known office network). Matching is pure; the store keeps the rules and their counters.
import { BlockList, isIP } from 'node:net';
import { SEVERITY_RANK, type Finding } from '../../shared/index.js';
import type { Suppression, SuppressionCriteria } from '../store/operations.js';
import type { AlertRule, NewAlert } from '../store/store.js';
import { ALERT_MIN_SEVERITY } from './rules.js';

/** What is known about the alert's origin besides the alert itself. */
export interface SuppressionContext {
  agentIds: readonly string[];
  /** Employees the devices are assigned to (from the inventory, when there is one). */
  employeeIds?: readonly string[];
  /** The address the report came from. */
  egressIp?: string;
  gatewayMacHash?: string;
}

export const KEYED_HASH = /^[0-9a-f]{32}$/;

/** `10.0.0.0/8`, `2001:db8::/32`: an address and a prefix length that fits it. */
export function parseCidr(value: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value.trim());
  if (!match) return undefined;
  const version = isIP(match[1]!);
  const prefix = Number(match[2]);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address: match[1]!, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A suppression `network` is a CIDR or a gateway MAC keyed hash. */
export const isSuppressionNetwork = (value: string): boolean => KEYED_HASH.test(value) || parseCidr(value) !== undefined;

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) compares as `192.0.2.1`. */
function plainAddress(ip: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const version = isIP(address);
  return version === 0 ? undefined : { address, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function networkMatches(network: string, context: SuppressionContext): boolean {
  if (KEYED_HASH.test(network)) return context.gatewayMacHash === network;
  const cidr = parseCidr(network);
  const egress = context.egressIp === undefined ? undefined : plainAddress(context.egressIp);
  if (!cidr || !egress || egress.family !== cidr.family) return false;
  const list = new BlockList();
  list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  return list.check(egress.address, egress.family);
}

/**
 * Every criterion the rule sets must hold. `subjects` are what the alert is about (finding
 * subjects): a tool rule matches only when all of them are that tool.
 */
export function suppressionMatches(rule: SuppressionCriteria, signal: string, subjects: readonly string[], context: SuppressionContext): boolean {
  if (rule.agentId !== null && !context.agentIds.includes(rule.agentId)) return false;
  if (rule.employeeId !== null && !(context.employeeIds ?? []).includes(rule.employeeId)) return false;
  if (rule.signal !== null && rule.signal !== signal) return false;
  if (rule.tool !== null) {
    const tool = rule.tool.toLowerCase();
    if (!subjects.length || !subjects.every((s) => s.toLowerCase() === tool)) return false;
  }
  if (rule.network !== null && !networkMatches(rule.network, context)) return false;
  return true;
}

/** The rules that withhold a raised (non-report) alert. */
export function suppressionsFor(alert: Pick<NewAlert, 'signal' | 'evidence'>, rules: readonly Suppression[], context: SuppressionContext): Suppression[] {
  const subjects = alert.evidence.map((e) => e.subject);
  return rules.filter((rule) => suppressionMatches(rule, alert.signal, subjects, context));
}

export interface SuppressingRule {
  decide: AlertRule;
  /** Rule ids to count, once per rule and signal whose alert-worthy findings it withheld. */
  hits(): string[];
}

/**
 * Wraps an alert rule so findings a suppression matches never reach it. The report and its
 * findings are still stored; only alerts are withheld.
 */
export function suppressingRule(rule: AlertRule, rules: readonly Suppression[], context: Omit<SuppressionContext, 'agentIds'>): SuppressingRule {
  let hits: string[] = [];
  return {
    hits: () => hits,
    decide(input) {
      const counted = new Set<string>();
      const kept: Finding[] = [];
      for (const finding of input.findings) {
        const matched = rules.filter((r) => suppressionMatches(r, finding.signal, [finding.subject], { ...context, agentIds: [input.agentId] }));
        if (!matched.length) {
          kept.push(finding);
          continue;
        }
        if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[ALERT_MIN_SEVERITY]) continue;
        for (const r of matched) counted.add(`${r.id}\n${finding.signal}`);
      }
      hits = [...counted].map((key) => key.split('\n')[0]!);
      return rule({ ...input, findings: kept });
    },
  };
}
