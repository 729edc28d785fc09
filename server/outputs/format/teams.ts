// Microsoft Teams: an Adaptive Card posted to a Teams "Workflows" webhook ("Post to a channel when
// a webhook request is received"). Microsoft retired the Office 365 connectors (and their
// MessageCard format) in favour of Workflows, whose webhook takes a message with Adaptive Card
// attachments; version 1.4 renders in every Teams client.
import type { Severity } from '../../../shared/index.js';
import type { AlertEvent, TeamsOutput } from '../types.js';
import type { HttpRequest } from './context.js';
import { devicesOf, titleOf, truncate } from './labels.js';

/** Adaptive Card colour names (the host theme picks the actual colours). */
const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: 'Attention',
  high: 'Attention',
  medium: 'Warning',
  low: 'Accent',
  info: 'Default',
};

export function teamsCard(event: AlertEvent): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: titleOf(event), weight: 'Bolder', size: 'Medium', color: SEVERITY_COLOUR[event.severity], wrap: true },
    { type: 'TextBlock', text: truncate(event.summary, 3000), wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'Severity', value: `${event.severity} (score ${event.score})` },
        { title: 'Status', value: event.status },
        { title: 'Type', value: event.type },
        { title: 'Signal', value: event.signal },
        { title: 'Devices', value: devicesOf(event) },
        { title: 'First seen', value: event.firstSeen },
        { title: 'Last seen', value: event.lastSeen },
        { title: 'Count', value: String(event.count) },
        { title: 'Alert', value: event.alertId },
      ],
    },
  ];
  if (event.reasons.length) {
    body.push({ type: 'TextBlock', text: 'Why', weight: 'Bolder', wrap: true });
    // Separate blocks: Adaptive Card markdown lists need exact line breaks some clients drop.
    for (const reason of event.reasons) body.push({ type: 'TextBlock', text: `- ${truncate(reason, 1000)}`, wrap: true, spacing: 'None' });
  }
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    msteams: { width: 'Full' },
  };
  if (event.consoleUrl) card.actions = [{ type: 'Action.OpenUrl', title: 'Open in FarmWatch', url: event.consoleUrl }];
  return card;
}

export function teamsPayload(event: AlertEvent): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: teamsCard(event) }],
  };
}

export function teamsRequest(config: TeamsOutput, event: AlertEvent): HttpRequest {
  return { url: config.webhookUrl, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(teamsPayload(event)) };
}
