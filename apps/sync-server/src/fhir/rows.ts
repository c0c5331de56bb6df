/** Rows as the FHIR routes select them: the resource as JSON text (never parsed on the hot path). */
import { z } from 'zod';

const ts = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? new Date(v) : v).toISOString());

export const RawRowSchema = z.object({
  resource_type: z.string(),
  id: z.string(),
  patient_id: z.string(),
  version: z.coerce.number().int().positive(),
  deleted: z.boolean(),
  last_updated: ts,
  json: z.string().nullable(),
});
export type RawRow = z.output<typeof RawRowSchema>;

export const RAW_COLS = 'resource_type, id, patient_id, version, deleted, last_updated, resource::text AS json';

export const parseRows = (rows: unknown[]): RawRow[] => rows.map((r) => RawRowSchema.parse(r));
