// Detection: facts + policy -> findings. Pure: every check is a function of its inputs, one file
// each; add a check by writing the file and listing it here.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { sortFindings } from './finding.js';
import { detectIpKvmEdid } from './ip-kvm-edid.js';
import { detectIpKvmHid } from './ip-kvm-hid.js';
import { detectIpKvmLan } from './ip-kvm-lan.js';
import { detectIpKvmStorage } from './ip-kvm-storage.js';
import { detectIpKvmStructure } from './ip-kvm-structure.js';
import { detectIpKvmUsb } from './ip-kvm-usb.js';
import { detectMouseJiggler } from './mouse-jiggler.js';
import { detectPosture } from './posture.js';
import { detectProbeHealth } from './probe-health.js';
import { detectLocaleMismatch } from './location-locale.js';
import { detectTimezoneMismatch } from './location-timezone.js';
import { detectRemoteAccess } from './remote-access.js';
import { detectRemoteAccessInstalled } from './remote-access-installed.js';
import { detectRemoteAccessListening } from './remote-access-listening.js';
import { detectRemoteAccessSession } from './remote-access-session.js';
import { detectVpn } from './vpn.js';
import { detectVpnClientInstalled } from './vpn-client-installed.js';
import { detectVpnClientRunning } from './vpn-client-running.js';
import { detectLoopbackProxy } from './vpn-loopback-proxy.js';
import { detectSystemProxy } from './vpn-system-proxy.js';

export type Check = (facts: Facts, policy: Policy) => Finding[];

export const CHECKS: readonly Check[] = [
  detectRemoteAccess,
  detectRemoteAccessInstalled,
  detectRemoteAccessListening,
  detectRemoteAccessSession,
  detectIpKvmUsb,
  detectIpKvmStructure,
  detectIpKvmEdid,
  detectIpKvmHid,
  detectIpKvmStorage,
  detectIpKvmLan,
  detectMouseJiggler,
  detectPosture,
  detectVpn,
  detectVpnClientRunning,
  detectVpnClientInstalled,
  detectLoopbackProxy,
  detectSystemProxy,
  detectTimezoneMismatch,
  detectLocaleMismatch,
  detectProbeHealth,
];

export function detect(facts: Facts, policy: Policy): Finding[] {
  return sortFindings(CHECKS.flatMap((check) => check(facts, policy)));
}
