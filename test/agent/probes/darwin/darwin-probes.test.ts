// macOS probes on Linux: the pure parsers over constructed command outputs, the ProbeSet with a
// real child process printing each recorded output in place of the command, and detection over
// the parsed facts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../../agent/detect/index.js';
import { DARWIN_COMMANDS, type CommandRunner, type DarwinCommand } from '../../../../agent/probes/darwin/commands.js';
import { darwinProbes } from '../../../../agent/probes/darwin/index.js';
import { parseNetstatConnections, splitEndpoint } from '../../../../agent/probes/darwin/parse-connections.js';
import { parseDarwinDisplays } from '../../../../agent/probes/darwin/parse-displays.js';
import { parseIoregHid } from '../../../../agent/probes/darwin/parse-hid.js';
import { appFact } from '../../../../agent/probes/darwin/parse-info-plist.js';
import { parseInputSources } from '../../../../agent/probes/darwin/parse-input-sources.js';
import { parseLaunchctlList, parseLaunchctlPrint } from '../../../../agent/probes/darwin/parse-launchctl.js';
import { padMac, parseArp, parseNdp } from '../../../../agent/probes/darwin/parse-neighbours.js';
import { parseClamshell, parsePmsetBatt, parsePmsetSettings } from '../../../../agent/probes/darwin/parse-power.js';
import { netstatDestination, parseNetstatRoutes } from '../../../../agent/probes/darwin/parse-routes.js';
import { parseScutilDns, parseScutilProxy } from '../../../../agent/probes/darwin/parse-scutil.js';
import { parseIoregStorage } from '../../../../agent/probes/darwin/parse-storage.js';
import { parseSystemProfilerUsb } from '../../../../agent/probes/darwin/parse-usb.js';
import { parseIoregUsbInterfaces, withInterfaces } from '../../../../agent/probes/darwin/parse-usb-interfaces.js';
import { parseIoregUsbDevices } from '../../../../agent/probes/darwin/parse-usb-ioreg.js';
import { parseSpAirport } from '../../../../agent/probes/darwin/parse-wifi.js';
import { parsePlist, PlistError } from '../../../../agent/probes/darwin/plist.js';
import { scanProbes } from '../../../../agent/probes/scan.js';
import { execText } from '../../../../agent/probes/util/exec.js';
import { DEFAULT_POLICY, Facts, SEVERITY_RANK } from '../../../../shared/index.js';

const dir = (scenario: string): string => fileURLToPath(new URL(`./fixtures/${scenario}/`, import.meta.url));
const EXTENSIONS = ['.txt', '.xml', '.json'];
const fixtureFile = (scenario: string, command: string): string | undefined =>
  EXTENSIONS.map((ext) => `${dir(scenario)}${command}${ext}`).find((file) => existsSync(file));
const read = async (scenario: string, command: DarwinCommand): Promise<string> => readFile(fixtureFile(scenario, command)!, 'utf8');


/**
 * Stands in for each macOS command: a real node process that prints the scenario's recorded output
 * (looked up in the scenarios in order), or fails like the command would when there is none.
 */
function scenarioRunner(scenarios: string[], calls: string[] = []): CommandRunner {
  return (file, args, signal) => {
    const command = (Object.keys(DARWIN_COMMANDS) as DarwinCommand[]).find((key) => {
      const [f, a] = DARWIN_COMMANDS[key];
      return f === file && a.join(' ') === args.join(' ');
    });
    calls.push(command ?? `${file} ${args.join(' ')}`);
    const recorded = command === undefined ? undefined : scenarios.map((s) => fixtureFile(s, command)).find(Boolean);
    return recorded
      ? execText('cat', [recorded], { signal })
      : execText('sh', ['-c', 'echo "$1" >&2; exit 113', 'sh', `Could not find service "${args.at(-1)}" in domain for system`], { signal });
  };
}

async function scan(scenarios: string[], calls?: string[]): Promise<Facts> {
  const home = dir(scenarios[scenarios.length - 1]!);
  const probes = darwinProbes({}, { runner: scenarioRunner(scenarios, calls), applicationDirs: [`${home}Applications`], launchdDirs: [`${home}LaunchDaemons`] });
  return Facts.parse(await scanProbes(probes, { platform: 'darwin', probeTimeoutMs: 20_000, scanBudgetMs: 30_000 }));
}

describe('plist parser', () => {
  it('reads the XML types ioreg and defaults print', () => {
    const xml = '<?xml version="1.0"?><plist version="1.0"><dict><key>a</key><integer>-5</integer><key>b</key><data>AP8=</data>'
      + '<key>c</key><array><true/><false/><real>1.5</real><string>x &amp; &lt;y&gt;</string><string/></array><key>d</key><dict/></dict></plist>';
    expect(parsePlist(xml)).toEqual({ a: -5, b: Buffer.from([0, 255]), c: [true, false, 1.5, 'x & <y>', ''], d: {} });
  });

  it('refuses binary and malformed plists with a clear error', () => {
    expect(() => parsePlist('bplist00\u0000')).toThrow(/binary property list/);
    expect(() => parsePlist('<plist><dict><string>x</string></dict></plist>')).toThrow(PlistError);
    expect(() => parsePlist('<plist><dict><key>a</key>')).toThrow(/unexpected end/);
  });
});

describe('macOS parsers on the KVM Mac', () => {
  it('joins system_profiler devices with their ioreg interfaces', async () => {
    const devices = withInterfaces(parseSystemProfilerUsb(await read('kvm', 'usb')), parseIoregUsbInterfaces(await read('kvm', 'usbInterfaces')));
    expect(devices.map((d) => `${d.vendorId}:${d.productId} ${d.product} ${d.serial ?? '-'} ${d.interfaces.map((i) => `${i.class}/${i.subclass}/${i.protocol}`).join(',')}`)).toEqual([
      '2109:2817 USB2.1 Hub - ',
      '1d6b:0104 PiKVM Composite Device CAFEBABE 03/01/01,03/00/00,03/00/00,08/06/50',
      '1d6b:0104 JetKVM USB Emulation Device e2a1b3c4d5f60718 03/01/01,03/00/00,08/06/50',
    ]);
  });

  it('falls back to ioreg IOUSBHostDevice', async () => {
    expect(parseSystemProfilerUsb(await read('macos26', 'usb'))).toEqual([]);
    expect(parseIoregUsbDevices(await read('macos26', 'usbIoreg'))[0]).toEqual({
      location: '0x01120000', vendorId: '1d6b', productId: '0104', manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE', bcdDevice: '0100', deviceClass: '00', interfaces: [],
    });
  });

  it('reads HID report descriptors, usages and USB locations', async () => {
    const hid = parseIoregHid(await read('kvm', 'hid'));
    expect(hid).toHaveLength(4);
    expect(hid[0]).toMatchObject({ usbLocation: undefined, vendorId: '05ac', name: 'Apple Internal Keyboard / Trackpad', usages: [{ page: 1, usage: 6 }] });
    expect(hid[2]).toMatchObject({ usbLocation: '0x01120000', vendorId: '1d6b', productId: '0104', usages: [{ page: 1, usage: 2 }] });
    expect(hid[2]!.reportDescriptorHex).toMatch(/^05010902a101/);
    expect(hid[2]!.reportDescriptorHex).toContain('26ff7f'); // logical maximum 32767: absolute X/Y
  });

  it('reads SCSI inquiry strings of virtual media', async () => {
    expect(parseIoregStorage(await read('kvm', 'storage'))).toEqual([
      { vendor: 'PiKVM', model: 'Optical Drive', revision: '1.00', kind: 'cdrom', removable: true },
      { vendor: 'JetKVM', model: 'Virtual Media', revision: '1.00', kind: 'cdrom', removable: true },
    ]);
    expect(parseIoregStorage('')).toEqual([]);
  });

  it('reads raw EDIDs (Intel) and marks the internal panel from system_profiler', async () => {
    const displays = parseDarwinDisplays({ edidXml: await read('kvm', 'displayEdid'), framebufferXml: '', spJson: await read('kvm', 'displays') });
    expect(displays.map((d) => [d.connector, d.internal, d.edidHex?.slice(16, 24)])).toEqual([
      ['display0', true, '061050a0'], // APP, product 0xa050 (little-endian)
      ['display1', false, '31d87077'], // LNX, product 0x7770
    ]);
  });

  it('reads Apple Silicon framebuffers, which expose no raw EDID', async () => {
    const displays = parseDarwinDisplays({ edidXml: '', framebufferXml: await read('normal', 'framebuffers'), spJson: await read('normal', 'displays') });
    expect(displays).toEqual([
      { connector: 'disp0', connected: true, internal: true },
      { connector: 'dispext0', connected: true, internal: false },
    ]);
  });

  it('reads routes, neighbours and connections', async () => {
    const routes = parseNetstatRoutes(`${await read('kvm', 'routes4')}\n${await read('kvm', 'routes6')}`);
    expect(routes.filter((r) => r.gateway !== undefined).map((r) => `${r.destination} via ${r.gateway} on ${r.interface}`)).toEqual([
      '0.0.0.0/1 via 10.8.0.1 on utun4', '0.0.0.0/0 via 192.168.1.1 on en0', '10.8.0.1/32 via 10.8.0.1 on utun4', '127.0.0.0/8 via 127.0.0.1 on lo0', '127.0.0.1/32 via 127.0.0.1 on lo0',
      '128.0.0.0/1 via 10.8.0.1 on utun4', '::/0 via fe80::f692:bfff:fe3a:1102 on en0',
    ]);
    expect(routes.find((r) => r.destination === '192.168.1.0/24')).toEqual({ destination: '192.168.1.0/24', gateway: undefined, interface: 'en0' });
    expect(routes.some((r) => r.destination.startsWith('8.8.8.8'))).toBe(false);
    expect(parseArp(await read('kvm', 'arp'))).toEqual([
      { ip: '192.168.1.1', mac: 'f4:92:bf:3a:11:02', interface: 'en0', state: undefined },
      { ip: '192.168.1.41', mac: 'dc:a6:32:01:02:03', interface: 'en0', state: undefined },
    ]);
    expect(parseNdp(await read('kvm', 'ndp'))).toEqual([
      { ip: 'fe80::f692:bfff:fe3a:1102', mac: 'f4:92:bf:3a:11:02', interface: 'en0', state: 'stale' },
      { ip: 'fe80::1c2b:3d4e:5f60:7182', mac: '2e:01:3a:4b:5c:6d', interface: 'en0', state: 'permanent' },
    ]);
    const connections = parseNetstatConnections(await read('kvm', 'connections'));
    expect(connections[0]).toEqual({ protocol: 'tcp', localAddress: '10.8.0.6', localPort: 52144, remoteAddress: '203.0.113.50', remotePort: 7070, state: 'ESTABLISHED', pid: 812, processName: 'AnyDesk' });
    expect(connections[1]).toMatchObject({ pid: 22712, processName: 'Autodesk Fusion' });
    expect(connections[3]).toMatchObject({ localAddress: '::', localPort: 7070, state: 'LISTEN', remoteAddress: undefined, pid: 812 });
    expect(parseNetstatConnections(await read('normal', 'connections')).map((c) => [c.localPort, c.pid, c.processName])).toEqual([[52137, 2903, undefined], [7000, 489, undefined]]);
  });

  it('reads the proxy, DNS, input sources, power, services and Wi-Fi', async () => {
    expect(parseScutilProxy(await read('kvm', 'proxy'))).toEqual([
      { source: 'scutil', kind: 'http', server: '127.0.0.1:12344' },
      { source: 'scutil', kind: 'https', server: '127.0.0.1:12344' },
    ]);
    expect(parseScutilProxy(await read('normal', 'proxy'))).toEqual([]);
    expect(parseScutilDns(await read('kvm', 'dns'))).toEqual(['10.8.0.1', '192.168.1.1', 'fe80::f692:bfff:fe3a:1102']);
    expect(parseInputSources(await read('kvm', 'inputSources'))).toEqual(['com.apple.keylayout.US', 'com.apple.inputmethod.Korean.2SetKorean', 'com.apple.inputmethod.Korean']);
    expect({ ...parsePmsetBatt(await read('kvm', 'battery')), ...parsePmsetSettings(await read('kvm', 'powerSettings')), ...parseClamshell(await read('kvm', 'clamshell')) })
      .toEqual({ onAc: true, batteryPresent: true, sleepDisabled: true, lidClosed: true });
    expect({ ...parsePmsetBatt(await read('normal', 'battery')), ...parsePmsetSettings(await read('normal', 'powerSettings')) }).toEqual({ onAc: false, batteryPresent: true, sleepDisabled: false });
    expect(parseLaunchctlList(await read('kvm', 'launchctl'))).toContainEqual({ name: 'com.philandro.anydesk.service', state: 'running' });
    expect(parseLaunchctlPrint(await read('kvm', 'screenSharing'))).toEqual({
      name: 'com.apple.screensharing', displayName: 'Screen Sharing (enabled)', state: 'running', startType: 'auto',
      path: '/System/Library/CoreServices/RemoteManagement/screensharingd.bundle/Contents/MacOS/screensharingd',
    });
    expect(parseSpAirport(await read('kvm', 'wifi'))).toEqual([{ interface: 'en0', unavailableReason: 'SSID redacted: location permission not granted' }]);
    expect(parseSpAirport(await read('normal', 'wifi'))).toEqual([{ interface: 'en0', ssid: 'HOME-5G', unavailableReason: 'BSSID not exposed by system_profiler' }]);
  });

  it('decodes BSD notations', () => {
    expect(netstatDestination('127', false, false)).toBe('127.0.0.0/8');
    expect(netstatDestination('169.254', false, false)).toBe('169.254.0.0/16');
    expect(netstatDestination('224.0.0/4', false, false)).toBe('224.0.0.0/4');
    expect(netstatDestination('10.1.2.3', false, true)).toBe('10.1.2.3/32');
    expect(netstatDestination('fe80::%utun3/64', true, false)).toBe('fe80::/64');
    expect(netstatDestination('link#4', false, false)).toBeUndefined();
    expect(padMac('0:22:6d:2c:22:d2')).toBe('00:22:6d:2c:22:d2');
    expect(splitEndpoint('fe80::1%lo0.631', true)).toEqual({ address: 'fe80::1', port: 631 });
    expect(splitEndpoint('*.*', false)).toEqual({ address: '0.0.0.0', port: undefined });
    expect(appFact('/Applications/Foo Bar.app', undefined)).toEqual({ name: 'Foo Bar', version: undefined, publisher: undefined, path: '/Applications/Foo Bar.app', source: 'applications' });
  });
});

describe('darwin ProbeSet with real processes in place of the commands', () => {
  it('fills every part, runs each command once and reports disabled Screen Sharing', async () => {
    const calls: string[] = [];
    const facts = await scan(['normal'], calls);
    const failed = facts.probes.filter((p) => !p.ok && !p.unsupported && p.probe !== 'rtt' && p.probe !== 'lanPeers');
    expect(failed).toEqual([]);
    expect(new Set(calls).size).toBe(calls.length);
    expect(facts.usbDevices.map((d) => d.product)).toEqual(['USB Receiver', 'HD Pro Webcam C920', 'Dell dock', 'USB 10/100/1000 LAN']);
    expect(facts.services).toContainEqual({ name: 'com.apple.screensharing', displayName: 'Screen Sharing (disabled)', state: 'stopped', startType: 'disabled' });
    expect(facts.services).toContainEqual({ name: 'com.microsoft.autoupdate.helper', state: 'stopped', startType: 'manual', path: expect.stringContaining('Microsoft Update Assistant') });
    expect(facts.installedApps).toEqual([expect.objectContaining({ name: 'Safari', version: '18.1', publisher: 'com.apple.Safari' })]);
    expect(facts.host.keyboardLayouts).toEqual(['com.apple.keylayout.US']);
    expect(facts.power).toEqual({ onAc: false, batteryPresent: true, sleepDisabled: false, lidClosed: false });
    expect(facts.probes.find((p) => p.probe === 'usbDevices')?.error).toBeUndefined();
  });

  it('gives loaded launchd jobs their program and adds installed ones', async () => {
    const facts = await scan(['kvm']);
    expect(facts.services).toContainEqual({ name: 'com.philandro.anydesk.service', state: 'running', startType: 'auto', path: '/Applications/AnyDesk.app/Contents/MacOS/AnyDesk' });
    expect(facts.services).toContainEqual({ name: 'com.teamviewer.service', state: 'stopped', startType: 'manual', path: '/Applications/TeamViewer.app/Contents/Resources/TeamViewer_Service' });
    expect(facts.services.find((s) => s.name === 'com.apple.screensharing')).toMatchObject({ state: 'running', startType: 'auto' });
  });

  it('reads USB from ioreg when system_profiler lists none', async () => {
    const calls: string[] = [];
    const facts = await scan(['macos26', 'kvm'], calls);
    expect(calls).toContain('usbIoreg');
    expect(facts.usbDevices.find((d) => d.vendorId === '1d6b')).toMatchObject({ product: 'PiKVM Composite Device', interfaces: expect.arrayContaining([{ class: '08', subclass: '06', protocol: '50' }]) });
  });

  it('fails a part whose command fails, with the reason', async () => {
    const facts = await scan(['nothing-recorded']);
    expect(facts.probes.find((p) => p.probe === 'proxies')).toMatchObject({ ok: false, error: expect.stringMatching(/Could not find service/) });
    expect(facts.probes.find((p) => p.probe === 'processes')).toMatchObject({ ok: true });
  });
});

describe('detection over macOS facts', () => {
  const ipKvm = async (scenario: string) => detect(await scan([scenario]), DEFAULT_POLICY).filter((f) => f.category === 'ip_kvm');

  it('flags the PiKVM and the JetKVM (USB descriptors, structure, EDID)', async () => {
    const findings = await ipKvm('kvm');
    const serious = findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high);
    const matched = serious.filter((f) => f.signal === 'ip_kvm.usb_descriptor_match').map((f) => f.subject);
    expect(matched).toEqual(expect.arrayContaining(['PiKVM Composite Device (1d6b:0104)', 'JetKVM USB Emulation Device (1d6b:0104)']));
    expect(serious.find((f) => f.signal === 'ip_kvm.edid_match')).toMatchObject({ severity: 'critical' });
  });

  it('finds no IP-KVM on a Mac with a Logitech receiver, a webcam, a dock and a Dell monitor', async () => {
    const facts = await scan(['normal']);
    expect(facts.usbDevices.map((d) => `${d.vendorId}:${d.productId}`)).toEqual(expect.arrayContaining(['046d:c52b', '046d:082d', '413c:b06e', '0bda:8153']));
    expect(detect(facts, DEFAULT_POLICY).filter((f) => f.category === 'ip_kvm')).toEqual([]);
  });

  // Each KVM of the knowledge file's table 2.1 not covered above, and one relabelled as a Logitech keyboard,
  // on the normal Mac (the scenario holds the USB, HID and storage outputs; the rest is normal/).
  it.each([
    { scenario: 'tinypilot', signal: 'ip_kvm.usb_descriptor_match', subject: 'tinypilot Multifunction USB Device (1d6b:0104)', also: ['ip_kvm.composite_structure', 'ip_kvm.usb_gadget', 'ip_kvm.absolute_pointer'] },
    { scenario: 'pico-hid', signal: 'ip_kvm.usb_descriptor_match', subject: 'PiKVM HID (1209:eda2)', also: ['ip_kvm.composite_structure', 'ip_kvm.absolute_pointer'] },
    { scenario: 'relabelled', signal: 'ip_kvm.relabelled_device', subject: 'Logitech USB Keyboard (046d:c31c)', also: ['ip_kvm.absolute_pointer'] },
  ])('flags $scenario: $signal on $subject', async ({ scenario, signal, subject, also }) => {
    const findings = detect(await scan([scenario, 'normal']), DEFAULT_POLICY).filter((f) => f.category === 'ip_kvm');
    const serious = findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high);
    expect(serious.find((f) => f.signal === signal), findings.map((f) => `${f.signal} ${f.severity} ${f.subject}`).join('; ')).toMatchObject({ subject });
    expect(findings.map((f) => f.signal)).toEqual(expect.arrayContaining(also));
  });

  it('sees the relabelled device\'s absolute pointer in its HID report descriptor', async () => {
    const [finding] = detect(await scan(['relabelled', 'normal']), DEFAULT_POLICY).filter((f) => f.signal === 'ip_kvm.relabelled_device');
    expect(finding).toMatchObject({ severity: 'critical', evidence: { claimedBrand: 'Logitech', keyboardInterface: '03/01/01', absolutePointer: true } });
  });
});
