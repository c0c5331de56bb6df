import { describe, expect, it } from 'vitest';
import { isLanternError } from '@lantern/core';
import { parseSearch, splitValues } from './parse.ts';

const now = new Date('2026-11-23T12:00:00Z');
const parse = (type: string, q: string, strict = false) => parseSearch(type, new URLSearchParams(q), now, { strict });
const failsOn = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return isLanternError(e) ? e.issues[0]?.path : 'not a LanternError';
  }
  return undefined;
};

describe('FHIR search query parsing', () => {
  it('splits OR values on unescaped commas', () => {
    expect(splitValues('a,b\\,c,d')).toEqual(['a', 'b,c', 'd']);
  });

  it('reads tokens, dates, references and result parameters', () => {
    const p = parse('Observation', 'patient=Patient/0b8d3c4e-1111-4a2b-9c3d-222233334444&code=http://loinc.org|8867-4,1234-5&date=ge2026-01&date=lt2026-02&_count=10&_sort=-date&_include=Observation:patient');
    expect(p.count).toBe(10);
    expect(p.sort).toEqual([{ name: 'date', desc: true }]);
    expect(p.include.map((i) => `${i.sourceType}:${i.param.name}`)).toEqual(['Observation:patient']);
    expect(p.criteria.map((c) => c.def.name)).toEqual(['patient', 'code', 'date', 'date']);
    const code = p.criteria[1] as { values: unknown[] };
    expect(code.values).toEqual([{ system: 'http://loinc.org', code: '8867-4' }, { system: null, code: '1234-5' }]);
  });

  it('ignores unknown parameters unless handling is strict', () => {
    expect(parse('Patient', 'shoe-size=44').ignored).toEqual(['shoe-size']);
    expect(failsOn(() => parse('Patient', 'shoe-size=44', true))).toBe('shoe-size');
  });

  it('names the bad parameter', () => {
    expect(failsOn(() => parse('Observation', '_count=-1'))).toBe('_count');
    expect(failsOn(() => parse('Observation', '_sort=valueQuantity'))).toBe('_sort');
    expect(failsOn(() => parse('Observation', '_include=Observation:nope'))).toBe('_include');
    expect(failsOn(() => parse('Observation', 'code:above=x'))).toBe('code:above');
    expect(failsOn(() => parse('Patient', 'birthdate=soon'))).toBe('birthdate');
  });

  it('caps _count at 1000', () => {
    expect(parse('Patient', '_count=5000').count).toBe(1000);
  });
});
