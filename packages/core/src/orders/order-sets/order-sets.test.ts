import { describe, expect, it } from 'vitest';
import { evaluate } from '../../cds/evaluate.ts';
import { defaultKnowledgeBase } from '../../cds/knowledge-base.ts';
import { DoseSentenceSchema } from '../../cds/kb/schema.ts';
import { isHardStop } from '../../cds/sign-gate.ts';
import { patient } from '../../cds/test-fixtures.ts';
import type { MedicationRequest } from '../../fhir/types.ts';
import { NOW, PATIENT_ID, REQUESTER } from '../test-support.ts';
import { defaultOrderSets, loadOrderSets, orderSetDrafts, preCheckedItems, type ResolvedOrderSet } from './order-set-model.ts';
import { ORDER_SETS } from './order-sets.data.ts';

const kb = defaultKnowledgeBase();
const sets = defaultOrderSets();
let n = 0;
const ctx = { patientId: PATIENT_ID, requester: REQUESTER, now: NOW, newId: () => `99999999-9999-4999-8999-${String(++n).padStart(12, '0')}` };
const drafts = (set: ResolvedOrderSet, chosen = set.items.map((i) => i.item.id)) => {
  const r = orderSetDrafts(set, chosen, ctx);
  if (!r.ok) throw r.error;
  return r.value;
};
/** A plain adult: 54, 70 kg, no allergies, no medications, no problems, no labs. */
const plainAdult = patient();

describe('order sets', () => {
  it('offers at least five sets, among them sepsis, pneumonia, DKA, post-operative care and chest pain', () => {
    expect(sets.length).toBeGreaterThanOrEqual(5);
    expect(sets.map((s) => s.id)).toEqual(expect.arrayContaining(['sepsis-bundle', 'cap-admission', 'dka', 'post-operative', 'chest-pain']));
  });

  it('each set cites a real guideline document with its year and a DOI link', () => {
    for (const s of sets) {
      for (const g of [s.guideline, ...s.alsoCites]) {
        expect(g.label, s.id).toContain(String(g.year));
        expect(g.url, s.id).toMatch(/^https:\/\/doi\.org\/10\.\d{4,}\//);
        expect(g.year).toBeGreaterThanOrEqual(2010);
      }
    }
  });

  it('each set has pre-checked and optional items, and orders drugs as well as tests', () => {
    for (const s of sets) {
      expect(s.items.some((i) => i.item.checked), s.id).toBe(true);
      expect(s.items.some((i) => !i.item.checked), s.id).toBe(true);
      expect(s.items.some((i) => i.kind === 'medication'), s.id).toBe(true);
    }
  });

  it('every drug is a complete, cited dose sentence: the knowledge base default when it has one for that use', () => {
    for (const s of sets) {
      for (const i of s.items) {
        if (i.kind !== 'medication') continue;
        expect(DoseSentenceSchema.safeParse(i.sentence).success, i.label).toBe(true);
        expect(i.sentence.source.label.length, i.label).toBeGreaterThan(10);
        expect(kb.ingredients.has(i.sentence.rxcui)).toBe(true);
        if (i.item.sentenceId.startsWith('sentence/')) expect(kb.doseSentenceByRxcui.get(i.sentence.rxcui)?.id).toBe(i.item.sentenceId);
      }
    }
    const post = sets.find((s) => s.id === 'post-operative');
    expect(post?.items.find((i) => i.item.id === 'acetaminophen')?.label).toBe('acetaminophen 650 mg oral every 6 hours as needed for pain or fever');
  });

  it('every drug alone passes CDS for a plain adult with no allergies: no hard stop, no critical and no warning card', () => {
    for (const s of sets) {
      for (const d of drafts(s)) {
        if (d.resourceType !== 'MedicationRequest') continue;
        const cards = evaluate({ hook: 'order-sign', context: plainAdult, draftOrders: [d], now: NOW, userId: 'u1' }, kb);
        expect(cards.ok).toBe(true);
        const serious = cards.ok ? cards.value.filter((c) => isHardStop(c) || c.indicator !== 'info') : [];
        expect(serious.map((c) => c.summary), `${s.id}: ${d.medicationCodeableConcept?.text ?? ''}`).toEqual([]);
      }
    }
  });

  it('the pre-checked items of each set sign together for a plain adult without a critical card', () => {
    for (const s of sets) {
      const cards = evaluate({ hook: 'order-sign', context: plainAdult, draftOrders: drafts(s, preCheckedItems(s)), now: NOW, userId: 'u1' }, kb);
      expect(cards.ok).toBe(true);
      expect(cards.ok ? cards.value.filter((c) => c.indicator === 'critical').map((c) => c.summary) : ['failed'], s.id).toEqual([]);
    }
  });

  it('drug items are still checked like any order: the sepsis bundle alerts on ceftriaxone for a patient allergic to it', () => {
    const sepsis = sets.find((s) => s.id === 'sepsis-bundle');
    if (sepsis === undefined) throw new Error('no sepsis bundle');
    const allergic = patient({ allergies: [{ resourceType: 'AllergyIntolerance', patient: { reference: `Patient/${PATIENT_ID}` }, code: { text: 'cephalosporins', coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '2193', display: 'ceftriaxone' }] }, criticality: 'high' }] });
    const cards = evaluate({ hook: 'order-sign', context: allergic, draftOrders: drafts(sepsis, preCheckedItems(sepsis)), now: NOW, userId: 'u1' }, kb);
    expect(cards.ok && cards.value.some((c) => c.summary.toLowerCase().includes('ceftriaxone'))).toBe(true);
  });

  it('turns the chosen items into drafts for this patient, in the set\'s order, naming the set', () => {
    const cap = sets.find((s) => s.id === 'cap-admission');
    if (cap === undefined) throw new Error('no CAP set');
    const out = drafts(cap, preCheckedItems(cap));
    expect(out.map((d) => d.resourceType)).toEqual(['ServiceRequest', 'ServiceRequest', 'ServiceRequest', 'MedicationRequest', 'MedicationRequest']);
    expect(out.every((d) => d.status === 'draft' && d.subject?.reference === `Patient/${PATIENT_ID}`)).toBe(true);
    const ceftriaxone = out[3] as MedicationRequest;
    expect(ceftriaxone.dosageInstruction?.[0]?.text).toBe('1 g IV once daily for 5 days');
    expect(ceftriaxone.note?.[0]?.text).toBe('Order set: Community-acquired pneumonia admission');
    expect(orderSetDrafts(cap, ['not-an-item'], ctx).ok).toBe(false);
  });

  it('refuses a site\'s set that names a dose sentence or a test Lantern does not have', () => {
    const bad = [{ ...ORDER_SETS[0], items: [...(ORDER_SETS[0]?.items ?? []), { id: 'xx-unknown', kind: 'medication', sentenceId: 'sentence/unknown', checked: true }] }];
    const r = loadOrderSets(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.[0]?.path).toBe('orderSets.sepsis-bundle.items.xx-unknown.sentenceId');
    expect(loadOrderSets([{ ...ORDER_SETS[0], guideline: { label: 'A guideline', url: 'https://example.org' } }]).ok).toBe(false);
  });
});
