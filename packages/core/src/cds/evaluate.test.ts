import { describe, expect, it } from 'vitest';
import { AuditEventInputSchema } from '../audit/event.ts';
import { evaluate } from './evaluate.ts';
import { defaultKnowledgeBase } from './knowledge-base.ts';
import { recordOverride, suppressionKey } from './suppression.ts';
import { NOW, PATIENT_ID, busy, draft, input, med, patient } from './test-fixtures.ts';
import { isHardStop } from './sign-gate.ts';
import { RULE_IDS, type Card, type EvaluateInput } from './types.ts';

const cardsOf = (i: EvaluateInput): Card[] => {
  const r = evaluate(i);
  if (!r.ok) throw r.error;
  return r.value;
};


describe('evaluate', () => {
  it('produces cards from every rule family, each naming its rule, knowledge-base entry and version', () => {
    const cards = cardsOf(busy());
    expect(new Set(cards.map((c) => c.extension['lantern.rule']))).toEqual(new Set(RULE_IDS));
    for (const c of cards) {
      expect(c.summary.length).toBeLessThan(140);
      expect(c.extension['lantern.kbEntry']).not.toBe('');
      expect(c.extension['lantern.kbVersion']).toBe(defaultKnowledgeBase().version);
      expect(c.source.label.length).toBeGreaterThan(3);
      // Only a hard stop offers no override.
      expect(c.overrideReasons.length > 0).toBe(!isHardStop(c));
      expect(c.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // Most severe first.
    expect(cards[0]?.indicator).toBe('critical');
  });

  it('is deterministic: the same input twice gives deep-equal cards, uuids included', () => {
    expect(cardsOf(busy())).toEqual(cardsOf(busy()));
  });

  it('a card uuid does not depend on the order of draft orders', () => {
    const a = busy();
    const b = { ...a, draftOrders: [...a.draftOrders].reverse() };
    expect(cardsOf(b)).toEqual(cardsOf(a));
  });

  it('a warning overridden by the same clinician for the same patient and pair is not shown again', () => {
    const i = input(patient({ activeMedications: [med('11289')] }), [draft('5640')]);
    const [warning] = cardsOf(i);
    expect(warning?.indicator).toBe('warning');
    const rec = recordOverride(warning as Card, { code: 'will-monitor' }, { userId: 'user-clinician-1', deviceId: 'dev-1' }, PATIENT_ID, NOW);
    if (!rec.ok) throw rec.error;
    // A new draft order (new id) of the same drug the next day: still suppressed.
    const later = { ...i, draftOrders: [draft('5640', { key: 'next-day' })], now: '2026-11-24T09:00:00Z', suppressions: [rec.value.suppression] };
    expect(cardsOf(later)).toEqual([]);
    // Another clinician still sees it; so does everyone once the window has passed.
    expect(cardsOf({ ...later, userId: 'user-clinician-2' })).toHaveLength(1);
    expect(cardsOf({ ...later, now: '2026-12-05T09:00:00Z' })).toHaveLength(1);
    expect(cardsOf({ ...later, suppressionWindowHours: 12 })).toHaveLength(1);
  });

  it('a critical card is never suppressed', () => {
    const i = input(patient({ activeMedications: [med('21212')] }), [draft('36567')]);
    const [critical] = cardsOf(i);
    expect(critical?.indicator).toBe('critical');
    const rec = recordOverride(critical as Card, { code: 'benefit-outweighs-risk', comment: 'short course, statin held' }, { userId: 'user-clinician-1', deviceId: 'dev-1' }, PATIENT_ID, NOW);
    if (!rec.ok) throw rec.error;
    expect(rec.value.suppression.key).toBe(suppressionKey(critical as Card));
    expect(cardsOf({ ...i, suppressions: [rec.value.suppression] }).map((c) => c.uuid)).toEqual([critical?.uuid]);
  });

  it('recordOverride builds a valid cds-override audit event with the reason and no PHI', () => {
    const [card] = cardsOf(input(patient({ activeMedications: [med('21212')] }), [draft('36567')]));
    const rec = recordOverride(card as Card, { code: 'benefit-outweighs-risk', comment: 'cardiology agreed' }, { userId: 'user-clinician-1', deviceId: 'dev-1' }, PATIENT_ID, NOW);
    if (!rec.ok) throw rec.error;
    const ev = AuditEventInputSchema.parse(rec.value.auditEvent);
    expect(ev.action).toBe('cds-override');
    expect(ev.reason).toBe('Benefit outweighs risk: cardiology agreed');
    expect(ev.resourceType).toBe('MedicationRequest');
    expect(ev.detail).toMatchObject({ rule: 'drug-drug', overrideCode: 'benefit-outweighs-risk', cardUuid: card?.uuid });
  });

  it('recordOverride refuses a reason the card does not offer', () => {
    const [card] = cardsOf(input(patient({ activeMedications: [med('21212')] }), [draft('36567')]));
    const rec = recordOverride(card as Card, { code: 'because' }, { userId: 'u', deviceId: 'd' }, PATIENT_ID, NOW);
    expect(rec.ok).toBe(false);
    if (!rec.ok) expect(rec.error.code).toBe('BAD_INPUT');
  });

  it('order-select with selections alerts only on the selected draft', () => {
    const a = draft('36567');
    const b = draft('5640');
    const cards = cardsOf(input(patient({ activeMedications: [med('21212'), med('11289')] }), [a, b], { hook: 'order-select', selections: [b.id ?? ''] }));
    expect(cards.map((c) => c.extension['lantern.draftOrder'])).toEqual([`MedicationRequest/${b.id ?? ''}`]);
  });

  it('rejects bad input with a typed error', () => {
    const bad = evaluate({ ...input(patient(), [draft('36567')]), now: 'yesterday' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('BAD_INPUT');
      expect(bad.error.issues[0]?.path).toBe('now');
    }
    const noId = evaluate(input(patient(), [{ ...draft('36567'), id: '' }]));
    expect(noId.ok).toBe(false);
  });

  it('with no birth date recorded, adult dose limits still apply', () => {
    const cards = cardsOf(input(patient({ ageYears: Number.NaN }), [draft('161', { dose: { value: 2000, unit: 'mg', perDay: 4 } })]));
    expect(cards.map((c) => c.extension['lantern.kbEntry'])).toEqual(expect.arrayContaining(['dose/acetaminophen#single', 'dose/acetaminophen#daily']));
  });

  it('a safer-alternative suggestion deletes the draft and creates a new draft with a new id', () => {
    const d = draft('36567');
    const [card] = cardsOf(input(patient({ activeMedications: [med('21212')] }), [d]));
    const alt = card?.suggestions.find((s) => s.label.startsWith('Use pravastatin instead'));
    expect(alt?.label).toBe('Use pravastatin instead (40 mg oral once daily)');
    expect(alt?.actions[0]).toMatchObject({ type: 'delete', resourceId: `MedicationRequest/${d.id ?? ''}` });
    const created = alt?.actions[1]?.resource;
    expect(created?.resourceType).toBe('MedicationRequest');
    expect(created?.id).not.toBe(d.id);
    expect(created?.resourceType === 'MedicationRequest' ? created.medicationCodeableConcept?.coding?.[0]?.code : null).toBe('42463');
    // A complete order: dose, unit, route and frequency from the default dose sentence.
    const dosage = created?.resourceType === 'MedicationRequest' ? created.dosageInstruction?.[0] : undefined;
    expect(dosage?.text).toBe('40 mg oral once daily');
    expect(dosage?.doseAndRate?.[0]?.doseQuantity).toMatchObject({ value: 40, code: 'mg' });
    expect(dosage?.route?.coding?.[0]?.code).toBe('26643006');
    expect(dosage?.timing?.repeat).toMatchObject({ frequency: 1, period: 1, periodUnit: 'd' });
  });

  it('an unknown RXCUI in the chart is ignored; an unknown draft gets an info card saying it was not checked', () => {
    expect(cardsOf(input(patient({ activeMedications: [med('99999999')] }), [draft('36567')]))).toEqual([]);
    const cards = cardsOf(input(patient(), [draft('99999999')]));
    expect(cards.map((c) => [c.indicator, c.extension['lantern.rule'], c.extension['lantern.kbEntry']])).toEqual([['info', 'coverage', 'coverage/unresolved-medication']]);
    expect(cards[0]?.summary).toContain('99999999');
  });

  it('resolves a contained Medication by its ingredients and strengths (compounded acetaminophen 650 mg capsule, 2 capsules 4x/day)', () => {
    const d = {
      ...draft('0'),
      medicationCodeableConcept: undefined,
      medicationReference: { reference: '#compound' },
      contained: [{
        resourceType: 'Medication' as const, id: 'compound',
        ingredient: [{
          itemCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '161' }] },
          strength: { numerator: { value: 650, unit: 'mg', code: 'mg' }, denominator: { value: 1, unit: 'capsule', code: '{capsule}' } },
        }],
      }],
      dosageInstruction: [{ timing: { repeat: { frequency: 4, period: 1, periodUnit: 'd' as const } }, doseAndRate: [{ doseQuantity: { value: 2, unit: 'capsule', code: '{capsule}' } }] }],
    };
    const { medicationCodeableConcept: _m, ...withoutCode } = d;
    const cards = cardsOf(input(patient(), [withoutCode]));
    expect(cards.map((c) => c.extension['lantern.kbEntry'])).toEqual(expect.arrayContaining(['dose/acetaminophen#single', 'dose/acetaminophen#daily']));
    expect(cards.find((c) => c.extension['lantern.kbEntry'] === 'dose/acetaminophen#daily')?.summary).toContain('5200 mg');
  });

  it('without suggestions (the server\'s medication gate): the same cards, field for field and in the same order, with no suggestions', () => {
    for (const i of [busy(), { ...busy(), hook: 'order-select' as const, selections: [busy().draftOrders[0]?.id ?? ''] }]) {
      const full = cardsOf(i);
      expect(full.some((c) => c.suggestions.some((s) => s.actions.some((a) => a.type === 'create')))).toBe(true);
      const bare = evaluate(i, defaultKnowledgeBase(), { suggestions: false });
      if (!bare.ok) throw bare.error;
      expect(JSON.stringify(bare.value)).toBe(JSON.stringify(full.map((c) => ({ ...c, suggestions: [] }))));
    }
  });
});
