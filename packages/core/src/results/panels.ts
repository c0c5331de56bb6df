/**
 * Which results each orderable lab panel reports: the catalog's order codes (service-catalog.ts)
 * mapped to the analytes a laboratory sends back as Observations. The analytes and their LOINC
 * codes, units and reference ranges are the synthetic catalog's (observations-catalog.ts), so a
 * simulated result and a generated one read the same on every screen.
 */
import type { AnalyteKey } from '../synthetic/observations-catalog.ts';

/** LOINC order code -> the analytes reported for it, in report order. */
export const PANEL_ANALYTES: Readonly<Record<string, readonly AnalyteKey[]>> = {
  '58410-2': ['hemoglobin', 'wbc', 'platelets'],
  '51990-0': ['glucose', 'creatinine', 'egfr', 'potassium', 'sodium'],
  '24323-8': ['glucose', 'creatinine', 'egfr', 'potassium', 'sodium'],
  '4548-4': ['hba1c'],
  '57698-3': ['cholesterol', 'ldl'],
  '34714-6': ['inr'],
  '3016-3': ['tsh'],
  '2160-0': ['creatinine', 'egfr'],
  '2823-3': ['potassium'],
  '30934-4': ['bnp'],
};

/** The order code a group of analytes drawn together is reported under (first panel that holds them all). */
export function panelFor(keys: readonly AnalyteKey[]): string | null {
  for (const [loinc, panel] of Object.entries(PANEL_ANALYTES)) {
    if (keys.length > 0 && keys.every((k) => panel.includes(k))) return loinc;
  }
  return null;
}

/** Splits one blood draw's analytes into the panels a clinician would have ordered. */
export function groupIntoPanels(keys: readonly AnalyteKey[]): { loinc: string; keys: AnalyteKey[] }[] {
  const order: { loinc: string; members: readonly AnalyteKey[] }[] = [
    { loinc: '51990-0', members: PANEL_ANALYTES['51990-0'] ?? [] },
    { loinc: '58410-2', members: PANEL_ANALYTES['58410-2'] ?? [] },
    { loinc: '4548-4', members: ['hba1c'] },
    { loinc: '57698-3', members: ['cholesterol', 'ldl'] },
    { loinc: '34714-6', members: ['inr'] },
    { loinc: '3016-3', members: ['tsh'] },
    { loinc: '30934-4', members: ['bnp'] },
  ];
  const out: { loinc: string; keys: AnalyteKey[] }[] = [];
  const left = new Set(keys);
  for (const p of order) {
    const hit = p.members.filter((k) => left.has(k));
    if (hit.length === 0) continue;
    for (const k of hit) left.delete(k);
    out.push({ loinc: p.loinc, keys: hit });
  }
  return out;
}
