import { describe, expect, it } from 'vitest';
import { fhirDate, fhirDateTime, fhirGender, interpretationOf, isLoincCode, parseRange, resultStatus } from './hl7-values.ts';

describe('HL7 v2 values read into FHIR', () => {
  it('reads timestamps with and without a zone, and refuses nonsense', () => {
    expect(fhirDateTime('20261204083000')).toBe('2026-12-04T08:30:00Z');
    expect(fhirDateTime('202612040830-0500')).toBe('2026-12-04T08:30:00-05:00');
    expect(fhirDateTime('20261204')).toBe('2026-12-04');
    expect(fhirDateTime('yesterday')).toBeNull();
    expect(fhirDate('19700101')).toBe('1970-01-01');
  });
  it('maps sex, abnormal flags and result status the way a clinician reads them', () => {
    expect(fhirGender('F')).toBe('female');
    expect(fhirGender('Q')).toBeNull();
    expect(interpretationOf('HH')).toEqual({ code: 'HH', display: 'Critical high' });
    expect(interpretationOf('??')).toBeNull();
    expect(resultStatus('F')).toBe('final');
    expect(resultStatus('C')).toBe('corrected');
    expect(resultStatus('P')).toBe('preliminary');
    expect(resultStatus('X')).toBeNull();
  });
  it('reads reference ranges and checks LOINC check digits', () => {
    expect(parseRange('3.5-5.1')).toEqual({ low: 3.5, high: 5.1 });
    expect(parseRange('>60')).toEqual({ low: 60 });
    expect(parseRange('negative')).toBeNull();
    expect(isLoincCode('2823-3')).toBe(true);
    expect(isLoincCode('2951-2')).toBe(true);
    expect(isLoincCode('2823-4')).toBe(false);
    expect(isLoincCode('K+')).toBe(false);
  });
});
