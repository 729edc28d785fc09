// Generic webhook: the AlertEvent as JSON, signed like Stripe/Slack signatures so a receiver can
// prove the body came from FarmWatch and is fresh: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t.body)>.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertEvent, WebhookOutput } from '../types.js';
import type { HttpRequest } from './context.js';

export const SIGNATURE_HEADER = 'X-FarmWatch-Signature';
export const EVENT_ID_HEADER = 'X-FarmWatch-Event-Id';

export function signatureOf(secret: string, timestampSec: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestampSec: number, body: string): string {
  return `t=${timestampSec},v1=${signatureOf(secret, timestampSec, body)}`;
}

export interface VerifyOptions {
  /** Oldest accepted timestamp, in seconds from now (replay window). Default 300. */
  toleranceSec?: number;
  now?: Date;
}

/** Checks a signature header against the raw body, in constant time; what a receiver does. */
export function verifySignature(secret: string, header: string, body: string, options: VerifyOptions = {}): boolean {
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(timestamp)) return false;
  const nowSec = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSec - timestamp) > (options.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function webhookBody(event: AlertEvent): string {
  return JSON.stringify(event);
}

export function webhookRequest(config: WebhookOutput, event: AlertEvent, now: Date): HttpRequest {
  const body = webhookBody(event);
  return {
    url: config.url,
    headers: {
      ...config.headers,
      'Content-Type': 'application/json',
      [SIGNATURE_HEADER]: signatureHeader(config.secret, Math.floor(now.getTime() / 1000), body),
      [EVENT_ID_HEADER]: event.eventId,
    },
    body,
  };
}
