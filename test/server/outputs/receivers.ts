// Real local receivers for output tests: an HTTP server, UDP and TCP syslog listeners, and a TLS
// listener with a certificate openssl makes for the test. They record what arrives, exactly.
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** What to answer; default 200 "ok". */
  respond: (request: ReceivedRequest) => { status: number; body?: string };
  close(): Promise<void>;
}

export async function startHttpReceiver(port = 0): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const receiver: HttpReceiver = {
    url: '', port: 0, requests,
    respond: () => ({ status: 200, body: 'ok' }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const answer = receiver.respond(request);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  receiver.port = (server.address() as net.AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

export interface UdpReceiver {
  port: number;
  datagrams: string[];
  close(): Promise<void>;
}

export async function startUdpReceiver(): Promise<UdpReceiver> {
  const socket = dgram.createSocket('udp4');
  const datagrams: string[] = [];
  socket.on('message', (message) => datagrams.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, datagrams, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** Splits an RFC 6587 octet-counted stream into messages, refusing anything else. */
export class OctetCountingParser {
  private buffer = Buffer.alloc(0);
  readonly messages: string[] = [];

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const space = this.buffer.indexOf(0x20);
      if (space < 0) return;
      const header = this.buffer.subarray(0, space).toString('ascii');
      if (!/^[1-9]\d*$/.test(header)) throw new Error(`not an octet count: ${JSON.stringify(header)}`);
      const length = Number(header);
      if (this.buffer.length < space + 1 + length) return;
      this.messages.push(this.buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(space + 1 + length);
    }
  }
}

export interface StreamReceiver {
  port: number;
  /** Complete messages in arrival order. */
  messages: string[];
  /** Raw bytes as received, to assert the exact framing. */
  raw(): Buffer;
  connections: number;
  close(): Promise<void>;
}

function streamReceiver(server: net.Server, state: { chunks: Buffer[]; parser: OctetCountingParser; connections: number }, sockets: Set<net.Socket>) {
  return async (port: number): Promise<StreamReceiver> => {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    return {
      port: (server.address() as net.AddressInfo).port,
      messages: state.parser.messages,
      raw: () => Buffer.concat(state.chunks),
      get connections() { return state.connections; },
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  };
}

function onConnection(state: { chunks: Buffer[]; parser: OctetCountingParser; connections: number }, sockets: Set<net.Socket>) {
  return (socket: net.Socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      state.chunks.push(chunk);
      state.parser.push(chunk);
    });
  };
}

export async function startTcpReceiver(port = 0): Promise<StreamReceiver> {
  const state = { chunks: [] as Buffer[], parser: new OctetCountingParser(), connections: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer(onConnection(state, sockets));
  return streamReceiver(server, state, sockets)(port);
}

export interface TestCertificate {
  key: string;
  cert: string;
}

const run = promisify(execFile);

/** A self-signed certificate for 127.0.0.1 and localhost made by openssl; null when openssl is missing. */
export async function makeCertificate(): Promise<TestCertificate | null> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-tls-'));
  try {
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    return { key: await fs.readFile(path.join(dir, 'key.pem'), 'utf8'), cert: await fs.readFile(path.join(dir, 'cert.pem'), 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function startTlsReceiver(certificate: TestCertificate, port = 0): Promise<StreamReceiver> {
  const state = { chunks: [] as Buffer[], parser: new OctetCountingParser(), connections: 0 };
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, onConnection(state, sockets));
  return streamReceiver(server, state, sockets)(port);
}

/** Resolves once `check` holds, polling; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
