/**
 * Results a clinician reads: flags that agree with the numbers and ranges, physiologically possible
 * values, sensible trends, and labs that reflect the patient's problems.
 */
import { describe, expect, it } from 'vitest';
import type { Condition, LanternResource, Observation, Quantity } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { generatePatient, generatePatients, type PatientRecord } from './record.ts';
import { ANALYTES, ckdEpi2021, criticalLimits, type AnalyteKey } from './observations-catalog.ts';

const SEED = 8080;
const panel: PatientRecord[] = [...generatePatients({ seed: SEED, count: 300, heavyIndex: 0 })];
const KEY_BY_LOINC = new Map(Object.values(ANALYTES).map((a) => [a.loinc, a.key]));

const observations = (rec: PatientRecord): Observation[] => rec.resources.filter((r): r is Observation => r.resourceType === 'Observation');
const loincOf = (o: { code: Observation['code'] }): string => o.code.coding?.[0]?.code ?? '';
const flagOf = (o: { interpretation?: Observation['interpretation'] }): string | undefined => o.interpretation?.[0]?.coding?.[0]?.code;
const ageAt = (rec: PatientRecord, iso: string): number => (Date.parse(iso) - Date.parse(rec.patient.birthDate ?? '')) / (365.25 * 86_400_000);
const hasCondition = (rec: PatientRecord, snomed: string): boolean =>
  rec.resources.some((r: LanternResource) => r.resourceType === 'Condition' && (r as Condition).code?.coding?.some((c) => c.code === snomed) === true);

/** Every quantitative part of every observation, with its patient's age at the time. */
function* results(): Generator<{ rec: PatientRecord; obs: Observation; loinc: string; value: Quantity; flag: string | undefined; range: { low?: Quantity; high?: Quantity } | undefined; age: number }> {
  for (const rec of panel) {
    for (const obs of observations(rec)) {
      const age = ageAt(rec, obs.effectiveDateTime ?? '');
      if (obs.valueQuantity !== undefined) yield { rec, obs, loinc: loincOf(obs), value: obs.valueQuantity, flag: flagOf(obs), range: obs.referenceRange?.[0], age };
      for (const c of obs.component ?? []) {
        if (c.valueQuantity !== undefined) yield { rec, obs, loinc: loincOf(c), value: c.valueQuantity, flag: flagOf(c), range: c.referenceRange?.[0], age };
      }
    }
  }
}

describe('interpretation', () => {
  it('flags each value exactly as its reference range and critical limits say', () => {
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const r of results()) {
      const key = KEY_BY_LOINC.get(r.loinc) as AnalyteKey;
      const v = r.value.value as number;
      if (r.range === undefined) {
        if (r.flag !== undefined) wrong.push(`${r.loinc} flagged without a range`);
        continue;
      }
      const crit = criticalLimits(key, r.age);
      const low = r.range.low?.value;
      const high = r.range.high?.value;
      const expected = crit?.high !== undefined && v > crit.high ? 'HH' : crit?.low !== undefined && v < crit.low ? 'LL'
        : high !== undefined && v > high ? 'H' : low !== undefined && v < low ? 'L' : 'N';
      seen.add(expected);
      if (r.flag !== expected) wrong.push(`${r.loinc} ${v} [${low}-${high}] flagged ${r.flag} not ${expected}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(seen).toEqual(new Set(['N', 'H', 'L', 'HH', 'LL']));
  });

  it('uses UCUM units and the LOINC codes of the vital-signs profile, with the right category', () => {
    const bad: string[] = [];
    for (const rec of panel.slice(0, 50)) {
      for (const obs of observations(rec)) {
        const category = obs.category?.[0]?.coding?.[0];
        const loinc = loincOf(obs);
        if (category?.system !== SYSTEM.observationCategory) bad.push(`${loinc}: category system`);
        if (loinc === '59408-5' && obs.code.coding?.[1]?.code !== '2708-6') bad.push('SpO2 without the profile code 2708-6');
        if (loinc === '85354-9') {
          if (obs.component?.map(loincOf).join() !== '8480-6,8462-4' || category?.code !== 'vital-signs') bad.push('BP panel shape');
          continue;
        }
        const key = KEY_BY_LOINC.get(loinc);
        if (key === undefined) {
          bad.push(`${loinc}: unknown code`);
          continue;
        }
        const def = ANALYTES[key];
        if (category?.code !== def.category) bad.push(`${loinc}: category ${category?.code}`);
        if (obs.valueQuantity?.system !== SYSTEM.ucum || obs.valueQuantity.code !== def.ucum) bad.push(`${loinc}: unit`);
        // Reported to the analyte's precision.
        const scaled = (obs.valueQuantity?.value as number) * 10 ** def.decimals;
        if (Math.abs(scaled - Math.round(scaled)) > 1e-6) bad.push(`${loinc}: ${obs.valueQuantity?.value} not rounded`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('plausibility', () => {
  it('keeps every value physiologically possible', () => {
    const impossible: string[] = [];
    let n = 0;
    for (const r of results()) {
      const key = KEY_BY_LOINC.get(r.loinc) as AnalyteKey;
      const [lo, hi] = ANALYTES[key].bounds;
      const v = r.value.value as number;
      n++;
      if (!(v > 0 && v >= lo && v <= hi)) impossible.push(`${r.loinc} ${v}`);
    }
    expect(n).toBeGreaterThan(30_000);
    expect(impossible).toEqual([]);
  });

  it('never shows SpO2 over 100 %, and diastolic is always below systolic', () => {
    const bad: string[] = [];
    for (const rec of panel) {
      for (const obs of observations(rec)) {
        if (loincOf(obs) === '59408-5' && (obs.valueQuantity?.value as number) > 100) bad.push(`SpO2 ${obs.valueQuantity?.value}`);
        if (loincOf(obs) === '85354-9') {
          const [sys, dia] = (obs.component ?? []).map((c) => c.valueQuantity?.value as number);
          if (!((dia as number) < (sys as number))) bad.push(`BP ${sys}/${dia}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('reports eGFR from the same draw\'s creatinine with CKD-EPI 2021', () => {
    let checked = 0;
    for (const rec of panel.slice(0, 150)) {
      const obs = observations(rec);
      for (const egfr of obs.filter((o) => loincOf(o) === '62238-1')) {
        const creat = obs.find((o) => loincOf(o) === '2160-0' && o.effectiveDateTime === egfr.effectiveDateTime);
        expect(creat).toBeDefined();
        const age = Math.floor(ageAt(rec, egfr.effectiveDateTime ?? ''));
        const sex = rec.patient.gender === 'female' ? 'female' : rec.patient.gender === 'male' ? 'male' : null;
        if (sex === null) continue;
        expect(egfr.valueQuantity?.value).toBe(Math.round(ckdEpi2021(creat?.valueQuantity?.value as number, age, sex)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('trends', () => {
  it('moves an adult\'s weight by a few percent between visits, not by leaps', () => {
    let pairs = 0;
    for (const rec of panel) {
      const weights = observations(rec).filter((o) => loincOf(o) === '29463-7' && ageAt(rec, o.effectiveDateTime ?? '') >= 18);
      for (let i = 1; i < weights.length; i++) {
        const a = weights[i - 1]?.valueQuantity?.value as number;
        const b = weights[i]?.valueQuantity?.value as number;
        expect(Math.abs(b - a) / a).toBeLessThan(0.2);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it('lets children grow: height never shrinks by more than measurement error', () => {
    let kids = 0;
    for (const rec of panel) {
      const heights = observations(rec).filter((o) => loincOf(o) === '8302-2' && ageAt(rec, o.effectiveDateTime ?? '') < 16);
      if (heights.length < 2) continue;
      kids++;
      for (let i = 1; i < heights.length; i++) {
        expect(heights[i]?.valueQuantity?.value as number).toBeGreaterThan((heights[i - 1]?.valueQuantity?.value as number) - 2);
      }
      expect(heights[heights.length - 1]?.valueQuantity?.value as number).toBeGreaterThanOrEqual(heights[0]?.valueQuantity?.value as number);
    }
    expect(kids).toBeGreaterThan(10);
  });

  it('reflects problems: CKD lowers eGFR, diabetes raises HbA1c', () => {
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const values = (pred: (r: PatientRecord) => boolean, loinc: string): number[] =>
      panel.slice(1).filter(pred).flatMap((r) => observations(r).filter((o) => loincOf(o) === loinc).map((o) => o.valueQuantity?.value as number));
    const ckd = (r: PatientRecord): boolean => hasCondition(r, '433144002') || hasCondition(r, '431857002');
    const dm = (r: PatientRecord): boolean => hasCondition(r, '44054006');
    const egfrCkd = values(ckd, '62238-1');
    const egfrOther = values((r) => !ckd(r), '62238-1');
    expect(egfrCkd.length).toBeGreaterThan(10);
    expect(mean(egfrCkd)).toBeLessThan(60);
    expect(mean(egfrOther)).toBeGreaterThan(70);
    const a1cDm = values(dm, '4548-4');
    expect(a1cDm.length).toBeGreaterThan(10);
    expect(mean(a1cDm)).toBeGreaterThan(6.5);
  });

  it('gives the heavy patient long, continuous series (INR on warfarin runs above normal)', () => {
    const heavy = generatePatient({ seed: SEED, index: 0, heavy: true });
    const inr = observations(heavy).filter((o) => loincOf(o) === '6301-6').map((o) => o.valueQuantity?.value as number);
    expect(inr.length).toBeGreaterThan(20);
    expect(inr.filter((v) => v > 1.5).length / inr.length).toBeGreaterThan(0.6);
  });
});
