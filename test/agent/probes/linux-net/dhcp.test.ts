// DHCP servers from lease files: the parsers, and interfaces[].dhcpServer on a constructed tree
// holding dhclient, NetworkManager and systemd-networkd leases (formats in samples/README.md).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickDhcpServer, withDhcpServers, type FoundLease } from '../../../../agent/probes/linux/dhcp.js';
import { parseDhclientLeases, parseKeyValueLease, parseNetworkManagerDevice } from '../../../../agent/probes/linux/parse-dhcp-leases.js';
import { RootedFs } from '../../../../agent/probes/util/rooted-fs.js';
import type { InterfaceFact } from '../../../../shared/schema/facts.js';

const DHCLIENT = `default-duid "\\000\\001\\000\\001\\036\\262\\005\\311RT\\000\\022\\064\\126";
lease {
  interface "eth0";
  fixed-address 192.168.1.50;
  option subnet-mask 255.255.255.0;
  option routers 192.168.1.1;
  option dhcp-lease-time 86400;
  option dhcp-message-type 5;
  option domain-name-servers 192.168.1.1;
  option dhcp-server-identifier 192.168.1.1;
  renew 4 2026/11/19 20:11:02;
  rebind 5 2026/11/20 06:05:41;
  expire 5 2026/11/20 09:05:41;
}
lease {
  interface "eth0";
  fixed-address 10.20.0.77;
  option subnet-mask 255.255.0.0;
  option routers 10.20.0.1;
  option dhcp-server-identifier 10.20.0.2;
  renew 0 2026/11/22 10:00:00;
  expire 1 2026/11/23 09:00:00;
}
`;

const NETWORKD = `# This is private data. Do not parse.
ADDRESS=172.16.4.20
NETMASK=255.255.255.0
ROUTER=172.16.4.1
SERVER_ADDRESS=172.16.4.1
T1=1800
T2=3150
LIFETIME=3600
DNS=172.16.4.1
`;

const NM_DEVICE = `[device]
state=connected
managed=true

[dhcp4]
dhcp_lease_time=7200
dhcp_server_identifier=192.168.178.1
domain_name_servers=192.168.178.1
ip_address=192.168.178.31
routers=192.168.178.1
`;

const iface = (name: string, ipv4: string[] = []): InterfaceFact => ({ name, kind: 'ethernet', up: true, ipv4, ipv6: [] });

describe('lease parsers', () => {
  it('reads every dhclient lease block, oldest first', () => {
    expect(parseDhclientLeases(DHCLIENT)).toEqual([
      { interface: 'eth0', address: '192.168.1.50', server: '192.168.1.1' },
      { interface: 'eth0', address: '10.20.0.77', server: '10.20.0.2' },
    ]);
    expect(parseDhclientLeases('lease { interface "x"; option dhcp-server-identifier 999.1.1.1; }')).toEqual([]);
  });

  it('reads systemd-networkd and NetworkManager device state', () => {
    expect(parseKeyValueLease(NETWORKD)).toEqual({ address: '172.16.4.20', server: '172.16.4.1' });
    expect(parseKeyValueLease('ADDRESS=10.0.0.2\n')).toBeUndefined();
    expect(parseNetworkManagerDevice(NM_DEVICE)).toEqual({ address: '192.168.178.31', server: '192.168.178.1' });
    expect(parseNetworkManagerDevice('[dhcp6]\ndhcp_server_identifier=192.168.1.1\n')).toBeUndefined();
  });
});

describe('dhcpServer on interfaces', () => {
  let root: string;
  const put = async (path: string, text: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'farmwatch-dhcp-'));
    await put('var/lib/dhcp/dhclient.eth0.leases', DHCLIENT);
    await put('var/lib/NetworkManager/internal-8e5f3f36-2b1c-4c43-9d6a-0f7d3a8d51a2-wlan0.lease', '# This is private data. Do not parse.\nADDRESS=192.168.0.14\nSERVER_ADDRESS=192.168.0.254\n');
    await put('var/lib/NetworkManager/timestamps', '[timestamps]\n');
    await put('sys/class/net/enp3s0/ifindex', '3\n');
    await put('run/systemd/netif/leases/3', NETWORKD);
    await put('sys/class/net/wlp4s0/ifindex', '4\n');
    await put('run/NetworkManager/devices/4', NM_DEVICE);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('fills each interface from the lease its client wrote; others stay without', async () => {
    const fs = new RootedFs(root, new AbortController().signal);
    const result = await withDhcpServers([iface('eth0'), iface('wlan0'), iface('enp3s0'), iface('wlp4s0'), iface('lo')], fs);
    expect(Object.fromEntries(result.map((i) => [i.name, i.dhcpServer]))).toEqual({
      eth0: '10.20.0.2', // the newest block
      wlan0: '192.168.0.254',
      enp3s0: '172.16.4.1',
      wlp4s0: '192.168.178.1',
      lo: undefined,
    });
  });

  it('an empty tree changes nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'farmwatch-dhcp-empty-'));
    const interfaces = [iface('eth0', ['192.0.2.2'])];
    expect(await withDhcpServers(interfaces, new RootedFs(empty, new AbortController().signal))).toEqual(interfaces);
    await rm(empty, { recursive: true });
  });

  it('on a live system trusts a /var/lib lease only while its address is still held', () => {
    const leases: FoundLease[] = [
      { interface: 'eth0', address: '192.168.1.50', server: '192.168.1.1', current: false },
      { interface: 'eth0', address: '10.20.0.77', server: '10.20.0.2', current: false },
    ];
    expect(pickDhcpServer(iface('eth0', ['192.168.1.50']), leases, true)).toBe('192.168.1.1');
    expect(pickDhcpServer(iface('eth0', ['192.0.2.9']), leases, true)).toBeUndefined();
    expect(pickDhcpServer(iface('eth0', []), leases, true)).toBeUndefined();
    expect(pickDhcpServer(iface('eth0', ['192.0.2.9']), [...leases, { interface: 'eth0', server: '192.0.2.1', current: true }], true)).toBe('192.0.2.1');
  });
});
