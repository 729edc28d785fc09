// Syslog over TLS (RFC 5425, octet-counted frames). The receiver's certificate is checked against
// the system CAs, or `ca` when given, and must name `host`.
import net from 'node:net';
import tls from 'node:tls';
import { StreamSender, whenConnected } from './stream-sender.js';

export interface TlsOptions {
  ca?: string;
  rejectUnauthorized?: boolean;
}

export function tlsSyslogSender(host: string, port: number, options: TlsOptions = {}): StreamSender {
  return new StreamSender((timeoutMs) => whenConnected(tls.connect({
    host,
    port,
    // SNI must not be an IP address.
    ...(net.isIP(host) ? {} : { servername: host }),
    ...(options.ca ? { ca: options.ca } : {}),
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    minVersion: 'TLSv1.2',
  }), 'secureConnect', timeoutMs));
}
