import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { LANTERN_CLASS_SYSTEM } from '../kb/allergy.data.ts';
import { allergy, draft, input, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';
import type { AllergyIntolerance } from '../../fhir/types.ts';

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

  it('the same allergy object, corrected in place, is judged by what it now says (the per-allergy memo is not stale)', () => {
    const a = allergy({ code: '70618' });
    expect(allergyCards([a], '723')[0]?.indicator).toBe('critical');
    // Recorded as the wrong drug, then corrected on the same object: amoxicillin no longer matches.
    a.code = { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '5640' }], text: 'Ibuprofen' };
    expect(allergyCards([a], '723')).toEqual([]);
    expect(allergyCards([a], '5640')[0]?.indicator).toBe('critical');
  });

  it('a direct ingredient allergy is critical (ibuprofen 5640)', () => {
    expect(allergyCards([allergy({ code: '5640' })], '5640')[0]?.extension['lantern.kbEntry']).toBe('allergy/ingredient/5640');
  });

  it('a refuted allergy is ignored', () => {
    const refuted = { ...penicillinAllergy, verificationStatus: { coding: [{ code: 'refuted' }] } };
    expect(allergyCards([refuted], '723')).toEqual([]);
  });

  describe('graded by criticality, recorded reaction and closeness (2022 practice parameter)', () => {
    const SCT = 'http://snomed.info/sct';
    const graded = (base: AllergyIntolerance, over: Partial<AllergyIntolerance>): AllergyIntolerance => {
      const { criticality: _c, ...rest } = base;
      return { ...rest, ...over };
    };
    const reaction = (code: string, display: string) => [{ manifestation: [{ coding: [{ system: SCT, code, display }], text: display }] }];

    it('penicillin allergy, criticality high, amoxicillin ordered: critical', () => {
      expect(allergyCards([graded(penicillinAllergy, { criticality: 'high' })], '723')[0]?.indicator).toBe('critical');
    });

    it('penicillin V allergy (ingredient 7984), criticality high, amoxicillin ordered: critical (same class, high risk)', () => {
      const [card] = allergyCards([graded(allergy({ code: '7984' }), { criticality: 'high' })], '723');
      expect([card?.indicator, card?.extension['lantern.kbEntry']]).toEqual(['critical', 'allergy/same-class/penicillin']);
    });

    it('penicillin allergy with anaphylaxis recorded but criticality low: still critical for amoxicillin (the reaction decides)', () => {
      const a = graded(penicillinAllergy, { criticality: 'low', reaction: reaction('39579001', 'Anaphylaxis') });
      const [card] = allergyCards([a], '723');
      expect(card?.indicator).toBe('critical');
      expect(card?.detail).toContain('Anaphylaxis');
    });

    it('codeine intolerance (nausea), criticality low, morphine ordered: info, never critical', () => {
      const codeine = graded(allergy({ code: '2670' }), { criticality: 'low', type: 'intolerance', reaction: reaction('422587007', 'Nausea') });
      const cards = allergyCards([codeine], '7052');
      expect(cards.map((c) => c.indicator)).toEqual(['info']);
    });

    it('codeine intolerance, criticality low, codeine itself ordered: a warning, not a block', () => {
      const codeine = graded(allergy({ code: '2670' }), { criticality: 'low', type: 'intolerance', reaction: reaction('422587007', 'Nausea') });
      expect(allergyCards([codeine], '2670').map((c) => c.indicator)).toEqual(['warning']);
    });

    it('penicillin allergy (even high criticality), ceftriaxone ordered: information only (dissimilar side chain)', () => {
      const cards = allergyCards([graded(penicillinAllergy, { criticality: 'high', reaction: reaction('39579001', 'Anaphylaxis') })], '2193');
      expect(cards.map((c) => [c.indicator, c.extension['lantern.kbEntry']])).toEqual([['info', 'allergy/cross/penicillin--cephalosporin-dissimilar-side-chain']]);
    });

    it('penicillin allergy, meropenem ordered: information only', () => {
      expect(allergyCards([penicillinAllergy], '29561').map((c) => c.indicator)).toEqual(['info']);
    });

    it('penicillin rash (urticaria) with criticality not recorded, cephalexin ordered: warning', () => {
      const a = graded(penicillinAllergy, { reaction: reaction('126485001', 'Urticaria') });
      expect(allergyCards([a], '2231').map((c) => c.indicator)).toEqual(['warning']);
    });

    it('sulfonamide-antibiotic allergy with criticality low, another sulfonamide antibiotic: info', () => {
      expect(allergyCards([graded(allergy({ code: '198335' }), { criticality: 'low' })], '10171').map((c) => c.indicator)).toEqual(['info']);
    });

    it('an unrelated drug is silent whatever the allergy (penicillin anaphylaxis, azithromycin)', () => {
      expect(allergyCards([graded(penicillinAllergy, { criticality: 'high', reaction: reaction('39579001', 'Anaphylaxis') })], '18631')).toEqual([]);
    });
  });
});
