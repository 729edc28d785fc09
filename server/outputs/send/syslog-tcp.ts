// Syslog over plain TCP (RFC 6587, octet-counted frames).
import net from 'node:net';
import { StreamSender, whenConnected } from './stream-sender.js';

export function tcpSyslogSender(host: string, port: number): StreamSender {
  return new StreamSender((timeoutMs) => whenConnected(net.connect({ host, port }), 'connect', timeoutMs));
}
