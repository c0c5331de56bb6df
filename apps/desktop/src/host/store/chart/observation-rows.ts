/**
 * Observation rows as read from the covering index `observations_by_code`, and their conversion
 * to the chart's VitalSign / LabPoint shapes. Rows were validated when written, so reads do not
 * re-parse the FHIR JSON at all.
 */
import { SYSTEM, type LabPoint, type VitalSign } from '@lantern/core';

export interface ObservationRow {
  id: string;
  code: string;
  label: string | null;
  effective: string;
  value_num: number;
  value_unit: string | null;
  value2_num: number | null;
  value2_unit: string | null;
  interpretation: string | null;
  ref_low: number | null;
  ref_high: number | null;
  pending: number;
}

/** What a trend point needs: all of it in `observations_by_code`, so a series never reads a table row. */
export type LabPointRow = Omit<ObservationRow, 'pending'>;

export const SERIES_COLUMNS = 'id, code, label, effective, value_num, value_unit, value2_num, value2_unit, interpretation, ref_low, ref_high';
/**
 * With `pending`, which the index does not hold (migration 0009: acknowledging an edit would move
 * its index entry), so only for rows read from the table anyway (the latest value of each code).
 */
export const OBSERVATION_COLUMNS = `${SERIES_COLUMNS}, pending`;

/** Observations that belong on a chart: not withdrawn, deleted locally, or without a number. */
export const LIVE_OBSERVATION = `resource_type = 'Observation' AND deleted = 0 AND value_num IS NOT NULL
  AND effective IS NOT NULL AND (status IS NULL OR status NOT IN ('entered-in-error', 'cancelled'))`;

const LOINC_PREFIX = `${SYSTEM.loinc}|`;
export const loincOf = (code: string): string => (code.startsWith(LOINC_PREFIX) ? code.slice(LOINC_PREFIX.length) : code.slice(code.indexOf('|') + 1));
export const loincCode = (loinc: string): string => `${LOINC_PREFIX}${loinc}`;

type Interpretation = VitalSign['interpretation'];
const KNOWN: Record<string, Interpretation> = { N: 'N', H: 'H', L: 'L', HH: 'HH', LL: 'LL', A: 'A', AA: 'A', HU: 'HH', LU: 'LL', '>': 'H', '<': 'L' };

/** HL7 v3 ObservationInterpretation (http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation);
 *  when the source gave none, derived from the reference range so an abnormal value is never shown as plain. */
export function interpretationOf(row: LabPointRow): Interpretation {
  if (row.interpretation !== null) {
    const known = KNOWN[row.interpretation.toUpperCase()];
    if (known !== undefined) return known;
  }
  if (row.ref_high !== null && row.value_num > row.ref_high) return 'H';
  if (row.ref_low !== null && row.value_num < row.ref_low) return 'L';
  if (row.ref_low !== null || row.ref_high !== null) return 'N';
  return null;
}

const rangeOf = (row: LabPointRow): LabPoint['referenceRange'] =>
  row.ref_low === null && row.ref_high === null ? null : { low: row.ref_low, high: row.ref_high };

export function toLabPoint(row: LabPointRow): LabPoint {
  return {
    observationId: row.id,
    value: row.value_num,
    unit: row.value_unit ?? '',
    effective: row.effective,
    interpretation: interpretationOf(row),
    referenceRange: rangeOf(row),
  };
}

export function toVitalSign(row: ObservationRow): VitalSign {
  const loinc = loincOf(row.code);
  const vital: VitalSign = {
    observationId: row.id,
    loinc,
    label: row.label ?? loinc,
    value: row.value_num,
    unit: row.value_unit ?? '',
    effective: row.effective,
    interpretation: interpretationOf(row),
    referenceRange: rangeOf(row),
    pendingSync: row.pending === 1,
  };
  if (row.value2_num !== null) vital.secondary = { value: row.value2_num, unit: row.value2_unit ?? row.value_unit ?? '' };
  return vital;
}
