// Reads /sys, /proc and /etc under a root prefix ('' = the real system, a directory = a recorded
// fixture). Missing or unreadable entries are normal there (a process exited, a file is readable
// only by root, a device has no serial), so the optional readers return undefined for them;
// every call first checks the probe's abort signal so a timed-out probe stops doing I/O.
import { isAccessible, readDir, readLink, readWhole } from './read-file.js';

const ABSENT_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ESRCH', 'EINVAL', 'ENXIO', 'ENODEV', 'ENODATA', 'EIO', 'EOPNOTSUPP']);

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && ABSENT_CODES.has(code);
}

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

export class RootedFs {
  readonly root: string;
  readonly #signal: AbortSignal;

  constructor(root: string, signal: AbortSignal) {
    this.root = root.replace(/\/+$/, '');
    this.#signal = signal;
  }

  /** Whether this reads the running system rather than a recorded tree. */
  get isLive(): boolean {
    return this.root === '';
  }

  /** `absolute` is a system path such as `/proc/net/route`. */
  path(absolute: string): string {
    return this.root + absolute;
  }

  async text(absolute: string): Promise<string | undefined> {
    this.#signal.throwIfAborted();
    return orUndefined(async () => (await readWhole(this.path(absolute))).toString('utf8'));
  }

  /** A one-value sysfs/procfs attribute (comm, idVendor, operstate) without its trailing newline. */
  async line(absolute: string): Promise<string | undefined> {
    return (await this.head(absolute))?.replace(/\n+$/, '');
  }

  /** Only the first read (up to 4 KiB): enough for fields near the top, e.g. PPid and Uid in /proc/<pid>/status. */
  async head(absolute: string): Promise<string | undefined> {
    this.#signal.throwIfAborted();
    return (await orUndefined(() => readWhole(this.path(absolute), true)))?.toString('utf8');
  }

  async requiredText(absolute: string): Promise<string> {
    const text = await this.text(absolute);
    if (text === undefined) throw new Error(`cannot read ${this.path(absolute)}`);
    return text;
  }

  async bytes(absolute: string): Promise<Buffer | undefined> {
    this.#signal.throwIfAborted();
    return orUndefined(() => readWhole(this.path(absolute)));
  }

  async link(absolute: string): Promise<string | undefined> {
    this.#signal.throwIfAborted();
    return orUndefined(() => readLink(this.path(absolute)));
  }

  /** Entries of a directory; an absent directory has none. */
  async list(absolute: string): Promise<string[]> {
    this.#signal.throwIfAborted();
    return (await orUndefined(() => readDir(this.path(absolute)))) ?? [];
  }

  async exists(absolute: string): Promise<boolean> {
    this.#signal.throwIfAborted();
    return (await orUndefined(() => isAccessible(this.path(absolute)))) ?? false;
  }
}
