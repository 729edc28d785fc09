// Plain-language labels shared by the chat formats (Slack, Teams).
import type { AlertEvent } from '../types.js';

const KIND_TITLE: Record<AlertEvent['kind'], string> = {
  opened: 'New alert',
  updated: 'Alert updated',
  acknowledged: 'Alert acknowledged',
  resolved: 'Alert resolved',
};

export function titleOf(event: AlertEvent): string {
  return `FarmWatch: ${KIND_TITLE[event.kind]} [${event.severity.toUpperCase()}] ${event.type.replaceAll('_', ' ')}`;
}

export function devicesOf(event: AlertEvent, max = 10): string {
  if (!event.deviceIds.length) return 'none';
  const shown = event.deviceIds.slice(0, max).join(', ');
  return event.deviceIds.length > max ? `${shown} and ${event.deviceIds.length - max} more` : shown;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
