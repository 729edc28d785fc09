// The columns of the compliance CSV export, one row per device. Lists are joined with "; ".
import type { CsvColumn } from '../export/csv.js';
import type { DeviceCompliance } from './compute.js';

const rulesWith = (d: DeviceCompliance, status: 'fail' | 'unknown') => d.rules.filter((r) => r.status === status).map((r) => r.rule).join('; ');

export const COMPLIANCE_COLUMNS: readonly CsvColumn<DeviceCompliance>[] = [
  { header: 'status', value: (d) => d.status },
  { header: 'agent_id', value: (d) => d.agentId },
  { header: 'hostname', value: (d) => d.hostname },
  { header: 'serial', value: (d) => d.serial },
  { header: 'platform', value: (d) => d.platform },
  { header: 'employee_id', value: (d) => d.employeeId },
  { header: 'employee_name', value: (d) => d.employeeName },
  { header: 'enrolled_at', value: (d) => d.enrolledAt },
  { header: 'last_report_at', value: (d) => d.lastReportAt },
  { header: 'last_scan_at', value: (d) => d.lastScanAt },
  { header: 'within_sla', value: (d) => d.withinSla },
  { header: 'failed_rules', value: (d) => rulesWith(d, 'fail') },
  { header: 'unknown_rules', value: (d) => rulesWith(d, 'unknown') },
  { header: 'reasons', value: (d) => d.reasons.join('; ') },
];
