// Windows probes on Linux: the pure parsers over constructed PowerShell documents, the ProbeSet
// assembled with a real child process printing a document in place of powershell.exe, and
// detection over the parsed facts.
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../../../agent/detect/index.js';
import { scanProbes } from '../../../../agent/probes/scan.js';
import { execText } from '../../../../agent/probes/util/exec.js';
import { COLLECT_SCRIPT } from '../../../../agent/probes/win32/collect-script.js';
import { parseWin32Document, WIN32_SECTIONS, type Win32Document } from '../../../../agent/probes/win32/document.js';
import { win32Probes } from '../../../../agent/probes/win32/index.js';
import { parseWin32Connections } from '../../../../agent/probes/win32/parse-connections.js';
import { parseWin32Displays } from '../../../../agent/probes/win32/parse-displays.js';
import { parseWin32DnsServers } from '../../../../agent/probes/win32/parse-dns.js';
import { parseWin32Hid } from '../../../../agent/probes/win32/parse-hid.js';
import { parseWin32Host } from '../../../../agent/probes/win32/parse-host.js';
import { iconPath, parseWin32InstalledApps } from '../../../../agent/probes/win32/parse-installed-apps.js';
import { parseWin32Interfaces } from '../../../../agent/probes/win32/parse-interfaces.js';
import { parseWin32Neighbours } from '../../../../agent/probes/win32/parse-neighbours.js';
import { acStandbyTimeout, parseWin32Power } from '../../../../agent/probes/win32/parse-power.js';
import { parseProxyList, parseWin32Proxies, parseWinHttpProxy } from '../../../../agent/probes/win32/parse-proxies.js';
import { parseWin32Routes } from '../../../../agent/probes/win32/parse-routes.js';
import { parseWin32Services, RDP_SERVICE_NAME } from '../../../../agent/probes/win32/parse-services.js';
import { parseUsbstorId, parseWin32Storage } from '../../../../agent/probes/win32/parse-storage.js';
import { parseWin32Usb } from '../../../../agent/probes/win32/parse-usb.js';
import { parseNetshWlanInterfaces, parseWin32Wifi } from '../../../../agent/probes/win32/parse-wifi.js';
import type { CommandRunner } from '../../../../agent/probes/win32/run-powershell.js';
import { DEFAULT_POLICY, Facts, SEVERITY_RANK } from '../../../../shared/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const load = async (name: string): Promise<Win32Document> => parseWin32Document(await readFile(fixture(name), 'utf8'));
const PRINT_FILE = 'process.stdout.write(require("fs").readFileSync(process.argv[1]))';

/** Stands in for powershell.exe: a real node process printing the recorded document; counts its runs. */
function printingRunner(file: string, calls: { file: string; args: readonly string[] }[] = []): CommandRunner {
  return (command, args, signal) => {
    calls.push({ file: command, args });
    return execText(process.execPath, ['-e', PRINT_FILE, file], { signal });
  };
}

async function scan(file: string, calls?: { file: string; args: readonly string[] }[]): Promise<Facts> {
  const facts = await scanProbes(win32Probes({}, { runner: printingRunner(file, calls), ianaTimeZone: 'America/New_York' }), {
    platform: 'win32', probeTimeoutMs: 15_000, scanBudgetMs: 30_000,
  });
  return Facts.parse(facts);
}

describe('COLLECT_SCRIPT', () => {
  it('is one command-line argument without double quotes and fills every section', () => {
    expect(COLLECT_SCRIPT).not.toContain('"');
    for (const name of WIN32_SECTIONS) expect(COLLECT_SCRIPT).toContain(`Add-Section '${name}'`);
    expect(COLLECT_SCRIPT).toContain('ConvertTo-Json');
  });
});

describe('parseWin32Document', () => {
  it('explains output that is not a JSON object', () => {
    expect(() => parseWin32Document('')).toThrow(/printed nothing/);
    expect(() => parseWin32Document('Get-CimInstance : Access denied')).toThrow(/not JSON.*Access denied/);
    expect(() => parseWin32Document('[1,2]')).toThrow(/not a JSON object/);
    expect(parseWin32Document('\uFEFF{"version":1}')).toEqual({ version: 1 });
  });
});

describe('Windows parsers on the PiKVM laptop', () => {
  let doc: Win32Document;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  beforeAll(async () => {
    doc = await load('windows-pikvm.json');
  });

  it('reads the host, keyboard layouts included', () => {
    const host = parseWin32Host(doc);
    expect(host).toMatchObject({ hostname: 'DESKTOP-7Q2K9LM', osRelease: 'Microsoft Windows 11 Pro 10.0.22631', arch: 'x86_64', serial: '5CG1234XYZ', timezone: 'Eastern Standard Time', locale: 'en-US' });
    expect(host.keyboardLayouts).toEqual(['00000409', '00000412', '0409:00000409', '0412:{A028AE76-01B1-46C2-99C4-ACD9858AE02F}{B5FE1F02-D5F2-4445-9C03-C568F23C99A1}']);
    expect(parseWin32Host(doc, { ianaTimeZone: 'America/New_York' }).timezone).toBe('America/New_York');
  });

  it('builds the PiKVM composite from its MI_xx children and remembers the JetKVM', () => {
    const devices = parseWin32Usb(doc, warn);
    expect(devices).toHaveLength(2);
    expect(devices[0]).toEqual({
      location: 'USB\\VID_1D6B&PID_0104\\CAFEBABE', vendorId: '1d6b', productId: '0104', product: 'PiKVM Composite Device', serial: 'CAFEBABE', deviceClass: '00',
      interfaces: [
        { class: '03', subclass: '01', protocol: '01', driver: 'HidUsb' },
        { class: '03', subclass: '00', protocol: '00', driver: 'HidUsb' },
        { class: '08', subclass: '06', protocol: '50', driver: 'USBSTOR' },
      ],
    });
    expect(devices[1]).toMatchObject({ vendorId: '1d6b', productId: '0104', product: 'JetKVM USB Emulation Device', serial: 'e2a1b3c4d5f60718', historical: true });
    expect(devices[1]!.interfaces.map((i) => i.class)).toEqual(['03', '03', '08']);
  });

  it('links HID collections to their USB device and reads usages from hardware ids', () => {
    expect(parseWin32Hid(doc, warn)).toEqual([
      { usbLocation: 'USB\\VID_1D6B&PID_0104\\CAFEBABE', vendorId: '1d6b', productId: '0104', name: 'PiKVM Composite Device', usages: [{ page: 1, usage: 6 }] },
      { usbLocation: 'USB\\VID_1D6B&PID_0104\\CAFEBABE', vendorId: '1d6b', productId: '0104', name: 'PiKVM Composite Device', usages: [{ page: 1, usage: 2 }] },
    ]);
  });

  it('reads SCSI inquiry strings from USBSTOR ids, present and remembered', () => {
    expect(parseWin32Storage(doc, warn)).toEqual([
      { usbLocation: 'USB\\VID_1D6B&PID_0104\\CAFEBABE', vendor: 'PiKVM', model: 'Optical Drive', revision: '1.00', kind: 'cdrom', removable: true },
      { usbLocation: 'USB\\VID_1D6B&PID_0104\\e2a1b3c4d5f60718', vendor: 'JetKVM', model: 'Virtual Media', revision: '1.00', kind: 'cdrom', removable: true, historical: true },
    ]);
    expect(parseUsbstorId('USBSTOR\\DISK&VEN_&PROD_USB_DISK_2.0&REV_PMAP\\070B2F3C5A6D&0')).toEqual({ kind: 'disk', vendor: undefined, model: 'USB DISK 2.0', revision: 'PMAP', usbSerial: '070B2F3C5A6D' });
    expect(parseUsbstorId('USB\\VID_1D6B&PID_0104\\X')).toBeUndefined();
  });

  it('joins registry EDIDs with the active monitors and marks the built-in panel', () => {
    const displays = parseWin32Displays(doc);
    expect(displays.map((d) => [d.connector, d.connected, d.internal])).toEqual([
      ['DISPLAY\\AUO1E8D\\4&1d4d3f2c&0&UID8388688', true, true],
      ['DISPLAY\\LNX7770\\5&2a1b3c4d&0&UID4352', true, false],
      ['DISPLAY\\TSB8801\\5&2a1b3c4d&0&UID4353', false, undefined],
    ]);
    const withoutWmi = parseWin32Displays({ ...doc, monitors: { error: 'Not supported' } }, warn);
    expect(withoutWmi.map((d) => [d.connected, d.internal])).toEqual([[true, undefined], [true, undefined], [false, undefined]]);
    expect(warnings).toContain("PowerShell section 'monitors': Not supported");
    const pikvm = displays[1]!.edidHex!;
    expect(pikvm).toHaveLength(256);
    expect(pikvm.slice(0, 24)).toBe('00ffffffffffff0031d87077'); // header, LNX, product 0x7770
  });

  it('reads network state, services, programs, proxies, DNS, Wi-Fi and power', () => {
    const interfaces = parseWin32Interfaces(doc, warn);
    expect(interfaces.find((i) => i.name === 'Wi-Fi')).toEqual({
      name: 'Wi-Fi', kind: 'wifi', up: true, mac: 'a4:c3:f0:85:7e:21', ipv4: ['192.168.1.23'], ipv6: ['fe80::8d2a:41b3:9c6e:1f02'], driver: 'Intel(R) Wi-Fi 6E AX211 160MHz', dhcpServer: undefined,
    });
    expect(interfaces.find((i) => i.kind === 'loopback')?.ipv4).toEqual(['127.0.0.1']);
    expect(warnings.some((w) => w.includes("'dhcp': Access denied"))).toBe(true);
    expect(parseWin32Routes(doc).find((r) => r.destination === '0.0.0.0/0')).toEqual({ destination: '0.0.0.0/0', gateway: '192.168.1.1', interface: 'Wi-Fi', metric: 0 });
    expect(parseWin32Routes(doc).find((r) => r.destination === '192.168.1.0/24')?.gateway).toBeUndefined();
    expect(parseWin32Neighbours(doc)).toEqual([
      { ip: '192.168.1.1', mac: 'f4:92:bf:3a:11:02', interface: 'Wi-Fi', state: 'reachable' },
      { ip: 'fe80::f692:bfff:fe3a:1102', mac: 'f4:92:bf:3a:11:02', interface: 'Wi-Fi', state: 'stale' },
    ]);
    const connections = parseWin32Connections(doc, warn);
    expect(connections[0]).toEqual({ protocol: 'tcp', localAddress: '0.0.0.0', localPort: 135, remoteAddress: undefined, remotePort: undefined, state: 'LISTEN', pid: 812, processName: 'svchost.exe' });
    expect(connections[1]).toMatchObject({ remoteAddress: '13.107.42.14', remotePort: 443, state: 'ESTABLISHED', processName: 'msedge.exe' });
    expect(parseWin32Services(doc, warn).find((s) => s.name === RDP_SERVICE_NAME)).toMatchObject({ state: 'running', startType: 'manual' });
    expect(parseWin32InstalledApps(doc).map((a) => [a.name, a.path])).toEqual([
      ['Microsoft Edge', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application'],
      ['Microsoft Teams', undefined],
    ]);
    expect(parseWin32Proxies(doc, warn)).toEqual([
      { source: 'wininet', kind: 'http', server: '127.0.0.1:12344' },
      { source: 'winhttp', kind: 'http', server: '127.0.0.1:12344' },
    ]);
    expect(parseWin32DnsServers(doc)).toEqual(['192.168.1.1']);
    expect(parseWin32Wifi(doc, warn)).toEqual([{ interface: 'Wi-Fi', unavailableReason: expect.stringMatching(/location permission/) }]);
    expect(parseWin32Power(doc, warn)).toEqual({ batteryPresent: false, onAc: true, sleepDisabled: true });
  });
});

describe('Windows text and value helpers', () => {
  it('parses proxy lists, netsh output and powercfg indexes', () => {
    expect(parseProxyList('http=10.0.0.5:3128;https=10.0.0.5:3129;ftp=x:21;socks=127.0.0.1:1080', 'wininet').map((p) => `${p.kind} ${p.server}`))
      .toEqual(['http 10.0.0.5:3128', 'https 10.0.0.5:3129', 'socks 127.0.0.1:1080']);
    expect(parseWinHttpProxy('Current WinHTTP proxy settings:\n\n    Direct access (no proxy server).\n')).toEqual([]);
    expect(parseWinHttpProxy('Aktuelle WinHTTP-Proxyeinstellungen:\n\n    Proxyserver:  x\n    Proxyserver(s) :  http://proxy.corp:8080\n')).toEqual([{ source: 'winhttp', kind: 'http', server: 'proxy.corp:8080' }]);
    expect(parseNetshWlanInterfaces('    Name                   : WLAN 2\n    SSID                   : Cafe\n    BSSID                  : 00:11:22:33:44:55\n')).toEqual([{ interface: 'WLAN 2', ssid: 'Cafe', bssid: '00:11:22:33:44:55' }]);
    expect(acStandbyTimeout('Minimum Possible Setting: 0x00000000\nMaximum Possible Setting: 0xffffffff\nAC: 0x00000000\nDC: 0x00000384')).toBe(0);
    expect(acStandbyTimeout('nothing')).toBeUndefined();
    expect(iconPath('"C:\\Program Files\\AnyDesk\\AnyDesk.exe",0')).toBe('C:\\Program Files\\AnyDesk\\AnyDesk.exe');
    expect(iconPath('%SystemRoot%\\x.dll')).toBeUndefined();
  });
});

describe('win32 ProbeSet with a real process in place of powershell.exe', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farmwatch-win32-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the script once per scan and fills every Windows part', async () => {
    const calls: { file: string; args: readonly string[] }[] = [];
    const facts = await scan(fixture('windows-normal.json'), calls);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.file).toBe('powershell.exe');
    expect(calls[0]!.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command']);
    expect(calls[0]!.args[5]).toBe(COLLECT_SCRIPT);
    const health = Object.fromEntries(facts.probes.map((p) => [p.probe, p]));
    for (const part of ['host', 'processes', 'interfaces', 'routes', 'neighbours', 'connections', 'usbDevices', 'displays', 'hidDevices', 'storageDevices', 'installedApps', 'services', 'proxies', 'dnsServers', 'wifi', 'power']) {
      expect(health[part], part).toMatchObject({ ok: true });
    }
    expect(facts.host.timezone).toBe('America/New_York');
    expect(facts.wifi).toEqual([{ interface: 'Wi-Fi', ssid: 'HOME-5G', bssid: 'f4:92:bf:3a:11:05' }]);
  });

  it('fails only the parts whose section failed', async () => {
    const doc = await load('windows-normal.json');
    doc.routes = { error: 'Get-NetRoute : Invalid class' };
    const file = join(dir, 'routes-failed.json');
    await writeFile(file, JSON.stringify(doc));
    const facts = await scan(file);
    const routes = facts.probes.find((p) => p.probe === 'routes')!;
    expect(routes).toMatchObject({ ok: false, error: "PowerShell section 'routes': Get-NetRoute : Invalid class" });
    expect(facts.routes).toEqual([]);
    expect(facts.probes.find((p) => p.probe === 'neighbours')).toMatchObject({ ok: true });
    expect(facts.neighbours.length).toBeGreaterThan(0);
  });

  it('fails the PowerShell parts with the reason when it prints no JSON; the portable ones stand in', async () => {
    const file = join(dir, 'garbage.txt');
    await writeFile(file, 'powershell.exe : The term is not recognized');
    const facts = await scan(file);
    expect(facts.probes.find((p) => p.probe === 'usbDevices')).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(facts.probes.find((p) => p.probe === 'processes')).toMatchObject({ ok: true, error: expect.stringMatching(/not JSON.*portable probe/) });
    expect(facts.processes.some((p) => p.pid === process.pid)).toBe(true);
  });

  it('stops PowerShell when every probe waiting for it has timed out', async () => {
    let outcome: string | undefined;
    const runner: CommandRunner = (_file, _args, signal) => {
      const run = execText('sleep', ['30'], { signal });
      run.then(() => (outcome = 'finished'), (error: Error) => (outcome = error.name));
      return run;
    };
    const started = performance.now();
    const facts = await scanProbes(win32Probes({}, { runner }), { platform: 'win32', probeTimeoutMs: 300, scanBudgetMs: 5_000 });
    expect(facts.probes.find((p) => p.probe === 'routes')).toMatchObject({ ok: false, timedOut: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outcome).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('detection over Windows facts', () => {
  const ipKvm = (facts: Facts) => detect(facts, DEFAULT_POLICY).filter((f) => f.category === 'ip_kvm');

  it('flags the present PiKVM (USB, HID, CD-ROM, EDID) and the remembered JetKVM', async () => {
    const findings = ipKvm(await scan(fixture('windows-pikvm.json')));
    const serious = findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high);
    expect(serious.map((f) => f.signal)).toEqual(expect.arrayContaining(['ip_kvm.usb_descriptor_match', 'ip_kvm.usb_history']));
    expect(serious.filter((f) => f.signal === 'ip_kvm.usb_descriptor_match').map((f) => f.subject)).toContain('PiKVM Composite Device (1d6b:0104)');
    expect(serious.find((f) => f.signal === 'ip_kvm.edid_match')).toMatchObject({ severity: 'critical' });
    expect(serious.find((f) => f.signal === 'ip_kvm.usb_history')?.summary).toMatch(/JetKVM/);
  });

  it('flags the present JetKVM', async () => {
    const findings = ipKvm(await scan(fixture('windows-jetkvm.json')));
    expect(findings.find((f) => f.signal === 'ip_kvm.usb_descriptor_match')).toMatchObject({ severity: 'critical', summary: expect.stringMatching(/JetKVM/) });
  });

  it('finds no IP-KVM on a laptop with a Logitech receiver, a webcam, a dock and a Dell monitor', async () => {
    const facts = await scan(fixture('windows-normal.json'));
    expect(facts.usbDevices.map((d) => `${d.vendorId}:${d.productId}`)).toEqual(expect.arrayContaining(['046d:c52b', '046d:082d', '413c:b06e', '0bda:8153']));
    expect(ipKvm(facts)).toEqual([]);
  });

  // Each KVM of the knowledge file's table 2.1 not covered above, and one relabelled as a Logitech keyboard.
  it.each([
    { file: 'windows-tinypilot.json', signal: 'ip_kvm.usb_descriptor_match', subject: 'Multifunction USB Device (1d6b:0104)', also: ['ip_kvm.edid_match', 'ip_kvm.composite_structure'] },
    { file: 'windows-pico-hid.json', signal: 'ip_kvm.usb_descriptor_match', subject: 'PiKVM HID (1209:eda2)', also: [] },
    { file: 'windows-relabelled.json', signal: 'ip_kvm.relabelled_device', subject: 'USB Keyboard (046d:c31c)', also: [] },
  ])('flags $file: $signal on $subject', async ({ file, signal, subject, also }) => {
    const findings = ipKvm(await scan(fixture(file)));
    const serious = findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high);
    expect(serious.find((f) => f.signal === signal), findings.map((f) => `${f.signal} ${f.severity} ${f.subject}`).join('; ')).toMatchObject({ subject });
    expect(serious.map((f) => f.signal)).toEqual(expect.arrayContaining(also));
  });

  it('sees the relabelled device\'s structure through interface classes and the CD-ROM joined by serial, not through usages', async () => {
    const facts = await scan(fixture('windows-relabelled.json'));
    const [finding] = ipKvm(facts).filter((f) => f.signal === 'ip_kvm.relabelled_device');
    expect(finding).toMatchObject({ severity: 'critical', evidence: { claimedBrand: 'Logitech', keyboardInterface: '03/01/01', cdrom: true, absolutePointer: false } });
    // Windows reports an absolute and a relative mouse alike: Generic Desktop / Mouse.
    expect(facts.hidDevices.map((h) => h.usages)).toContainEqual([{ page: 1, usage: 2 }]);
  });
});
