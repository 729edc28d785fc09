// The columns of the alert and device exports. Lists are joined with "; " inside one cell.
import type { Alert, DeviceSummary } from '../store/store.js';
import type { CsvColumn } from './csv.js';

const list = (values: readonly string[]) => values.join('; ');

export const ALERT_COLUMNS: readonly CsvColumn<Alert>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'type', value: (a) => a.type },
  { header: 'signal', value: (a) => a.signal },
  { header: 'category', value: (a) => a.category },
  { header: 'severity', value: (a) => a.severity },
  { header: 'score', value: (a) => a.score },
  { header: 'status', value: (a) => a.status },
  { header: 'summary', value: (a) => a.summary },
  { header: 'reasons', value: (a) => list(a.reasons) },
  { header: 'device_ids', value: (a) => list(a.agentIds.length ? a.agentIds : a.agentId ? [a.agentId] : []) },
  { header: 'first_seen', value: (a) => a.firstSeen },
  { header: 'last_seen', value: (a) => a.lastSeen },
  { header: 'count', value: (a) => a.count },
  { header: 'assignee', value: (a) => a.assignee },
  { header: 'resolution', value: (a) => a.resolution },
  { header: 'acknowledged_at', value: (a) => a.acknowledgedAt },
  { header: 'resolved_at', value: (a) => a.resolvedAt },
  { header: 'dedup_key', value: (a) => a.dedupKey },
];

export const DEVICE_COLUMNS: readonly CsvColumn<DeviceSummary>[] = [
  { header: 'agent_id', value: (d) => d.agentId },
  { header: 'hostname', value: (d) => d.hostname },
  { header: 'platform', value: (d) => d.platform },
  { header: 'os_release', value: (d) => d.osRelease },
  { header: 'arch', value: (d) => d.arch },
  { header: 'manufacturer', value: (d) => d.manufacturer },
  { header: 'model', value: (d) => d.model },
  { header: 'serial', value: (d) => d.serial },
  { header: 'hardware_uuid', value: (d) => d.hardwareUuid },
  { header: 'agent_version', value: (d) => d.agentVersion },
  { header: 'enrolled_at', value: (d) => d.enrolledAt },
  { header: 'last_seen_at', value: (d) => d.lastSeenAt },
  { header: 'open_alert_count', value: (d) => d.openAlertCount },
  { header: 'report_count', value: (d) => d.reportCount },
];
