// A persistent stream connection (TCP or TLS) for syslog: connects on first use, reconnects after
// the receiver closes or fails, and resolves a send once the frame is written to the socket.
// Syslog has no acknowledgement, so a frame written just as the receiver dies can be lost; the
// connection is dropped as soon as the receiver closes it, which keeps that window small.
import type net from 'node:net';

/** Opens a connected socket (TLS: handshake done), or rejects. */
export type Connect = (timeoutMs: number) => Promise<net.Socket>;

export class StreamSender {
  private socket: net.Socket | null = null;
  private connecting: Promise<net.Socket> | null = null;

  constructor(private readonly connect: Connect) {}

  private connection(timeoutMs: number): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed && this.socket.writable) return Promise.resolve(this.socket);
    this.connecting ??= this.connect(timeoutMs)
      .then((socket) => {
        const drop = () => {
          if (this.socket === socket) this.socket = null;
          socket.destroy();
        };
        socket.on('error', drop);
        socket.on('end', drop);
        socket.on('close', drop);
        // Receivers do not answer; discard anything they send so the socket never stalls.
        socket.resume();
        this.socket = socket;
        return socket;
      })
      .finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  async send(frame: Buffer, timeoutMs: number): Promise<void> {
    // Let the event loop poll first: a close the receiver already sent is seen before writing into it.
    await new Promise((resolve) => setImmediate(resolve));
    const socket = await this.connection(timeoutMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('timed out writing to the syslog receiver'));
      }, timeoutMs);
      socket.write(frame, (error) => {
        clearTimeout(timer);
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve();
      });
    });
  }

  close(): void {
    this.socket?.end();
    this.socket = null;
  }
}

/** Waits for `event` on a fresh socket, rejecting on error or after `timeoutMs`. */
export function whenConnected(socket: net.Socket, event: 'connect' | 'secureConnect', timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('timed out connecting to the syslog receiver')), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}
