// SQLite rows: timestamps come back as the ISO text the collector wrote, JSON columns as text.
import * as rows from '../rows.js';

export type AgentRow = rows.AgentRow<string>;
export type DeviceSummaryRow = rows.DeviceSummaryRow<string>;
export type AlertRow = rows.AlertRow<string, string>;
export type AdminTokenRow = rows.AdminTokenRow<string>;
export type InventoryRow = rows.InventoryRow<string>;
export type OfficeRow = rows.OfficeRow<string, string>;
export type LatestReportRow = rows.LatestReportRow<string, string>;

export const { toDevice, toDeviceSummary, toAlert, toAdminToken, toInventoryRecord, toOffice, toDeviceLatestReport } = rows.rowMappers<string, string>({
  time: (value) => value,
  json: (value) => JSON.parse(value),
});
