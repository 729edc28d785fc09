// Minimal callback-based reads. /proc and /sys files are tiny and report size 0, so
// fs.promises.readFile (fstat, then chunked reads, each a promise round-trip) costs several times
// more than open + read-until-EOF; on a laptop's few thousand files that is most of a scan.
import { access, close, open, read, readdir, readlink } from 'node:fs';

const FIRST_CHUNK = 4096;
const NEXT_CHUNK = 65536;
/** Larger than any procfs/sysfs file a probe reads (a /proc/net/tcp with 100k sockets is ~15 MB). */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * With `once`, a single read(2): right for sysfs attributes and other one-value files, which the
 * kernel returns whole in the first read (at most a page); saves a round trip per file.
 * Otherwise reads until EOF (seq_file tables such as /proc/net/tcp return about a page per read).
 */
export function readWhole(path: string, once = false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const chunks: Buffer[] = [];
      let total = 0;
      const finish = (error: Error | null): void => {
        close(fd, () => undefined);
        if (error) reject(error);
        else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
      };
      const next = (): void => {
        const buffer = Buffer.allocUnsafe(total === 0 ? FIRST_CHUNK : NEXT_CHUNK);
        read(fd, buffer, 0, buffer.length, null, (readError, bytes) => {
          if (readError) return finish(readError);
          if (bytes === 0) return finish(null);
          chunks.push(buffer.subarray(0, bytes));
          total += bytes;
          if (once) return finish(null);
          if (total > MAX_BYTES) return finish(new Error(`${path} is larger than ${MAX_BYTES} bytes`));
          next();
        });
      };
      next();
    });
  });
}

export function readLink(path: string): Promise<string> {
  return new Promise((resolve, reject) => readlink(path, (error, target) => (error ? reject(error) : resolve(target))));
}

export function readDir(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => readdir(path, (error, names) => (error ? reject(error) : resolve(names))));
}

export function isAccessible(path: string): Promise<true> {
  return new Promise((resolve, reject) => access(path, (error) => (error ? reject(error) : resolve(true))));
}
