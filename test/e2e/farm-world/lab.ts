// A small internet in Linux network namespaces (root only): an "internet" bridge where the
// collector listens, home routers that NAT their LAN to one address on it (nft masquerade), LANs
// on a bridge inside each router, and laptops behind them. A delayed wire (delay-wire.py: two TAP
// devices joined by a userspace relay) gives one laptop a long round trip, since this kernel has
// no netem. Every name starts with PREFIX; cleanup() and removeLeftovers() delete them all.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PREFIX = 'fwf';
const DELAY_WIRE = fileURLToPath(new URL('./delay-wire.py', import.meta.url));

export const sh = async (cmd: string, args: string[]) => (await run(cmd, args)).stdout;
export const ip = (...args: string[]) => sh('ip', args);
export const inNs = (ns: string, cmd: string, ...args: string[]) => sh('ip', ['netns', 'exec', ns, cmd, ...args]);

/** Why this world cannot be built here, or undefined. */
export async function labUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'building the namespaces needs root';
  for (const [tool, args] of [['ip', ['-V']], ['nft', ['--version']], ['ping', ['-V']], ['python3', ['--version']], ['unshare', ['--version']]] as const) {
    try {
      await run(tool, [...args]);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return undefined;
}

/** Namespaces and root links of crashed earlier runs (any process id). */
export async function removeLeftovers(): Promise<void> {
  const namespaces = (await ip('netns', 'list')).split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(PREFIX));
  for (const ns of namespaces) await ip('netns', 'del', ns).catch(() => undefined);
  const links = (await ip('-o', 'link', 'show')).split('\n').map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1]).filter((n): n is string => !!n?.startsWith(PREFIX));
  for (const link of links) await ip('link', 'del', link).catch(() => undefined);
}

export interface Host {
  ns: string;
  address: string;
}

export class Lab {
  readonly #tag = String(process.pid % 10_000);
  readonly #namespaces: string[] = [];
  readonly #rootLinks: string[] = [];
  readonly #processes: ChildProcess[] = [];
  #links = 0;

  name(suffix: string): string {
    return `${PREFIX}${this.#tag}${suffix}`;
  }

  async namespace(suffix: string): Promise<string> {
    const ns = this.name(suffix);
    await ip('netns', 'add', ns);
    this.#namespaces.push(ns);
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
    return ns;
  }

  async bridge(ns: string, address?: string): Promise<string> {
    await ip('-n', ns, 'link', 'add', 'br0', 'type', 'bridge');
    if (address) await ip('-n', ns, 'addr', 'add', address, 'dev', 'br0');
    await ip('-n', ns, 'link', 'set', 'br0', 'up');
    return 'br0';
  }

  /** A veth from `ns` (named `name` there, with `address`) into the bridge br0 of `bridgeNs` (or the root namespace). */
  async plug(ns: string, name: string, address: string | undefined, bridgeNs: string | undefined): Promise<void> {
    const n = ++this.#links;
    const [a, b] = [this.name(`v${n}a`), this.name(`v${n}b`)];
    await ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b);
    await ip('link', 'set', a, 'netns', ns);
    await ip('-n', ns, 'link', 'set', a, 'name', name);
    if (address) await ip('-n', ns, 'addr', 'add', address, 'dev', name);
    await ip('-n', ns, 'link', 'set', name, 'up');
    if (bridgeNs) {
      await ip('link', 'set', b, 'netns', bridgeNs);
      await ip('-n', bridgeNs, 'link', 'set', b, 'master', 'br0');
      await ip('-n', bridgeNs, 'link', 'set', b, 'up');
    } else {
      this.#rootLinks.push(b);
    }
  }

  /** A veth from the root namespace (with `rootAddress`) into the bridge br0 of `bridgeNs`: how the test reaches the collector. */
  async uplink(bridgeNs: string, rootAddress: string): Promise<void> {
    const n = ++this.#links;
    const [a, b] = [this.name(`v${n}a`), this.name(`v${n}b`)];
    await ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b);
    this.#rootLinks.push(a);
    await ip('addr', 'add', rootAddress, 'dev', a);
    await ip('link', 'set', a, 'up');
    await ip('link', 'set', b, 'netns', bridgeNs);
    await ip('-n', bridgeNs, 'link', 'set', b, 'master', 'br0');
    await ip('-n', bridgeNs, 'link', 'set', b, 'up');
  }

  /** A router: WAN on the internet bridge, LAN bridge, forwarding and masquerade out of the WAN. */
  async router(suffix: string, internet: string, wan: string, lan: string): Promise<string> {
    const ns = await this.namespace(suffix);
    await this.plug(ns, 'wan', wan, internet);
    await this.bridge(ns, lan);
    await inNs(ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    await inNs(ns, 'nft', 'add table ip nat; add chain ip nat post { type nat hook postrouting priority 100 ; } ; add rule ip nat post oifname "wan" masquerade');
    return ns;
  }

  /** A laptop namespace on the router's LAN bridge, default route through the router. */
  async laptop(suffix: string, router: string, address: string, gateway: string): Promise<Host> {
    const ns = await this.namespace(suffix);
    await this.plug(ns, 'eth0', address, router);
    await ip('-n', ns, 'route', 'add', 'default', 'via', gateway);
    return { ns, address: address.split('/')[0]! };
  }

  /** A laptop joined to its router by a wire that holds every frame `delayMs` in each direction. */
  async delayedLaptop(suffix: string, router: string, routerLan: string, address: string, gateway: string, delayMs: number): Promise<Host> {
    const ns = await this.namespace(suffix);
    const [routerEnd, laptopEnd] = [this.name('dwr'), this.name('dwl')];
    const wire = spawn('python3', [DELAY_WIRE, routerEnd, laptopEnd, String(delayMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#processes.push(wire);
    const [line] = await Promise.race([
      once(createInterface({ input: wire.stdout! }), 'line') as Promise<string[]>,
      once(wire, 'exit').then(([code]) => { throw new Error(`delay-wire.py exited ${code}`); }),
    ]);
    if (line !== 'ready') throw new Error(`delay-wire.py: ${line}`);
    await ip('link', 'set', routerEnd, 'netns', router);
    await ip('-n', router, 'addr', 'add', routerLan, 'dev', routerEnd);
    await ip('-n', router, 'link', 'set', routerEnd, 'up');
    await ip('link', 'set', laptopEnd, 'netns', ns);
    await ip('-n', ns, 'link', 'set', laptopEnd, 'name', 'eth0');
    await ip('-n', ns, 'addr', 'add', address, 'dev', 'eth0');
    await ip('-n', ns, 'link', 'set', 'eth0', 'up');
    await ip('-n', ns, 'route', 'add', 'default', 'via', gateway);
    return { ns, address: address.split('/')[0]! };
  }

  /** Keeps a child process to stop at cleanup. */
  track(child: ChildProcess): ChildProcess {
    this.#processes.push(child);
    return child;
  }

  async cleanup(): Promise<void> {
    for (const child of this.#processes.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const link of this.#rootLinks.splice(0)) await ip('link', 'del', link).catch(() => undefined);
    for (const ns of this.#namespaces.splice(0).reverse()) await ip('netns', 'del', ns).catch(() => undefined);
  }
}
