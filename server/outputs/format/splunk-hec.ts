// Splunk HTTP Event Collector: one JSON event per request to /services/collector/event,
// authenticated with "Authorization: Splunk <token>".
import type { AlertEvent, SplunkHecOutput } from '../types.js';
import type { FormatContext, HttpRequest } from './context.js';

export function hecEvent(config: Pick<SplunkHecOutput, 'index' | 'source' | 'sourcetype'>, event: AlertEvent, context: FormatContext): Record<string, unknown> {
  return {
    // Epoch seconds with millisecond precision, as HEC expects.
    time: Date.parse(event.occurredAt) / 1000,
    host: context.hostname,
    source: config.source,
    sourcetype: config.sourcetype,
    ...(config.index ? { index: config.index } : {}),
    event,
  };
}

export function hecRequest(config: SplunkHecOutput, event: AlertEvent, context: FormatContext): HttpRequest {
  return {
    url: config.url,
    headers: { 'Content-Type': 'application/json', Authorization: `Splunk ${config.token}` },
    body: JSON.stringify(hecEvent(config, event, context)),
  };
}

/** HEC answers `{"text":"Success","code":0}`; any other code is a refusal even with a 2xx status. */
export function hecFailure(status: number, body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return status >= 200 && status < 300 ? 'HEC answered without a JSON body' : `HTTP ${status}`;
  }
  const { code, text } = (parsed ?? {}) as { code?: unknown; text?: unknown };
  if (status >= 200 && status < 300 && code === 0) return null;
  return `HTTP ${status}${code !== undefined ? `, HEC code ${String(code)}` : ''}${typeof text === 'string' ? `: ${text}` : ''}`;
}
