// PostgreSQL rows: pg returns timestamptz as Date and json/jsonb already parsed.
import * as rows from '../rows.js';

export type AgentRow = rows.AgentRow<Date>;
export type DeviceSummaryRow = rows.DeviceSummaryRow<Date>;
export type AlertRow = rows.AlertRow<Date, unknown>;
export type AdminTokenRow = rows.AdminTokenRow<Date>;
export type InventoryRow = rows.InventoryRow<Date>;
export type OfficeRow = rows.OfficeRow<Date, unknown>;
export type LatestReportRow = rows.LatestReportRow<Date, unknown>;

export type ReportSummaryRow = {
  report_id: string;
  received_at: Date;
  scanned_at: string;
  finding_count: number;
};

export const { toDevice, toDeviceSummary, toAlert, toAdminToken, toInventoryRecord, toOffice, toDeviceLatestReport } = rows.rowMappers<Date, unknown>({
  time: (value) => value.toISOString(),
  json: <T>(value: unknown) => value as T,
});
