// InventoryStore on a pg Pool: functions the PostgresStore calls through thin methods. Behaves
// like the SQLite one; bulk writes go as one JSON parameter.
import type { Pool } from 'pg';
import { lookupKeys, matchInventory } from '../../inventory/match.js';
import { inventoryKey, type InventoryRecord } from '../../inventory/record.js';
import type { DeviceContext, Egress, InventoryImportResult, InventoryStore } from '../inventory-store.js';
import type { Page, PageQuery } from '../store.js';
import { toInventoryRecord as toRecord, toOffice, type InventoryRow, type OfficeRow } from './rows.js';
import { SNAPSHOT, withTransaction } from './transaction.js';

export function postgresInventory(pool: Pool): InventoryStore {
  return {
    async importInventory(records, { replace }): Promise<InventoryImportResult> {
      return withTransaction(pool, async (db) => {
        // One import at a time, so the counts below describe what this one changed.
        await db.query('LOCK TABLE inventory IN SHARE ROW EXCLUSIVE MODE');
        const { rows: existingRows } = await db.query<{ key: string }>('SELECT key FROM inventory');
        const existing = new Set(existingRows.map((r) => r.key));
        const keys = new Set(records.map(inventoryKey));
        const inserted = [...keys].filter((k) => !existing.has(k)).length;
        const removed = replace ? [...existing].filter((k) => !keys.has(k)).length : 0;
        if (replace) await db.query('DELETE FROM inventory');
        const rows = records.map((r) => ({
          key: inventoryKey(r), serial: r.serial, serial_key: r.serial?.toLowerCase() ?? null, hostname: r.hostname,
          hostname_key: r.hostname?.toLowerCase() ?? null, employee_id: r.employeeId, employee_name: r.employeeName, city: r.city,
          country: r.country, latitude: r.latitude, longitude: r.longitude, work_mode: r.workMode, imported_at: r.importedAt,
        }));
        if (rows.length) {
          await db.query(`INSERT INTO inventory (key, serial, serial_key, hostname, hostname_key, employee_id, employee_name,
              city, country, latitude, longitude, work_mode, imported_at)
            SELECT * FROM json_to_recordset($1::json) AS r (key text, serial text, serial_key text, hostname text, hostname_key text,
              employee_id text, employee_name text, city text, country text, latitude double precision, longitude double precision,
              work_mode text, imported_at timestamptz)
            ON CONFLICT (key) DO UPDATE SET serial = excluded.serial, serial_key = excluded.serial_key, hostname = excluded.hostname,
              hostname_key = excluded.hostname_key, employee_id = excluded.employee_id, employee_name = excluded.employee_name,
              city = excluded.city, country = excluded.country, latitude = excluded.latitude, longitude = excluded.longitude,
              work_mode = excluded.work_mode, imported_at = excluded.imported_at`, [JSON.stringify(rows)]);
        }
        const { rows: [count] } = await db.query<{ total: number }>('SELECT COUNT(*)::int AS total FROM inventory');
        return { inserted, updated: keys.size - inserted, removed, total: count!.total };
      });
    },

    async listInventory({ limit, offset }: PageQuery): Promise<Page<InventoryRecord>> {
      return withTransaction(pool, async (db) => {
        const { rows } = await db.query<InventoryRow>('SELECT * FROM inventory ORDER BY employee_id, key LIMIT $1 OFFSET $2', [limit, offset]);
        const { rows: [count] } = await db.query<{ total: number }>('SELECT COUNT(*)::int AS total FROM inventory');
        return { items: rows.map(toRecord), total: count!.total };
      }, SNAPSHOT);
    },

    async deviceInventory(devices) {
      const { serials, hostnames } = lookupKeys(devices);
      const { rows: candidates } = await pool.query<InventoryRow>(
        'SELECT * FROM inventory WHERE serial_key = ANY($1::text[]) OR hostname_key = ANY($2::text[])', [serials, hostnames]);
      const records = candidates.map(toRecord);
      return new Map(devices.map((d) => [d.agentId, matchInventory(d, records)]));
    },

    async deviceContexts(devices) {
      const { serials, hostnames } = lookupKeys(devices);
      return withTransaction(pool, async (db) => {
        const { rows: candidates } = await db.query<InventoryRow>(
          'SELECT * FROM inventory WHERE serial_key = ANY($1::text[]) OR hostname_key = ANY($2::text[])', [serials, hostnames]);
        const records = candidates.map(toRecord);
        const { rows: egressRows } = await db.query<{ agent_id: string; received_at: Date; egress: Egress }>(
          `SELECT d.agent_id, e.received_at, e.egress FROM unnest($1::text[]) AS d (agent_id)
            CROSS JOIN LATERAL (SELECT received_at, egress FROM reports WHERE agent_id = d.agent_id AND egress IS NOT NULL
              ORDER BY received_at DESC, seq DESC LIMIT 1) e`, [devices.map((d) => d.agentId)]);
        const egress = new Map<string, DeviceContext['egress']>(egressRows.map((r) => [r.agent_id, { ...r.egress, seenAt: r.received_at.toISOString() }]));
        return new Map(devices.map((d) => [d.agentId, { inventory: matchInventory(d, records), egress: egress.get(d.agentId) ?? null }]));
      }, SNAPSHOT);
    },

    async createOffice(office) {
      await pool.query('INSERT INTO offices (id, name, egress_cidrs, gateway_mac_hashes, created_at) VALUES ($1, $2, $3::json, $4::json, $5)',
        [office.id, office.name, JSON.stringify(office.egressCidrs), JSON.stringify(office.gatewayMacHashes), office.createdAt]);
    },

    async listOffices() {
      const { rows } = await pool.query<OfficeRow>('SELECT * FROM offices ORDER BY name, id');
      return rows.map(toOffice);
    },

    async deleteOffice(id) {
      const { rowCount } = await pool.query('DELETE FROM offices WHERE id = $1', [id]);
      return rowCount === 1;
    },
  };
}
