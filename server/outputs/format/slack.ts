// Slack incoming webhook: Block Kit blocks inside one attachment, because only an attachment's
// `color` gives the message its severity bar. `text` is the notification fallback. No emoji.
import type { Severity } from '../../../shared/index.js';
import type { AlertEvent, SlackOutput } from '../types.js';
import type { HttpRequest } from './context.js';
import { devicesOf, titleOf, truncate } from './labels.js';

export const SLACK_SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#b71c1c',
  high: '#e65100',
  medium: '#f9a825',
  low: '#1565c0',
  info: '#757575',
};

/** Slack mrkdwn treats &, < and > as control characters. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const field = (label: string, value: string) => ({ type: 'mrkdwn', text: truncate(`*${label}*\n${escapeSlack(value)}`, 2000) });

export function slackPayload(event: AlertEvent): Record<string, unknown> {
  const title = titleOf(event);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(escapeSlack(event.summary) || ' ', 3000) } },
    {
      type: 'section',
      fields: [
        field('Severity', `${event.severity} (score ${event.score})`),
        field('Status', event.status),
        field('Type', event.type),
        field('Signal', event.signal),
        field('Devices', devicesOf(event)),
        field('Seen', `${event.count} time(s), first ${event.firstSeen}, last ${event.lastSeen}`),
      ],
    },
  ];
  if (event.reasons.length) {
    const reasons = event.reasons.map((reason) => `- ${escapeSlack(reason)}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Why*\n${reasons}`, 3000) } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(`Alert ${event.alertId} - event ${event.eventId}`) }] });
  if (event.consoleUrl) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in FarmWatch' }, url: event.consoleUrl }],
    });
  }
  return {
    text: truncate(`${title}: ${event.summary}`, 3000),
    attachments: [{ color: SLACK_SEVERITY_COLOURS[event.severity], blocks }],
  };
}

export function slackRequest(config: SlackOutput, event: AlertEvent): HttpRequest {
  return { url: config.webhookUrl, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(slackPayload(event)) };
}
