// HTTP to the collector: one axios instance per server with timeouts, the bearer token and an
// optional private CA. Network errors, 408, 429 and 5xx are retried with exponential backoff and
// full jitter (Retry-After wins when the collector sends it); any other answer is returned to
// the caller at once, so a report the collector rejects is never retried in a loop.
import { readFile } from 'node:fs/promises';
import type { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AxiosInstance, AxiosStatic, Method } from 'axios';
import { ApiErrorBody } from '../../shared/index.js';
import type { AgentConfig } from '../config/index.js';
import { agentError, describeError } from '../errors.js';
import type { Logger } from '../log.js';
import { AGENT_VERSION } from '../version.js';

export type HttpOutcome =
  /** 2xx, or 304 to a conditional GET. */
  | { kind: 'ok'; status: number; data: unknown; headers: Record<string, string | undefined> }
  /** An answer that retrying will not change (4xx other than 408/429, unexpected 3xx). */
  | { kind: 'client_error'; status: number; data: unknown }
  /** Still failing after the retries, told to come back later, or aborted. */
  | { kind: 'gave_up'; reason: string; status?: number; aborted?: boolean };

export type TransportConfig = Pick<AgentConfig, 'requestTimeoutMs' | 'maxRetries' | 'backoffBaseMs' | 'backoffCapMs' | 'caFile'>;

export interface TransportOptions {
  serverUrl: string;
  token?: string;
  config: TransportConfig;
  log: Logger;
  /** Aborts waits and requests in flight (SIGTERM). */
  signal?: AbortSignal;
  /** Source of jitter, [0, 1). */
  random?: () => number;
}

export interface RequestOptions {
  data?: unknown;
  headers?: Record<string, string>;
  maxRetries?: number;
  timeoutMs?: number;
}

export class Transport {
  readonly serverUrl: string;
  private readonly http: AxiosInstance;
  private readonly axios: AxiosStatic;
  private readonly options: TransportOptions;

  private constructor(options: TransportOptions, axios: AxiosStatic, http: AxiosInstance) {
    this.options = options;
    this.serverUrl = options.serverUrl;
    this.axios = axios;
    this.http = http;
  }

  static async create(options: TransportOptions): Promise<Transport> {
    const serverUrl = normaliseServerUrl(options.serverUrl);
    let httpsAgent: HttpsAgent | undefined;
    if (options.config.caFile) {
      let pem: string;
      try {
        pem = await readFile(options.config.caFile, 'utf8');
      } catch (error) {
        throw agentError('CONFIG_INVALID', `caFile ${options.config.caFile} cannot be read: ${describeError(error)}`, error);
      }
      const [{ Agent }, { rootCertificates }] = await Promise.all([import('node:https'), import('node:tls')]);
      httpsAgent = new Agent({ ca: [...rootCertificates, pem], keepAlive: true });
    }
    // Loaded on first use, like node:https: axios and its dependencies are about a fifth of the
    // agent's memory, and `scan` never talks to the collector.
    const { default: axios } = await import('axios');
    const http = axios.create({
      baseURL: serverUrl,
      timeout: options.config.requestTimeoutMs,
      headers: {
        'user-agent': `farmwatch-agent/${AGENT_VERSION}`,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      httpsAgent,
      // A redirect would carry the token somewhere else: treat it as an answer, not a hop.
      maxRedirects: 0,
      validateStatus: () => true,
    });
    return new Transport({ ...options, serverUrl }, axios, http);
  }

  async request(method: Method, path: string, options: RequestOptions = {}): Promise<HttpOutcome> {
    const { config, log, signal } = this.options;
    const maxRetries = options.maxRetries ?? config.maxRetries;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) return { kind: 'gave_up', reason: 'aborted', aborted: true };
      let reason: string;
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      try {
        const response = await this.http.request({
          method,
          url: path,
          data: options.data,
          headers: options.headers,
          timeout: options.timeoutMs ?? config.requestTimeoutMs,
          signal,
        });
        status = response.status;
        const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, v == null ? undefined : String(v)]));
        if ((status >= 200 && status < 300) || status === 304) return { kind: 'ok', status, data: response.data, headers };
        if (status !== 408 && status !== 429 && status < 500) return { kind: 'client_error', status, data: response.data };
        reason = `HTTP ${status}${apiErrorSuffix(response.data)}`;
        retryAfterMs = parseRetryAfter(headers['retry-after']);
      } catch (error) {
        if (signal?.aborted || this.axios.isCancel(error)) return { kind: 'gave_up', reason: 'aborted', aborted: true };
        if (!this.axios.isAxiosError(error)) throw error;
        reason = networkReason(error.code, error.message);
      }

      if (attempt >= maxRetries) {
        return { kind: 'gave_up', reason: `${reason} (after ${attempt + 1} attempt${attempt ? 's' : ''})`, status };
      }
      if (retryAfterMs !== undefined && retryAfterMs > config.backoffCapMs) {
        // Waiting that long in-process would stall everything; the caller keeps the work queued.
        return { kind: 'gave_up', reason: `${reason}; the collector asks to retry after ${Math.ceil(retryAfterMs / 1000)} s`, status };
      }
      const delayMs = retryAfterMs ?? this.backoff(attempt);
      log.warn({ method, path, attempt: attempt + 1, delayMs: Math.round(delayMs), reason }, 'collector request failed; retrying');
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        return { kind: 'gave_up', reason: 'aborted', aborted: true };
      }
    }
  }

  /** Full jitter: uniform in [0, min(cap, base * 2^attempt)). */
  private backoff(attempt: number): number {
    const { backoffBaseMs, backoffCapMs } = this.options.config;
    const random = this.options.random ?? Math.random;
    return random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt);
  }
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `https://c.example/farmwatch/` -> `https://c.example/farmwatch`; rejects non-HTTP URLs. */
export function normaliseServerUrl(serverUrl: string): string {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw agentError('INVALID_INPUT', `server URL ${JSON.stringify(serverUrl)} is not a URL (expected https://collector.example.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw agentError('INVALID_INPUT', `server URL ${serverUrl} must start with https:// (or http:// for a local test collector)`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw agentError('INVALID_INPUT', `server URL ${serverUrl} must not carry credentials, a query or a fragment`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** The collector's error code and message (see shared/schema/errors.ts), for logs and messages. */
export function describeApiError(data: unknown): string {
  const parsed = ApiErrorBody.safeParse(data);
  if (!parsed.success) {
    const text = typeof data === 'string' ? data : JSON.stringify(data ?? null);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
  const { code, message, details } = parsed.data.error;
  const fields = details?.length ? ` (${details.slice(0, 5).map((d) => `${d.path}: ${d.message}`).join('; ')})` : '';
  return `${code}: ${message}${fields}`;
}

/** `ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:443` without the repetition; never empty. */
function networkReason(code: string | undefined, message: string): string {
  if (!message) return code ?? 'network error';
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function apiErrorSuffix(data: unknown): string {
  return ApiErrorBody.safeParse(data).success ? ` ${describeApiError(data)}` : '';
}
