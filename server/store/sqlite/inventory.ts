// InventoryStore on better-sqlite3: functions the SqliteStore calls through thin methods.
import type { Database, Statement } from 'better-sqlite3';
import { statement } from './statements.js';
import { lookupKeys, matchInventory } from '../../inventory/match.js';
import { inventoryKey, type InventoryRecord } from '../../inventory/record.js';
import type { Egress, InventoryImportResult, InventoryStore } from '../inventory-store.js';
import type { Page, PageQuery } from '../store.js';
import { toInventoryRecord as toRecord, toOffice, type InventoryRow, type OfficeRow } from './rows.js';

/** SQLite caps bound parameters per statement; key lists are sent in slices of this size. */
const SLICE = 500;
const slices = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / SLICE) }, (_, i) => items.slice(i * SLICE, (i + 1) * SLICE));

/** One instance per database, so its statements are prepared once (reports call it on every ingest). */
const instances = new WeakMap<Database, InventoryStore>();

export function sqliteInventory(db: Database): InventoryStore {
  let inventory = instances.get(db);
  if (!inventory) instances.set(db, (inventory = createInventory(db)));
  return inventory;
}

function createInventory(db: Database): InventoryStore {
  const sql = (text: string): Statement => statement(db, text);
  const deviceInventory: InventoryStore['deviceInventory'] = async (devices) => {
    const { serials, hostnames } = lookupKeys(devices);
    const candidates: InventoryRow[] = [];
    for (const part of slices(serials)) {
      candidates.push(...sql(`SELECT * FROM inventory WHERE serial_key IN (${part.map(() => '?').join(',')})`).all(...part) as InventoryRow[]);
    }
    for (const part of slices(hostnames)) {
      candidates.push(...sql(`SELECT * FROM inventory WHERE hostname_key IN (${part.map(() => '?').join(',')})`).all(...part) as InventoryRow[]);
    }
    const records = [...new Map(candidates.map((r) => [r.key, toRecord(r)])).values()];
    return new Map(devices.map((d) => [d.agentId, matchInventory(d, records)]));
  };
  return {
    async importInventory(records, { replace }): Promise<InventoryImportResult> {
      return db.transaction((): InventoryImportResult => {
        const existing = new Set((db.prepare('SELECT key FROM inventory').all() as { key: string }[]).map((r) => r.key));
        const keys = new Set(records.map(inventoryKey));
        const inserted = [...keys].filter((k) => !existing.has(k)).length;
        const removed = replace ? [...existing].filter((k) => !keys.has(k)).length : 0;
        if (replace) db.prepare('DELETE FROM inventory').run();
        const upsert = db.prepare(`INSERT INTO inventory (key, serial, serial_key, hostname, hostname_key, employee_id, employee_name,
            city, country, latitude, longitude, work_mode, imported_at)
          VALUES (@key, @serial, @serialKey, @hostname, @hostnameKey, @employeeId, @employeeName, @city, @country, @latitude,
            @longitude, @workMode, @importedAt)
          ON CONFLICT (key) DO UPDATE SET serial = excluded.serial, serial_key = excluded.serial_key, hostname = excluded.hostname,
            hostname_key = excluded.hostname_key, employee_id = excluded.employee_id, employee_name = excluded.employee_name,
            city = excluded.city, country = excluded.country, latitude = excluded.latitude, longitude = excluded.longitude,
            work_mode = excluded.work_mode, imported_at = excluded.imported_at`);
        for (const r of records) {
          upsert.run({ ...r, key: inventoryKey(r),
            serialKey: r.serial?.toLowerCase() ?? null, hostnameKey: r.hostname?.toLowerCase() ?? null });
        }
        const { total } = db.prepare('SELECT COUNT(*) AS total FROM inventory').get() as { total: number };
        return { inserted, updated: keys.size - inserted, removed, total };
      }).immediate();
    },

    async listInventory({ limit, offset }: PageQuery): Promise<Page<InventoryRecord>> {
      return db.transaction(() => {
        const rows = db.prepare('SELECT * FROM inventory ORDER BY employee_id, key LIMIT ? OFFSET ?').all(limit, offset) as InventoryRow[];
        const { total } = db.prepare('SELECT COUNT(*) AS total FROM inventory').get() as { total: number };
        return { items: rows.map(toRecord), total };
      })();
    },

    deviceInventory,

    async deviceContexts(devices) {
      const inventory = await deviceInventory(devices);
      const latestEgress = sql(`SELECT received_at, egress FROM reports WHERE agent_id = ? AND egress IS NOT NULL
        ORDER BY received_at DESC, seq DESC LIMIT 1`);
      return new Map(devices.map((d) => {
        const row = latestEgress.get(d.agentId) as { received_at: string; egress: string } | undefined;
        const egress = row ? { ...(JSON.parse(row.egress) as Egress), seenAt: row.received_at } : null;
        return [d.agentId, { inventory: inventory.get(d.agentId) ?? null, egress }];
      }));
    },

    async createOffice(office) {
      db.prepare('INSERT INTO offices (id, name, egress_cidrs, gateway_mac_hashes, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(office.id, office.name, JSON.stringify(office.egressCidrs), JSON.stringify(office.gatewayMacHashes), office.createdAt);
    },

    async listOffices() {
      return (sql('SELECT * FROM offices ORDER BY name, id').all() as OfficeRow[]).map(toOffice);
    },

    async deleteOffice(id) {
      return db.prepare('DELETE FROM offices WHERE id = ?').run(id).changes === 1;
    },
  };
}
