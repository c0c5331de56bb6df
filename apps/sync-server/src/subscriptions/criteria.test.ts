import { describe, expect, it } from 'vitest';
import { matchesCriteria, parseCriteria, type Criteria } from './criteria.ts';

const P = '6f1c1f7e-5b0a-4c55-9a57-4f2d3a1b2c3d';
const ME = '0b7e5a52-1d1e-4e57-8a6c-1f6d2c3b4a59';
const parsed = (text: string): Criteria => {
  const r = parseCriteria(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const ctx = (careTeam: string[] = []) => ({ patientId: P, onCareTeam: (u: string, p: string) => u === ME && careTeam.includes(p) });

describe('subscription criteria', () => {
  it('a lab is told about new orders it performs, not about another lab\'s', () => {
    const c = parsed('ServiceRequest?performer=Organization/lab');
    expect(matchesCriteria(c, 'ServiceRequest', { performer: [{ reference: 'Organization/lab' }] }, ctx())).toBe(true);
    expect(matchesCriteria(c, 'ServiceRequest', { performer: [{ reference: 'Organization/other-lab' }] }, ctx())).toBe(false);
    expect(matchesCriteria(c, 'DiagnosticReport', { performer: [{ reference: 'Organization/lab' }] }, ctx())).toBe(false);
  });

  it('a care team\'s results feed hears about final results of its own patients only', () => {
    const c = parsed(`DiagnosticReport?patient.care-team=${ME}&status=final,amended`);
    expect(matchesCriteria(c, 'DiagnosticReport', { status: 'final' }, ctx([P]))).toBe(true);
    expect(matchesCriteria(c, 'DiagnosticReport', { status: 'preliminary' }, ctx([P]))).toBe(false);
    expect(matchesCriteria(c, 'DiagnosticReport', { status: 'final' }, ctx([]))).toBe(false);
  });

  it('matches a patient and a code, with or without the code system', () => {
    const k = { code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }] } };
    expect(matchesCriteria(parsed(`Observation?patient=Patient/${P}&code=http://loinc.org|2823-3`), 'Observation', k, ctx())).toBe(true);
    expect(matchesCriteria(parsed('Observation?code=2823-3'), 'Observation', k, ctx())).toBe(true);
    expect(matchesCriteria(parsed('Observation?code=http://snomed.info/sct|2823-3'), 'Observation', k, ctx())).toBe(false);
  });

  it('refuses what it cannot honour, naming the parameter, rather than ignoring a filter', () => {
    expect(parseCriteria('Observation?subject:missing=true')).toMatchObject({ ok: false, error: expect.stringContaining('subject:missing') });
    expect(parseCriteria('Claim?patient=Patient/x')).toMatchObject({ ok: false });
    expect(parseCriteria('Observation?patient=Patient/not-a-uuid')).toMatchObject({ ok: false, error: expect.stringContaining('patient') });
    expect(parseCriteria('Observation?code=')).toMatchObject({ ok: false });
  });
});
