import { describe, expect, it } from 'vitest';
import { med, patient } from '../cds/test-fixtures.ts';
import type { MedicationRequest } from '../fhir/types.ts';
import { withCdsOverrides } from './cds-override.ts';
import { buildMedicationOrder } from './medication-order.ts';
import { gateMedicationWrite, isHardStopCard } from './medication-gate.ts';
import { prepareSign } from './sign-flow.ts';
import { NOW, onClarithromycin, orderInput } from './test-support.ts';

const USER = 'user-1';
const order = (over: Parameters<typeof orderInput>[0] = {}): MedicationRequest => {
  const r = buildMedicationOrder(orderInput(over));
  if (!r.ok) throw r.error;
  return { ...r.value, status: 'active' };
};
const simva = () => order();
const gate = (before: MedicationRequest | null, after: MedicationRequest | null, context = onClarithromycin(), userId = USER) =>
  gateMedicationWrite({ before, after, context, now: NOW, userId });

/** The critical cards a write gets, from a refusal. */
function criticalCards(after: MedicationRequest, before: MedicationRequest | null = null): { path: string; message: string }[] {
  const r = gate(before, after);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.code).toBe('PRECONDITION_REQUIRED');
  return [...r.error.issues];
}
const cardIds = (issues: { path: string }[]) => issues.map((i) => i.path.slice('cards.'.length));

describe('gateMedicationWrite: the one gate for every medication-changing write', () => {
  it('simvastatin for a patient on clarithromycin is refused without an override, naming the card', () => {
    const r = gate(null, simva());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('PRECONDITION_REQUIRED');
    expect(r.error.issues[0]?.path).toMatch(/^cards\./);
    expect(r.error.issues.map((i) => i.message.toLowerCase()).join(' ')).toContain('clarithromycin');
    expect(r.error.message.toLowerCase()).toContain('simvastatin');
  });

  it('the same order carrying the clinician\'s override of that card with one of its reasons goes through', () => {
    const ids = cardIds(criticalCards(simva()));
    const signed = withCdsOverrides(simva(), ids.map((cardUuid) => ({ cardUuid, reasonCode: 'will-monitor' })), { userId: USER, at: NOW });
    const r = gate(null, signed);
    if (!r.ok) throw r.error;
    expect(r.value.changes).toEqual(['new']);
    expect(r.value.overridden.map((o) => o.card.uuid).sort()).toEqual([...ids].sort());
    expect(r.value.overridden.every((o) => o.isNew && o.override.author === USER)).toBe(true);
  });

  it('an override with a reason the card does not offer, of another card, or in another user\'s name does not count', () => {
    const ids = cardIds(criticalCards(simva()));
    const with_ = (reasonCode: string, cardUuid: (id: string) => string, userId = USER) =>
      withCdsOverrides(simva(), ids.map((id) => ({ cardUuid: cardUuid(id), reasonCode })), { userId, at: NOW });
    expect(gate(null, with_('because-i-said-so', (id) => id)).ok).toBe(false);
    expect(gate(null, with_('will-monitor', (id) => `${id}-other`)).ok).toBe(false);
    const forged = gate(null, with_('will-monitor', (id) => id, 'user-2'));
    expect(!forged.ok && forged.error.code).toBe('PRECONDITION_REQUIRED');
  });

  it('an override accepted with an earlier version is carried by a colleague\'s later dose change', () => {
    const ids = cardIds(criticalCards(simva()));
    const signed = withCdsOverrides(simva(), ids.map((cardUuid) => ({ cardUuid, reasonCode: 'will-monitor' })), { userId: 'user-2', at: NOW });
    const changed = { ...signed, dosageInstruction: order({ dose: { value: 10, unit: 'mg' } }).dosageInstruction! };
    const r = gate(signed, changed);
    if (!r.ok) throw r.error;
    expect(r.value.changes).toEqual(['dose']);
    expect(r.value.overridden.every((o) => !o.isNew)).toBe(true);
  });

  it('amlodipine 1000 mg daily (100 times the maximum) is a hard stop naming the dose field, and no override lets it through', () => {
    const amlo = order({ medication: { rxcui: '17767', name: 'amlodipine' }, dose: { value: 1000, unit: 'mg' }, frequency: 'QD' });
    const plain = gate(null, amlo, patient());
    expect(!plain.ok && plain.error.code).toBe('BAD_INPUT');
    expect(!plain.ok && plain.error.issues[0]?.path).toBe('dosageInstruction[0].doseAndRate[0].doseQuantity.value');
    // Every card the engine gives, overridden with every reason any card offers: still refused.
    const cards = prepareSign([amlo], { context: patient(), now: NOW, userId: USER, deviceId: 'device-1' });
    if (!cards.ok) throw cards.error;
    expect(cards.value.some(isHardStopCard)).toBe(true);
    const everything = withCdsOverrides(amlo, cards.value.map((c) => ({ cardUuid: c.uuid, reasonCode: c.overrideReasons[0]?.code ?? 'benefit-outweighs-risk' })), { userId: USER, at: NOW });
    const again = gate(null, everything, patient());
    expect(!again.ok && again.error.code).toBe('BAD_INPUT');
    // The same hard stop on a dose change of an order the patient already takes.
    expect(gate(order({ medication: { rxcui: '17767', name: 'amlodipine' }, dose: { value: 5, unit: 'mg' }, frequency: 'QD' }), amlo, patient()).ok).toBe(false);
  });

  it('re-activating an on-hold simvastatin for a patient now on clarithromycin is refused', () => {
    const held = { ...simva(), status: 'on-hold' as const };
    const r = gate(held, simva());
    expect(!r.ok && r.error.code).toBe('PRECONDITION_REQUIRED');
  });

  it('re-activating an order still carrying a colleague\'s override from its first signing is refused: the override is not carried', () => {
    const ids = cardIds(criticalCards(simva()));
    const signed = withCdsOverrides(simva(), ids.map((cardUuid) => ({ cardUuid, reasonCode: 'will-monitor' })), { userId: 'user-2', at: NOW });
    const held = { ...signed, status: 'on-hold' as const };
    const r = gate(held, { ...signed, status: 'active' });
    expect(!r.ok && r.error.code).toBe('PRECONDITION_REQUIRED');
    // The re-activating clinician's own override, made now, lets it through.
    const mine = withCdsOverrides({ ...signed, status: 'active' }, ids.map((cardUuid) => ({ cardUuid, reasonCode: 'will-monitor' })), { userId: USER, at: '2026-12-03T12:00:00Z' });
    const ok = gate(held, mine);
    if (!ok.ok) throw ok.error;
    expect(ok.value.overridden.every((o) => o.isNew)).toBe(true);
  });

  it('a stop, a hold or a note does not run the engine, whatever the patient takes', () => {
    for (const after of [{ ...simva(), status: 'stopped' as const }, { ...simva(), status: 'on-hold' as const }, { ...simva(), note: [{ text: 'with food' }] }]) {
      const r = gate(simva(), after);
      if (!r.ok) throw r.error;
      expect(r.value.cards).toEqual([]);
      expect(r.value.changes).toEqual(['none']);
    }
  });

  it('warning cards do not block; an order without critical cards goes through with its cards', () => {
    const r = gate(null, order({ medication: { rxcui: '17767', name: 'amlodipine' }, dose: { value: 5, unit: 'mg' }, frequency: 'QD' }), patient({ activeMedications: [med('36567', { dose: { value: 20, unit: 'mg' } })] }));
    if (!r.ok) throw r.error;
    expect(r.value.cards.some((c) => c.indicator === 'critical')).toBe(false);
    expect(r.value.cards.every((c) => !isHardStopCard(c))).toBe(true);
  });
});
