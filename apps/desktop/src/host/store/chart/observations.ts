/**
 * Vitals and labs for the chart: the latest value of each LOINC code, and one code's values over
 * time. Each is a single range scan of the covering index `observations_by_code`
 * (patient, category, code, effective DESC, values...).
 */
import type { LabSeries, RecentLab, VitalSign } from '@lantern/core';
import type { StoreDb } from '../store-db.ts';
import { LIVE_OBSERVATION, OBSERVATION_COLUMNS, SERIES_COLUMNS, loincCode, loincOf, toLabPoint, toVitalSign, type LabPointRow, type ObservationRow } from './observation-rows.ts';

/** Screen order for the common vitals (LOINC); anything else follows by label. */
const VITAL_ORDER = ['85354-9', '8480-6', '8462-4', '8867-4', '9279-1', '8310-5', '59408-5', '2708-6', '29463-7', '8302-2', '39156-5', '72514-3'];
const rank = (loinc: string): number => {
  const i = VITAL_ORDER.indexOf(loinc);
  return i === -1 ? VITAL_ORDER.length : i;
};

// Hops from code to code with index seeks (min(code) > previous) and takes each code's newest live
// row with one more seek, so the cost grows with the number of distinct codes (tens), not with the
// number of observations (thousands for a long-stay patient). https://sqlite.org/lang_with.html
const LATEST_SQL = `WITH RECURSIVE codes(code) AS (
    SELECT (SELECT min(code) FROM resources WHERE resource_type = 'Observation' AND patient_id = @patientId AND category = @category)
    UNION ALL
    SELECT (SELECT min(code) FROM resources WHERE resource_type = 'Observation' AND patient_id = @patientId AND category = @category AND code > codes.code)
    FROM codes WHERE codes.code IS NOT NULL
  )
  SELECT ${OBSERVATION_COLUMNS} FROM resources WHERE rid IN (
    SELECT (SELECT rid FROM resources WHERE patient_id = @patientId AND category = @category AND code = codes.code AND ${LIVE_OBSERVATION}
            ORDER BY effective DESC LIMIT 1)
    FROM codes WHERE codes.code IS NOT NULL
  )`;

export function latestByCode(db: StoreDb, patientId: string, category: string): ObservationRow[] {
  return db.all<ObservationRow>(LATEST_SQL, { patientId, category });
}

/** One per LOINC code; a blood-pressure panel carries the diastolic as `secondary`. */
export function latestVitals(db: StoreDb, patientId: string): VitalSign[] {
  return latestByCode(db, patientId, 'vital-signs')
    .map(toVitalSign)
    .sort((a, b) => rank(a.loinc) - rank(b.loinc) || a.label.localeCompare(b.label));
}

/** The latest value of each lab, newest first. */
export function recentLabs(db: StoreDb, patientId: string): RecentLab[] {
  return latestByCode(db, patientId, 'laboratory')
    .sort((a, b) => (a.effective < b.effective ? 1 : a.effective > b.effective ? -1 : 0))
    .map((row) => ({ ...toLabPoint(row), loinc: loincOf(row.code), label: row.label ?? loincOf(row.code) }));
}

const SERIES_SQL = `SELECT ${SERIES_COLUMNS} FROM resources
  WHERE patient_id = ? AND category = ? AND code = ? AND ${LIVE_OBSERVATION} ORDER BY effective ASC`;

/**
 * Systolic and diastolic as their own series, read from the blood-pressure panel (LOINC 85354-9, the
 * FHIR vital-signs profile's shape: http://hl7.org/fhir/R4/bp.html), where the store keeps the systolic
 * component as the value and the diastolic as the second value.
 */
export const BP_PANEL = '85354-9';
export const BP_COMPONENTS: Readonly<Record<string, { label: string; part: 'value_num' | 'value2_num' }>> = {
  '8480-6': { label: 'Systolic BP', part: 'value_num' },
  '8462-4': { label: 'Diastolic BP', part: 'value2_num' },
};

function bpComponentSeries(db: StoreDb, patientId: string, loinc: string, part: 'value_num' | 'value2_num', label: string): LabSeries {
  const rows = db.all<LabPointRow>(SERIES_SQL, patientId, 'vital-signs', loincCode(BP_PANEL));
  const points = rows.flatMap((r) => {
    const value = r[part];
    return value === null ? [] : [{ ...toLabPoint(r), value, unit: r.value_unit ?? 'mmHg', referenceRange: null }];
  });
  return { loinc, label, unit: rows[rows.length - 1]?.value_unit ?? 'mmHg', points };
}

/** A lab's (or vital's) values over time, oldest first, for a trend chart. */
export function labSeries(db: StoreDb, patientId: string, loinc: string, category = 'laboratory'): LabSeries {
  const bp = category === 'vital-signs' ? BP_COMPONENTS[loinc] : undefined;
  if (bp !== undefined) return bpComponentSeries(db, patientId, loinc, bp.part, bp.label);
  const rows = db.all<LabPointRow>(SERIES_SQL, patientId, category, loincCode(loinc));
  const last = rows[rows.length - 1];
  return { loinc, label: last?.label ?? loinc, unit: last?.value_unit ?? '', points: rows.map(toLabPoint) };
}

export const LOINC_BODY_WEIGHT = '29463-7';

const WEIGHT_SQL = `SELECT value_num, value_unit, effective FROM resources
  WHERE patient_id = ? AND category = 'vital-signs' AND code = ? AND ${LIVE_OBSERVATION} ORDER BY effective DESC LIMIT 1`;

export function latestWeight(db: StoreDb, patientId: string): { value: number; unit: string; effective: string } | null {
  const row = db.get<{ value_num: number; value_unit: string | null; effective: string }>(WEIGHT_SQL, patientId, loincCode(LOINC_BODY_WEIGHT));
  return row === undefined ? null : { value: row.value_num, unit: row.value_unit ?? '', effective: row.effective };
}

export function observationCount(db: StoreDb, patientId: string): number {
  return db.get<{ n: number }>(`SELECT count(*) AS n FROM resources WHERE patient_id = ? AND resource_type = 'Observation' AND deleted = 0`, patientId)?.n ?? 0;
}
