// Real network namespaces joined by veth pairs (root only), for the RTT and beacon tests.
// Names carry this process id so parallel suites never collide; cleanup() removes everything
// this lab made (deleting a namespace also deletes the veth ends inside it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';

const run = promisify(execFile);

export async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args)).stdout;
}

/** Why namespaces cannot be made here, or undefined when they can. */
async function unavailableReason(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root';
  try {
    await run('ip', ['-V']);
  } catch {
    return 'the ip command (iproute2) is not installed';
  }
  return undefined;
}

export const netnsUnavailable = await unavailableReason();

/** describe() when namespaces work; in CI a failing test says why they do not; else skipped with the reason printed. */
export function describeNetns(name: string, body: () => void): void {
  if (netnsUnavailable === undefined) describe(name, body);
  else if (process.env.CI) describe(name, () => it('needs network namespaces (required in CI)', () => { throw new Error(`${name}: ${netnsUnavailable}`); }));
  else {
    console.warn(`skipping ${name}: ${netnsUnavailable}`);
    describe.skip(name, body);
  }
}

export class NetnsLab {
  readonly #tag = `${process.pid % 100_000}`;
  readonly #namespaces: string[] = [];
  readonly #rootLinks: string[] = [];

  name(suffix: string): string {
    return `fwt${this.#tag}${suffix}`;
  }

  async namespace(suffix: string): Promise<string> {
    const ns = this.name(suffix);
    await ip('netns', 'add', ns);
    this.#namespaces.push(ns);
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
    return ns;
  }

  /**
   * A veth pair: end `a` in namespace `nsA` (or the root namespace when undefined) with
   * `addressA`, end `b` in `nsB` with `addressB` (CIDR, or undefined for none). Both up.
   */
  async link(suffix: string, a: { ns?: string; address?: string }, b: { ns?: string; address?: string }): Promise<{ a: string; b: string }> {
    const names = { a: this.name(`${suffix}a`), b: this.name(`${suffix}b`) };
    await ip('link', 'add', names.a, 'type', 'veth', 'peer', 'name', names.b);
    if (!a.ns) this.#rootLinks.push(names.a);
    for (const [end, side] of [[names.a, a], [names.b, b]] as const) {
      const prefix = side.ns ? ['-n', side.ns] : [];
      if (side.ns) await ip('link', 'set', end, 'netns', side.ns);
      if (side.address) await ip(...prefix, 'addr', 'add', side.address, 'dev', end);
      await ip(...prefix, 'link', 'set', end, 'up');
    }
    return names;
  }

  async cleanup(): Promise<void> {
    for (const link of this.#rootLinks.splice(0)) await ip('link', 'del', link).catch(() => undefined);
    for (const ns of this.#namespaces.splice(0).reverse()) await ip('netns', 'del', ns).catch(() => undefined);
  }
}
