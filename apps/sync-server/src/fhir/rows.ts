/**
 * Rows as the FHIR routes select them: the resource as JSON text (never parsed on the hot path).
 * Rows of a whole chart are checked field by field rather than through zod, which would cost more
 * than the query itself on thousands of rows; a row of the wrong shape is still an error.
 */
export interface RawRow {
  resource_type: string;
  id: string;
  patient_id: string;
  version: number;
  deleted: boolean;
  last_updated: string;
  json: string | null;
}

export const RAW_COLS = 'resource_type, id, patient_id, version, deleted, last_updated, resource::text AS json';

function parseRow(r: unknown): RawRow {
  const o = r as Record<string, unknown>;
  const lu = o['last_updated'];
  const version = Number(o['version']);
  if (typeof o['resource_type'] !== 'string' || typeof o['id'] !== 'string' || typeof o['patient_id'] !== 'string'
    || typeof o['deleted'] !== 'boolean' || !Number.isInteger(version) || version < 1
    || !(lu instanceof Date || typeof lu === 'string') || !(o['json'] === null || typeof o['json'] === 'string')) {
    throw new Error('unexpected resource row shape');
  }
  return {
    resource_type: o['resource_type'], id: o['id'], patient_id: o['patient_id'], version, deleted: o['deleted'],
    last_updated: (lu instanceof Date ? lu : new Date(lu)).toISOString(), json: o['json'] as string | null,
  };
}

export const parseRows = (rows: unknown[]): RawRow[] => rows.map(parseRow);
