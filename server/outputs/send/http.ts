// Posts a formatted request. Network failures and timeouts reject; any HTTP answer resolves with
// its status and (capped) body, and the output decides what counts as delivered.
import http from 'node:http';
import https from 'node:https';
import axios from 'axios';
import type { HttpRequest } from '../format/context.js';

export interface HttpSendOptions {
  timeoutMs: number;
  /** PEM of a private CA for https:// receivers. */
  ca?: string;
  rejectUnauthorized?: boolean;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

const MAX_ANSWER_BYTES = 64 * 1024;

export class HttpSender {
  // One agent per output: keeps its TLS settings, and lets close() drop idle sockets.
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: HttpSendOptions) {
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 1,
      ...(options.ca ? { ca: options.ca } : {}),
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
  }

  async post(request: HttpRequest): Promise<HttpAnswer> {
    try {
      const response = await axios.post<string>(request.url, request.body, {
        headers: request.headers,
        timeout: this.options.timeoutMs,
        signal: AbortSignal.timeout(this.options.timeoutMs),
        httpAgent: this.httpAgent,
        httpsAgent: this.httpsAgent,
        maxRedirects: 0,
        maxContentLength: MAX_ANSWER_BYTES,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
      });
      return { status: response.status, body: typeof response.data === 'string' ? response.data : '' };
    } catch (error) {
      throw new Error(describeNetworkError(error));
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function describeNetworkError(error: unknown): string {
  if (axios.isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ERR_CANCELED') return 'timed out';
    const cause = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    return [error.code ?? cause, error.message].filter(Boolean).join(': ');
  }
  return error instanceof Error ? error.message : String(error);
}
