// Linux Wi-Fi: the `iw dev <if> link` parser on constructed outputs (see samples/README.md) and
// the probe on constructed sysfs trees and on this machine.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIwLink, unescapeSsid } from '../../../../agent/probes/linux/parse-iw-link.js';
import { probeLinuxWifi } from '../../../../agent/probes/linux/wifi.js';
import { RootedFs } from '../../../../agent/probes/util/rooted-fs.js';
import { WifiFact } from '../../../../shared/schema/facts.js';

const sample = (name: string) => readFile(new URL(`samples/${name}`, import.meta.url), 'utf8');
const context = () => ({ signal: new AbortController().signal, warn: () => undefined });

describe('iw dev <if> link parser', () => {
  it('reads BSSID and SSID of an association', async () => {
    expect(parseIwLink(await sample('iw-link-connected.txt'))).toEqual({ connected: true, bssid: 'a4:2b:b0:5e:11:c7', ssid: 'Home Office 5G' });
  });

  it('says not connected', async () => {
    expect(parseIwLink(await sample('iw-link-not-connected.txt'))).toEqual({ connected: false });
    expect(parseIwLink('')).toEqual({ connected: false });
  });

  it('undoes iw escaping and reads UTF-8', async () => {
    expect(parseIwLink(await sample('iw-link-escaped-ssid.txt')).ssid).toBe(' café\\net ');
    expect(unescapeSsid('a\\xzz')).toBe('a\\xzz');
  });

  it('keeps the AP MLD address of a multi-link association', async () => {
    expect(parseIwLink(await sample('iw-link-mlo.txt'))).toEqual({ connected: true, bssid: '9e:05:d6:aa:00:10', ssid: 'Fabrikam-7' });
  });
});

describe('wifi probe', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'farmwatch-wifi-'));
    const net = join(root, 'sys/class/net');
    await mkdir(join(net, 'eth0'), { recursive: true });
    await mkdir(join(net, 'wlan0/wireless'), { recursive: true });
    await mkdir(join(net, 'wlp2s0'), { recursive: true });
    await mkdir(join(root, 'sys/class/ieee80211/phy0'), { recursive: true });
    await symlink('../../ieee80211/phy0', join(net, 'wlp2s0/phy80211'));
    await writeFile(join(net, 'eth0/type'), '1\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds wireless interfaces by wireless/ or phy80211 in a recorded tree, and says SSIDs are live-only', async () => {
    const facts = await probeLinuxWifi(context(), new RootedFs(root, new AbortController().signal));
    expect(facts.map((f) => f.interface)).toEqual(['wlan0', 'wlp2s0']);
    for (const fact of facts) {
      expect(fact.unavailableReason).toMatch(/live system only/);
      expect(WifiFact.parse(fact)).toEqual(fact);
    }
  });

  it('on this machine returns schema-valid facts', async () => {
    const facts = await probeLinuxWifi(context(), new RootedFs('', new AbortController().signal));
    for (const fact of facts) expect(WifiFact.parse(fact)).toEqual(fact);
  });
});
