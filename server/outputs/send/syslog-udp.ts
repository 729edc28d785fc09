// Syslog over UDP (RFC 5426): one message per datagram. The socket is connected, so an ICMP
// "port unreachable" from a stopped receiver surfaces as an error on a later send; delivery is
// still best effort, as UDP is.
import dgram from 'node:dgram';
import net from 'node:net';

/** The largest UDP payload over IPv4. */
export const MAX_DATAGRAM_BYTES = 65_507;

export class UdpSyslogSender {
  private socket: dgram.Socket | null = null;
  private connecting: Promise<dgram.Socket> | null = null;

  constructor(private readonly host: string, private readonly port: number) {}

  private connect(timeoutMs: number): Promise<dgram.Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<dgram.Socket>((resolve, reject) => {
      const socket = dgram.createSocket(net.isIPv6(this.host) ? 'udp6' : 'udp4');
      const timer = setTimeout(() => fail(new Error('timed out resolving the syslog receiver')), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.close();
        reject(error);
      };
      socket.once('error', fail);
      socket.connect(this.port, this.host, () => {
        clearTimeout(timer);
        socket.off('error', fail);
        // A later asynchronous error (ICMP unreachable) drops the socket; the next send reconnects.
        socket.on('error', () => this.drop(socket));
        this.socket = socket;
        resolve(socket);
      });
    }).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private drop(socket: dgram.Socket): void {
    if (this.socket === socket) this.socket = null;
    try {
      socket.close();
    } catch {
      // already closed
    }
  }

  async send(message: Buffer, timeoutMs: number): Promise<void> {
    if (message.length > MAX_DATAGRAM_BYTES) throw new Error(`message of ${message.length} bytes does not fit a UDP datagram`);
    const socket = await this.connect(timeoutMs);
    await new Promise<void>((resolve, reject) => {
      socket.send(message, (error) => {
        if (!error) return resolve();
        this.drop(socket);
        reject(error);
      });
    });
  }

  close(): void {
    if (this.socket) this.drop(this.socket);
  }
}
