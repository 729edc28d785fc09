// `farmwatch-server inventory import FILE`: load the employee inventory from CSV or JSON straight
// into the store (the same validation and semantics as POST /api/v1/inventory).
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadServerConfig } from '../config.js';
import { INVENTORY_FORMATS, InventoryFormatError, parseInventoryText, type InventoryFormat } from '../inventory/parse.js';
import { toInventoryRecord } from '../inventory/record.js';
import { openStore } from '../store/open-store.js';
import type { Output } from './start.js';

export interface InventoryImportOptions {
  format?: InventoryFormat;
  replace?: boolean;
}

/** Thrown for a file the command cannot use; the CLI prints the message without a stack. */
export class InventoryImportError extends Error {
  override name = 'InventoryImportError';
  readonly code = 'EINVENTORY';
}

function formatOf(file: string, format: InventoryFormat | undefined): InventoryFormat {
  if (format) return format;
  const extension = path.extname(file).slice(1).toLowerCase();
  if ((INVENTORY_FORMATS as readonly string[]).includes(extension)) return extension as InventoryFormat;
  throw new InventoryImportError(`Cannot tell the format of ${file} from its extension; pass --format csv or --format json.`);
}

export async function inventoryImportCommand(
  file: string,
  options: InventoryImportOptions,
  env: NodeJS.ProcessEnv = process.env,
  out: Output = process.stdout,
): Promise<void> {
  const config = loadServerConfig(env);
  const format = formatOf(file, options.format);
  const text = await fs.readFile(file, 'utf8');
  let records;
  try {
    records = parseInventoryText(text, format);
  } catch (error) {
    if (error instanceof InventoryFormatError) throw new InventoryImportError(`${file}: nothing was imported. ${error.message}`);
    throw error;
  }
  const store = await openStore(config);
  try {
    const importedAt = new Date().toISOString();
    const result = await store.importInventory(records.map((r) => toInventoryRecord(r, importedAt)), { replace: options.replace === true });
    out.write(`Imported ${records.length} record(s) from ${file}: ${result.inserted} new, ${result.updated} updated, `
      + `${result.removed} removed; ${result.total} in the inventory.\n`);
  } finally {
    await store.close();
  }
}
