// The first complete HTTP/1.1 response in a buffer, for the ingest benchmark's load generator:
// its status, how many bytes it took (Content-Length or chunked body) and whether the server
// closes the connection after it. Undefined while the response is still incomplete.

export interface ResponseFrame {
  status: number;
  /** Bytes of the buffer the response occupies. */
  length: number;
  close: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Where a chunked body ends (after its last chunk and trailer), or -1 while incomplete. */
function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd < 0) return -1;
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd).split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw new Error('malformed chunk size in HTTP response');
    if (size === 0) {
      const trailerEnd = buffer.indexOf(CRLF, lineEnd + 2);
      // No trailer: the empty line follows at once.
      if (trailerEnd < 0) return -1;
      if (trailerEnd === lineEnd + 2) return trailerEnd + 2;
      const end = buffer.indexOf(HEADER_END, lineEnd + 2);
      return end < 0 ? -1 : end + 4;
    }
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return -1;
  }
}

export function readResponse(buffer: Buffer): ResponseFrame | undefined {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headerEnd);
  const [statusLine, ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!status) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
  const headers = new Map(lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim().toLowerCase()] as const;
  }));
  const close = headers.get('connection') === 'close';
  const bodyStart = headerEnd + 4;
  if (headers.get('transfer-encoding')?.includes('chunked')) {
    const end = chunkedEnd(buffer, bodyStart);
    return end < 0 ? undefined : { status, length: end, close };
  }
  const length = bodyStart + Number(headers.get('content-length') ?? 0);
  return buffer.length < length ? undefined : { status, length, close };
}
