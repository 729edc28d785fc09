// DHCP lease files -> the server that granted the lease, per interface. Formats:
//  - ISC dhclient (dhclient.leases(5)): `lease { interface "eth0"; fixed-address A;
//    option dhcp-server-identifier S; ... }`, appended over time (the last block is the newest);
//  - systemd-networkd (/run/systemd/netif/leases/<ifindex>) and NetworkManager's internal client
//    (/var/lib/NetworkManager/internal-<uuid>-<if>.lease): KEY=VALUE lines, ADDRESS= and
//    SERVER_ADDRESS=;
//  - NetworkManager device state (/run/NetworkManager/devices/<ifindex>): a keyfile whose [dhcp4]
//    section holds the lease options, `dhcp_server_identifier=S`.
export interface DhcpLease {
  interface?: string;
  /** The address leased to us, when the file says. */
  address?: string;
  server: string;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
export const isIpv4 = (value: string | undefined): value is string => value !== undefined && IPV4.test(value);

/** Every lease block with a server identifier, oldest first. */
export function parseDhclientLeases(text: string): DhcpLease[] {
  const leases: DhcpLease[] = [];
  for (const block of text.matchAll(/lease\s*\{([^}]*)\}/g)) {
    const body = block[1] as string;
    const server = /option\s+dhcp-server-identifier\s+([0-9.]+)\s*;/.exec(body)?.[1];
    if (!isIpv4(server)) continue;
    const lease: DhcpLease = { server };
    const iface = /\binterface\s+"([^"]+)"\s*;/.exec(body)?.[1];
    const address = /\bfixed-address\s+([0-9.]+)\s*;/.exec(body)?.[1];
    if (iface) lease.interface = iface;
    if (isIpv4(address)) lease.address = address;
    leases.push(lease);
  }
  return leases;
}

/** systemd-networkd / NetworkManager internal lease: KEY=VALUE lines. */
export function parseKeyValueLease(text: string): DhcpLease | undefined {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values.set(match[1] as string, (match[2] as string).trim());
  }
  const server = values.get('SERVER_ADDRESS');
  if (!isIpv4(server)) return undefined;
  const address = values.get('ADDRESS');
  return isIpv4(address) ? { server, address } : { server };
}

/** NetworkManager device state keyfile: `dhcp_server_identifier` in the [dhcp4] section. */
export function parseNetworkManagerDevice(text: string): DhcpLease | undefined {
  let section = '';
  let server: string | undefined;
  let address: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1] as string;
      continue;
    }
    if (section !== 'dhcp4') continue;
    const match = /^([a-z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1] === 'dhcp_server_identifier') server = match[2]?.trim();
    if (match?.[1] === 'ip_address') address = match[2]?.trim();
  }
  if (!isIpv4(server)) return undefined;
  return isIpv4(address) ? { server, address } : { server };
}
