import { describe, expect, it } from 'vitest';
import { DEFAULT_KB_DATA } from './kb/data.ts';
import { INGREDIENTS } from './kb/ingredients.data.ts';
import { defaultKnowledgeBase, loadKnowledgeBase, pairKey } from './knowledge-base.ts';

// The reference transcription the KB was generated from (shared/, beside the work tree). Loaded
// dynamically so the suite still runs (and says so) where shared/ is absent.
const REFERENCE_PATH = '../../../../../shared/reference/onc_high_priority_class_members.json';
interface OncReference { entries: { object_members: { rxcui: string }[]; precipitant_members: { rxcui: string }[] }[] }
const reference: OncReference | null = await import(/* @vite-ignore */ new URL(REFERENCE_PATH, import.meta.url).href, { with: { type: 'json' } })
  .then((m: { default: OncReference }) => m.default)
  .catch((e: unknown) => { console.warn('ONC reference not loaded:', String(e)); return null; });

describe('knowledge base integrity', () => {
  const kb = defaultKnowledgeBase();

  it('loads, with a version', () => {
    expect(kb.version).toMatch(/^\d{4}\.\d+\.\d+$/);
  });

  it('covers at least 300 ingredients, with no duplicate RXCUI and a citation on each', () => {
    expect(kb.ingredients.size).toBeGreaterThanOrEqual(300);
    expect(new Set(INGREDIENTS.map((i) => i.rxcui)).size).toBe(INGREDIENTS.length);
    for (const i of kb.ingredients.values()) expect(i.sources.length).toBeGreaterThan(0);
  });

  it('every entry of every table cites a source', () => {
    const d = kb.data;
    for (const e of [
      ...d.interactions, ...d.crossSensitivities, ...d.doseLimits, ...d.renalRules, ...d.ageRules, ...d.duplicateOrderRules,
      ...d.drugDisease, ...d.frequencyRules, ...d.doseSentences, ...d.doseForms,
    ]) {
      expect(e.source.label.length, JSON.stringify(e).slice(0, 80)).toBeGreaterThan(10);
    }
    for (const c of d.classes) expect(c.source.label.length).toBeGreaterThan(10);
  });

  it.runIf(reference !== null)(
    'every member of the ONC high-priority list is an ingredient, and every listed pair is critical',
    () => {
      let pairs = 0;
      for (const e of reference?.entries ?? []) {
        for (const m of [...e.object_members, ...e.precipitant_members]) expect(kb.ingredients.has(m.rxcui), m.rxcui).toBe(true);
        for (const o of e.object_members) {
          for (const p of e.precipitant_members) {
            if (o.rxcui === p.rxcui) continue;
            pairs++;
            expect(kb.pairs.get(pairKey(o.rxcui, p.rxcui))?.[0]?.interaction.severity, `${o.rxcui}+${p.rxcui}`).toBe('critical');
          }
        }
      }
      expect(pairs).toBeGreaterThan(300);
    },
  );

  it('every ONC high-priority member in the knowledge base is an ingredient with a citation', () => {
    for (const x of kb.data.interactions.filter((i) => i.origin === 'onc-high-priority')) {
      for (const r of [...x.object.rxcuis, ...x.precipitant.rxcuis]) {
        expect(kb.ingredients.get(r)?.sources.length ?? 0, r).toBeGreaterThan(0);
      }
    }
  });

  it('fills the ONC QT row from the CredibleMeds known-risk list, cited', () => {
    const qt = kb.data.interactions.find((x) => x.id.startsWith('ddi/onc-hp/21-'));
    expect(qt?.object.rxcuis.length).toBeGreaterThanOrEqual(30);
    expect(qt?.source.label).toContain('CredibleMeds');
    expect(kb.pairs.get(pairKey('2556', '18631'))?.[0]?.interaction.severity).toBe('critical'); // citalopram + azithromycin
  });

  it('atazanavir + famotidine is not critical anywhere in the pair table', () => {
    for (const h of kb.pairs.get(pairKey('343047', '4278')) ?? []) expect(h.interaction.severity).not.toBe('critical');
  });

  it('indexes every interacting pair by ingredient both ways round, with the same interactions', () => {
    let both = 0;
    for (const [key, hits] of kb.pairs) {
      const [a = '', b = ''] = key.split('|');
      expect(kb.pairsByRxcui.get(a)?.get(b)).toBe(hits);
      expect(kb.pairsByRxcui.get(b)?.get(a)).toBe(hits);
      both += 2;
    }
    let indexed = 0;
    for (const row of kb.pairsByRxcui.values()) indexed += row.size;
    expect(indexed).toBe(both);
  });

  it('lists each ingredient\'s duplication classes (two statins are found through it)', () => {
    expect(kb.duplicationClassIdsByRxcui.get('36567')).toContain('statin'); // simvastatin
    for (const [rxcui, ids] of kb.duplicationClassIdsByRxcui) {
      for (const id of ids) {
        expect(kb.duplicationClasses.has(id)).toBe(true);
        expect(kb.ingredients.get(rxcui)?.classes).toContain(id);
      }
    }
  });

  it('refuses a knowledge base with a dangling reference or a duplicate RXCUI', () => {
    const dangling = loadKnowledgeBase({ ...DEFAULT_KB_DATA, doseLimits: [{ id: 'dose/x', rxcui: '1', adult: { maxDailyMg: 1 }, source: { label: 'test source' } }] });
    expect(dangling.ok).toBe(false);
    const first = DEFAULT_KB_DATA.ingredients[0];
    if (first === undefined) throw new Error('empty kb');
    const dup = loadKnowledgeBase({ ...DEFAULT_KB_DATA, ingredients: [...DEFAULT_KB_DATA.ingredients, first] });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error.issues.some((i) => i.message === 'duplicate RXCUI')).toBe(true);
  });

  it('carries a review-by date, and refuses data without one', () => {
    expect(kb.reviewBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const { reviewBy: _r, ...rest } = DEFAULT_KB_DATA;
    expect(loadKnowledgeBase(rest).ok).toBe(false);
  });

  it('refuses a documented low-risk cross-reaction graded above info, and a drug-disease entry with no condition code', () => {
    const [x] = DEFAULT_KB_DATA.crossSensitivities.filter((c) => c.level === 'documented-low');
    if (x === undefined) throw new Error('no documented-low entry');
    expect(loadKnowledgeBase({ ...DEFAULT_KB_DATA, crossSensitivities: [{ ...x, severity: 'warning' }] }).ok).toBe(false);
    const [dd] = DEFAULT_KB_DATA.drugDisease ?? [];
    if (dd === undefined) throw new Error('no drug-disease entry');
    expect(loadKnowledgeBase({ ...DEFAULT_KB_DATA, drugDisease: [{ ...dd, condition: { label: 'nothing coded', icd10: [], snomed: [] } }] }).ok).toBe(false);
  });

  it('refuses a critical severity outside the ONC high-priority list', () => {
    const [x] = DEFAULT_KB_DATA.interactions.filter((i) => i.origin === 'label');
    if (x === undefined) throw new Error('no label interaction');
    const r = loadKnowledgeBase({ ...DEFAULT_KB_DATA, interactions: [{ ...x, severity: 'critical' }] });
    expect(r.ok).toBe(false);
  });
});
