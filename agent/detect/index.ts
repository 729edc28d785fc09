// Detection: facts + policy -> findings. Pure: every check is a function of its inputs, one file
// each; add a check by writing the file and listing it here.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { sortFindings } from './finding.js';
import { detectIpKvmStructure } from './ip-kvm-structure.js';
import { detectIpKvmUsb } from './ip-kvm-usb.js';
import { detectProbeHealth } from './probe-health.js';
import { detectRemoteAccess } from './remote-access.js';
import { detectVpn } from './vpn.js';

export type Check = (facts: Facts, policy: Policy) => Finding[];

export const CHECKS: readonly Check[] = [
  detectRemoteAccess,
  detectIpKvmUsb,
  detectIpKvmStructure,
  detectVpn,
  detectProbeHealth,
];

export function detect(facts: Facts, policy: Policy): Finding[] {
  return sortFindings(CHECKS.flatMap((check) => check(facts, policy)));
}
