import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { LANTERN_CLASS_SYSTEM } from '../kb/allergy.data.ts';
import { allergy, draft, input, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';

const allergyCards = (allergies: ReturnType<typeof allergy>[], rxcui: string): Card[] => {
  const r = evaluate(input(patient({ allergies }), [draft(rxcui)]));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'drug-allergy');
};

describe('drug-allergy rule', () => {
  const penicillinAllergy = allergy({ code: '70618' }); // RxNorm "penicillin", as C-CDA documents record it

  it('amoxicillin (723) with a penicillin allergy is critical', () => {
    const cards = allergyCards([penicillinAllergy], '723');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('allergy/class/penicillin');
    expect(cards[0]?.extension['lantern.related']).toEqual([`AllergyIntolerance/${penicillinAllergy.id ?? ''}`]);
  });

  it('amoxicillin/clavulanate product (562508) resolves to amoxicillin and alerts too', () => {
    expect(allergyCards([penicillinAllergy], '562508')[0]?.indicator).toBe('critical');
  });

  it('cephalexin (2231) with a penicillin allergy is a cross-sensitivity warning', () => {
    const cards = allergyCards([penicillinAllergy], '2231');
    // Cephalexin shares amoxicillin's side chain: the more specific entry applies.
    expect(cards.map((c) => [c.indicator, c.extension['lantern.kbEntry']])).toEqual([['warning', 'allergy/cross/penicillin--cephalosporin-similar-side-chain']]);
  });

  it('an allergy recorded as text by class ("Penicillins") works', () => {
    expect(allergyCards([allergy({ text: 'Penicillins' })], '723')[0]?.indicator).toBe('critical');
  });

  it('an allergy recorded as free text by ingredient name ("Amoxicillin") matches amoxicillin/clavulanate', () => {
    expect(allergyCards([allergy({ text: 'Amoxicillin' })], '562508')[0]?.extension['lantern.kbEntry']).toBe('allergy/ingredient/723');
  });

  it('an allergy recorded by product (sulfamethoxazole/trimethoprim 198335) matches a sulfonamide antibiotic', () => {
    // High criticality (the fixture's default): another member of the class is critical.
    const cards = allergyCards([allergy({ code: '198335' })], '10171'); // sulfadiazine
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('allergy/same-class/sulfonamide-antibiotic');
  });

  it('a sulfonamide-antibiotic class allergy does not fire on furosemide (non-antibiotic sulfonamide)', () => {
    expect(allergyCards([allergy({ system: LANTERN_CLASS_SYSTEM, code: 'sulfonamide-antibiotic' })], '4603')).toEqual([]);
  });

  it('a direct ingredient allergy is critical (ibuprofen 5640)', () => {
    expect(allergyCards([allergy({ code: '5640' })], '5640')[0]?.extension['lantern.kbEntry']).toBe('allergy/ingredient/5640');
  });

  it('a refuted allergy is ignored', () => {
    const refuted = { ...penicillinAllergy, verificationStatus: { coding: [{ code: 'refuted' }] } };
    expect(allergyCards([refuted], '723')).toEqual([]);
  });
});
