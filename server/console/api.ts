// The console's one way to the collector: same-origin fetch with the session cookie, the
// session's CSRF token on changes, and the collector's error body turned into an ApiFailure.
export interface SessionUser {
  id: string;
  username: string;
  role: 'admin' | 'analyst' | 'viewer';
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

let csrfToken = '';
/** Called whenever the console learns its session (sign-in, reload). */
export function useCsrfToken(token: string): void {
  csrfToken = token;
}

/** Set by the app: a 401 anywhere means the session ended, so the console shows the sign-in page. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export interface ApiOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with its content type (e.g. a CSV file). */
  raw?: { text: string; contentType: string };
  headers?: Record<string, string>;
}

export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  return (await apiWithHeaders<T>(path, options)).body;
}

/** api(), with the answer's headers (an ETag, say). */
export async function apiWithHeaders<T>(path: string, options: ApiOptions = {}): Promise<{ body: T; headers: Headers }> {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const method = options.method ?? (hasBody ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (hasBody) headers['content-type'] = options.raw?.contentType ?? 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const payload = options.raw ? options.raw.text : options.body === undefined ? undefined : JSON.stringify(options.body);
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = body?.error ?? {};
    if (response.status === 401 && path !== '/api/v1/session') onSignedOut();
    const details = Array.isArray(error.details) ? ` (${error.details.map((d: { path: string; message: string }) => `${d.path}: ${d.message}`).join('; ')})` : '';
    throw new ApiFailure(response.status, error.code ?? 'UNKNOWN', `${error.message ?? response.statusText}${details}`);
  }
  return { body: body as T, headers: response.headers };
}

/** Query string from the set values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
