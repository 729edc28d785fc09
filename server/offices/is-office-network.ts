// Is a network observation one of the declared offices? Co-location there is expected and is
// not scored as a farm. Pure: the correlation code calls it with offices it loaded once.
import { cidrContains, parseCidr, parseIp } from '../net/ip.js';
import type { Office } from './office.js';

export interface NetworkObservation {
  /** Public egress IP the collector saw. */
  egressIp?: string | null;
  /** Keyed hash of the default gateway's MAC, as reported. */
  gatewayMacHash?: string | null;
}

export type OfficeNetworkDefinition = Pick<Office, 'egressCidrs' | 'gatewayMacHashes'> & Partial<Pick<Office, 'id' | 'name'>>;

/** The first office whose egress CIDRs contain the egress IP, or whose gateway hashes include the gateway's. */
export function findOfficeNetwork<O extends OfficeNetworkDefinition>(observation: NetworkObservation, offices: readonly O[]): O | undefined {
  const ip = observation.egressIp ? parseIp(observation.egressIp) : undefined;
  const gateway = observation.gatewayMacHash?.toLowerCase();
  return offices.find((office) =>
    (gateway !== undefined && office.gatewayMacHashes.some((h) => h.toLowerCase() === gateway))
    || (ip !== undefined && office.egressCidrs.some((text) => {
      const cidr = parseCidr(text);
      return cidr !== undefined && cidrContains(cidr, ip);
    })));
}

export function isOfficeNetwork(observation: NetworkObservation, offices: readonly OfficeNetworkDefinition[]): boolean {
  return findOfficeNetwork(observation, offices) !== undefined;
}
