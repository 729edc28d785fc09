// Office networks: egress CIDRs and gateway-MAC hashes where co-located laptops are expected.
import { z } from 'zod';
import { KeyedHash } from '../../shared/index.js';
import { formatCidr, parseCidr } from '../net/ip.js';

export const OfficeInput = z.strictObject({
  name: z.string().trim().min(1, 'required').max(128),
  /** IPv4 or IPv6 blocks the office reaches the internet from; stored in canonical form. */
  egressCidrs: z.array(z.string().max(64).transform((text, ctx) => {
    const cidr = parseCidr(text);
    if (!cidr) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not an IPv4 or IPv6 address or CIDR block (e.g. 203.0.113.0/24, 2001:db8:10::/48)` });
      return z.NEVER;
    }
    return formatCidr(cidr);
  })).max(256).default([]),
  /** Keyed hashes of the office routers' MACs, as agents report `network.gatewayMacHash`. */
  gatewayMacHashes: z.array(KeyedHash).max(256).default([]),
}).refine((o) => o.egressCidrs.length + o.gatewayMacHashes.length > 0, {
  message: 'an office needs at least one egress CIDR or gateway MAC hash', path: ['egressCidrs'],
});
export type OfficeInput = z.output<typeof OfficeInput>;

export interface Office extends OfficeInput {
  id: string;
  createdAt: string;
}
