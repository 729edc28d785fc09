// One inventory record: which employee a device belongs to and where they claim to work.
import { getCountry } from 'countries-and-timezones';
import { z } from 'zod';

export const WORK_MODES = ['remote', 'office'] as const;
export type WorkMode = (typeof WORK_MODES)[number];

const optionalText = (max: number) => z.string().trim().max(max).refine((v) => !v.includes('\0'), 'must not contain NUL characters')
  .optional().transform((v) => (v ? v : undefined));

const isObject = (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null;

/** A record as imported, before the collector stamps it. */
export const InventoryRecordInput = z.strictObject({
  serial: optionalText(128),
  hostname: optionalText(255),
  employeeId: z.string().trim().min(1, 'required').max(128),
  employeeName: z.string().trim().min(1, 'required').max(255),
  city: z.string().trim().min(1, 'required').max(128),
  country: z.string().trim().toUpperCase()
    .refine((c) => /^[A-Z]{2}$/.test(c) && getCountry(c) !== null, 'expected an ISO 3166-1 alpha-2 country code such as US or DE'),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  workMode: z.enum(WORK_MODES, { error: `expected one of ${WORK_MODES.join(', ')}` }),
})
  // `when`: also judged while other fields are wrong, so one answer lists every problem of a line.
  .refine((r) => Boolean(r.serial || r.hostname), { path: ['serial'], message: 'a record needs a serial or a hostname (or both)', when: isObject })
  .refine((r) => (r.latitude === undefined) === (r.longitude === undefined), {
    path: ['longitude'], message: 'latitude and longitude go together', when: isObject,
  });
/** Empty serial/hostname cells come out as absent keys. */
export type InventoryRecordInput = Omit<z.output<typeof InventoryRecordInput>, 'serial' | 'hostname'> & { serial?: string; hostname?: string };

export interface InventoryRecord {
  serial: string | null;
  hostname: string | null;
  employeeId: string;
  employeeName: string;
  city: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  workMode: WorkMode;
  importedAt: string;
}

/**
 * The identity a record is replaced by on a later import: its serial when it has one, else its
 * hostname. Both case-insensitive, as device matching is.
 */
export function inventoryKey(record: { serial?: string | null; hostname?: string | null }): string {
  return record.serial ? `serial:${record.serial.toLowerCase()}` : `hostname:${record.hostname!.toLowerCase()}`;
}

export function toInventoryRecord(input: InventoryRecordInput, importedAt: string): InventoryRecord {
  return {
    serial: input.serial ?? null,
    hostname: input.hostname ?? null,
    employeeId: input.employeeId,
    employeeName: input.employeeName,
    city: input.city,
    country: input.country,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    workMode: input.workMode,
    importedAt,
  };
}
