// The storage contract for device context: the employee inventory, declared office networks,
// and the public egress the collector saw (stored with each report).
import type { GeoInfo } from '../geoip/types.js';
import type { HostingNetwork } from '../geoip/hosting.js';
import type { DeviceIdentity } from '../inventory/match.js';
import type { InventoryRecord } from '../inventory/record.js';
import type { Office } from '../offices/office.js';
import type { Page, PageQuery } from './store.js';

/** The public address a report came from, as the collector saw it, and what it knows about it. */
export interface Egress extends GeoInfo {
  ip: string;
  /** The /64 of an IPv6 egress; null for IPv4. */
  prefix64: string | null;
  asn: number | null;
  asOrganisation: string | null;
  /** Set when the ASN is a hosting or VPN provider's. */
  hosting: HostingNetwork | null;
  /** Set when the egress is a declared office network. */
  office: { id: string; name: string } | null;
}

export interface InventoryImportResult {
  inserted: number;
  updated: number;
  /** Records dropped because `replace` was asked and the import did not list them. */
  removed: number;
  /** Records in the inventory afterwards. */
  total: number;
}

export interface DeviceContext {
  /** The matching inventory record (serial first, then hostname); null: no inventory record. */
  inventory: InventoryRecord | null;
  /** The egress of the device's latest report that has one; null before the first. */
  egress: (Egress & { seenAt: string }) | null;
}

export interface InventoryStore {
  /**
   * Adds or replaces records by their key (serial, else hostname; case-insensitive) in one
   * transaction. With `replace`, records the import does not list are removed.
   */
  importInventory(records: readonly InventoryRecord[], options: { replace: boolean }): Promise<InventoryImportResult>;
  /** Ordered by employee id, then key. */
  listInventory(query: PageQuery): Promise<Page<InventoryRecord>>;
  /** The matching inventory record per device (null: none), keyed by agent id (every device given gets an entry). */
  deviceInventory(devices: readonly (DeviceIdentity & { agentId: string })[]): Promise<Map<string, InventoryRecord | null>>;
  /**
   * Inventory record and the egress of the latest report that has one, per device, keyed by agent
   * id (every device given gets an entry).
   */
  deviceContexts(devices: readonly (DeviceIdentity & { agentId: string })[]): Promise<Map<string, DeviceContext>>;

  createOffice(office: Office): Promise<void>;
  /** Ordered by name, then id. */
  listOffices(): Promise<Office[]>;
  /** False when there is no such office. */
  deleteOffice(id: string): Promise<boolean>;
}
