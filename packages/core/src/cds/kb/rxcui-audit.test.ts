/**
 * Every RxNorm code of the knowledge base has a verification record (tools/verify_rxcuis.py against
 * the public extracts in rxcui-sources.ts), and the README lists exactly the unconfirmed ones.
 */
import { describe, expect, it } from 'vitest';
import README from '../README.md?raw';
import { defaultKnowledgeBase } from '../knowledge-base.ts';
import { RXCUI_SOURCES } from './rxcui-sources.ts';
import { RXCUI_VERIFICATION } from './rxcui-verification.data.ts';
import { rxcuiInventory, strayRxcuis } from './tools/rxcui-inventory.ts';

describe('RXCUI verification', () => {
  it('every ingredient and product code has exactly one record, under the same name, and no record is stale', () => {
    const records = new Map(RXCUI_VERIFICATION.map((r) => [r.rxcui, r]));
    expect(records.size).toBe(RXCUI_VERIFICATION.length);
    const inventory = rxcuiInventory();
    const mismatched = inventory.filter((u) => records.get(u.rxcui)?.name !== u.name || records.get(u.rxcui)?.kind !== u.kind);
    expect(mismatched.map((u) => `${u.rxcui} ${u.name}`)).toEqual([]);
    expect(RXCUI_VERIFICATION.length).toBe(inventory.length);
  });

  it('every code used by a rule (interaction members, alternatives, dose, renal, age, allergy) is an ingredient or product', () => {
    expect(strayRxcuis()).toEqual([]);
  });

  it('every RXCUI an interaction lists denotes a drug its label names, and every alternative is named as its RXCUI', () => {
    const kb = defaultKnowledgeBase();
    const plain = (s: string): string => s.toLowerCase().replace(/\./g, '');
    const wrong: string[] = [];
    let checked = 0;
    for (const x of kb.data.interactions.filter((i) => i.origin === 'label' || i.origin === 'guideline')) {
      for (const side of [x.object, x.precipitant]) {
        for (const r of side.rxcuis) {
          checked++;
          const name = kb.ingredients.get(r)?.name ?? '?';
          if (!plain(side.label).includes(plain(name))) wrong.push(`${x.id}: ${r} is ${name}, label says "${side.label}"`);
        }
      }
      for (const a of x.alternatives) if (kb.ingredients.get(a.rxcui)?.name !== a.name) wrong.push(`${x.id}: alternative ${a.rxcui} is not ${a.name}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('every confirming source is cited', () => {
    for (const r of RXCUI_VERIFICATION) for (const s of r.confirmedBy) expect(RXCUI_SOURCES[s].url, `${r.rxcui} ${s}`).toMatch(/^https:\/\//);
  });

  it('the README lists exactly the unconfirmed codes', () => {
    const block = README.slice(README.indexOf('Unconfirmed RXCUIs'), README.indexOf('<!-- kb-figures:end -->'));
    const listed = [...block.matchAll(/^- `(\d+)` /gm)].map((m) => m[1]).sort();
    const unconfirmed = RXCUI_VERIFICATION.filter((r) => r.confirmedBy.length === 0).map((r) => r.rxcui).sort();
    expect(listed).toEqual(unconfirmed);
  });

  it('the codes found wrong are fixed: benzonatate, cefadroxil, ergocalciferol, lacosamide, oxycodone/acetaminophen', () => {
    const kb = defaultKnowledgeBase();
    const nameOf = (r: string): string | undefined => kb.ingredients.get(r)?.name ?? kb.products.get(r)?.name;
    expect(['18993', '2177', '4018', '623400', '1049221'].map(nameOf)).toEqual([
      'benzonatate', 'cefadroxil', 'ergocalciferol', 'lacosamide', 'acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet',
    ]);
    for (const wrong of ['1091', '2176', '4850', '623404', '1049621']) expect(nameOf(wrong), wrong).toBeUndefined();
  });
});
