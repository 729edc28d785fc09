// Device compliance (for MDM compliance scripts): the rules a device must pass, as data, so the
// agent (`scan --compliance`) and the collector judge a device the same way. A rule fails on any
// finding of its category above `info` (sanctioned tools and allowed VPNs are reported as `info`),
// unless the policy flag named in `waivedBy` is true. A rule whose probes (`needs`, Facts part
// names) failed in the scan cannot be judged: `unknown`, which is not compliant (fail closed).
import type { Category } from '../schema/common.js';

export interface ComplianceRule {
  readonly id: string;
  readonly category: Category;
  /** Policy boolean (dotted path) that waives the rule when true. */
  readonly waivedBy?: 'vpn.allowed';
  /** Probes (Facts part names) the rule's evidence comes from. */
  readonly needs: readonly string[];
  readonly description: string;
}

export const COMPLIANCE_RULES = [
  { id: 'no_unsanctioned_remote_access', category: 'remote_access', needs: ['processes'], description: 'No remote-access tool the policy does not sanction is running or installed.' },
  { id: 'no_ip_kvm', category: 'ip_kvm', needs: ['usbDevices'], description: 'No IP-KVM is attached, remembered or visible on the local network.' },
  { id: 'no_vpn', category: 'vpn', waivedBy: 'vpn.allowed', needs: ['interfaces', 'routes'], description: 'No VPN, tunnel or proxy, unless the policy allows VPNs.' },
] as const satisfies readonly ComplianceRule[];
