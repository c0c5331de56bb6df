import { describe, expect, it } from 'vitest';
import type { Patient } from '../fhir/types.ts';
import { DEFAULT_MATCH_CONFIG, MatchConfigSchema } from './config.ts';
import { matchPersonFromPatient } from './person.ts';
import { needsReview, scoreMatch } from './score.ts';

const base: Patient = {
  resourceType: 'Patient',
  id: '00000000-0000-4000-8000-000000000001',
  name: [{ use: 'official', family: 'Okafor', given: ['Katherine', 'Ngozi'] }],
  gender: 'female',
  birthDate: '1984-03-07',
  address: [{ use: 'home', line: ['12 Juniper Ave'], city: 'Gallup', postalCode: '87301' }],
  telecom: [{ system: 'phone', value: '(505) 555-0142' }],
  identifier: [{ system: 'urn:lantern:mrn', value: 'MRN000000018' }],
};
const other = (changes: Partial<Patient>): Patient => ({ ...base, id: '00000000-0000-4000-8000-000000000002', identifier: [], ...changes });
const score = (p: Patient) => scoreMatch(matchPersonFromPatient(base), matchPersonFromPatient(p), DEFAULT_MATCH_CONFIG);

describe('scoreMatch', () => {
  it('grades the same person registered twice (new MRN) as certain', () => {
    const s = score(other({}));
    expect(s.grade).toBe('certain');
    expect(s.fields.filter((f) => f.differs)).toEqual([]);
  });

  it('keeps a typo in the family name, a nickname or a transposed day and month above the review threshold', () => {
    for (const p of [
      other({ name: [{ family: 'Okafro', given: ['Katherine'] }] }),
      other({ name: [{ family: 'Okafor', given: ['Kate'] }] }),
      other({ birthDate: '1984-07-03' }),
      other({ name: [{ family: 'Katherine', given: ['Okafor'] }] }),
    ]) {
      expect(score(p).grade).not.toBe('certainly-not');
    }
    expect(score(other({ birthDate: '1984-07-03' })).fields.find((f) => f.field === 'birthDate')?.level).toBe('swappedDayMonth');
    expect(score(other({ name: [{ family: 'Okafor', given: ['Kate'] }] })).fields.find((f) => f.field === 'given')?.level).toBe('nickname');
  });

  it('finds a married name through the former name on record', () => {
    const married = other({ name: [{ use: 'official', family: 'Mensah', given: ['Katherine'] }, { use: 'maiden', family: 'Okafor', given: ['Katherine'] }] });
    expect(score(married).fields.find((f) => f.field === 'family')?.level).toBe('former');
    expect(score(married).grade).toBe('certain');
  });

  it('never calls a twin (same family, birth date, address and phone, another given name) certain', () => {
    const twin = other({ name: [{ family: 'Okafor', given: ['Amara'] }] });
    const s = score(twin);
    expect(s.grade).not.toBe('certain');
    expect(needsReview(s.grade)).toBe(true);
  });

  it('does not match a different person with the same name born in another year', () => {
    const s = score(other({ birthDate: '1961-11-23', address: [{ line: ['4 Elm St'], postalCode: '59101' }], telecom: [{ system: 'phone', value: '(406) 555-0101' }] }));
    expect(s.grade).toBe('certainly-not');
  });

  it('treats a shared person identifier as decisive and a conflicting one as evidence against', () => {
    const ssn = 'http://hl7.org/fhir/sid/us-ssn';
    const a = { ...base, identifier: [{ system: ssn, value: '900-11-2222' }] };
    const sameSsn = other({ name: [{ family: 'Smith', given: ['Kay'] }], birthDate: '1984-03-08', identifier: [{ system: ssn, value: '900112222' }] });
    const s = scoreMatch(matchPersonFromPatient(a), matchPersonFromPatient(sameSsn), DEFAULT_MATCH_CONFIG);
    expect(s.fields.find((f) => f.field === 'identifier')?.level).toBe('agree');
    const otherSsn = other({ identifier: [{ system: ssn, value: '900-99-8888' }] });
    const c = scoreMatch(matchPersonFromPatient(a), matchPersonFromPatient(otherSsn), DEFAULT_MATCH_CONFIG);
    expect(c.fields.find((f) => f.field === 'identifier')?.level).toBe('conflict');
    expect(c.grade).not.toBe('certain');
  });

  it('does not count a different MRN against a match (every duplicate has its own)', () => {
    const s = score(other({ identifier: [{ system: 'urn:lantern:mrn', value: 'MRN000000026' }] }));
    expect(s.fields.some((f) => f.field === 'identifier')).toBe(false);
  });

  it('weighs missing fields as no evidence', () => {
    const { telecom: _t, address: _a, ...bare } = other({});
    const s = score(bare);
    expect(s.fields.map((f) => f.field)).toEqual(['given', 'family', 'birthDate', 'sex']);
    expect(s.grade).not.toBe('certainly-not');
  });

  it('normalises accents and case (Müller is Muller)', () => {
    const a = { ...base, name: [{ family: 'Müller', given: ['Søren'] }] };
    const b = other({ name: [{ family: 'MULLER', given: ['soren'] }] });
    const s = scoreMatch(matchPersonFromPatient(a), matchPersonFromPatient(b), DEFAULT_MATCH_CONFIG);
    expect(s.fields.filter((f) => f.field === 'given' || f.field === 'family').map((f) => f.level)).toEqual(['exact', 'exact']);
  });
});

describe('MatchConfigSchema', () => {
  it('accepts the defaults and refuses thresholds out of order', () => {
    expect(MatchConfigSchema.safeParse(DEFAULT_MATCH_CONFIG).success).toBe(true);
    const bad = { ...DEFAULT_MATCH_CONFIG, thresholds: { certain: 0.5, probable: 0.8, review: 0.3 } };
    expect(MatchConfigSchema.safeParse(bad).success).toBe(false);
  });
});
