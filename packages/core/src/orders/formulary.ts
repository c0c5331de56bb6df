/**
 * Formulary search over the CDS knowledge base (cds/kb): the drugs Lantern can check are the drugs
 * a clinician can pick, so every order placed from here is one the CDS engine resolves to
 * ingredients (an unknown drug would only get a "coverage" card). Matches by name prefix, then
 * word prefix, then substring, on ingredient names and on product names.
 */
import { defaultKnowledgeBase, type KnowledgeBase } from '../cds/knowledge-base.ts';
import type { Product } from '../cds/kb/schema.ts';

export type DoseUnitForm = 'tablet' | 'capsule' | 'mL' | 'actuation' | 'patch' | 'unit';

export interface FormularyStrength {
  ingredientRxcui: string;
  ingredientName: string;
  valueMg: number;
  per: DoseUnitForm;
}

export interface FormularyProduct {
  rxcui: string;
  name: string;
  tty: Product['tty'];
  strengths: FormularyStrength[];
}

export interface FormularyEntry {
  /** The ingredient (RxNorm TTY=IN). */
  rxcui: string;
  name: string;
  classes: string[];
  /** Products containing it (alone or combined), single-ingredient first. */
  products: FormularyProduct[];
  /** The knowledge base's dose limits, for the dose form and the weight-based helper. */
  limits: { adultMaxSingleMg: number | null; adultMaxDailyMg: number | null; pediatricMaxSingleMgPerKg: number | null; pediatricMaxDailyMgPerKg: number | null };
}

const score = (name: string, q: string): number | null => {
  const n = name.toLowerCase();
  if (n.startsWith(q)) return 0;
  if (n.split(/[\s/-]+/).some((w) => w.startsWith(q))) return 1;
  return n.includes(q) ? 2 : null;
};

function entryFor(rxcui: string, kb: KnowledgeBase): FormularyEntry | null {
  const ing = kb.ingredients.get(rxcui);
  if (ing === undefined) return null;
  const products: FormularyProduct[] = [];
  for (const p of kb.products.values()) {
    if (!p.ingredients.some((i) => i.rxcui === rxcui)) continue;
    products.push({
      rxcui: p.rxcui, name: p.name, tty: p.tty,
      strengths: p.ingredients.flatMap((i) => i.strength === undefined ? [] : [{ ingredientRxcui: i.rxcui, ingredientName: kb.ingredients.get(i.rxcui)?.name ?? i.rxcui, valueMg: i.strength.valueMg, per: i.strength.per }]),
    });
  }
  products.sort((a, b) => a.strengths.length - b.strengths.length || a.name.localeCompare(b.name));
  const d = kb.doseByRxcui.get(rxcui);
  return {
    rxcui, name: ing.name, classes: [...ing.classes], products,
    limits: {
      adultMaxSingleMg: d?.adult?.maxSingleMg ?? null, adultMaxDailyMg: d?.adult?.maxDailyMg ?? null,
      pediatricMaxSingleMgPerKg: d?.pediatric?.maxSingleMgPerKg ?? null, pediatricMaxDailyMgPerKg: d?.pediatric?.maxDailyMgPerKg ?? null,
    },
  };
}

/** Drugs matching `query` (at least 2 characters), best match first. */
export function searchFormulary(query: string, limit = 20, kb: KnowledgeBase = defaultKnowledgeBase()): FormularyEntry[] {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const best = new Map<string, number>();
  const note = (rxcui: string, s: number | null): void => {
    if (s === null) return;
    const prev = best.get(rxcui);
    if (prev === undefined || s < prev) best.set(rxcui, s);
  };
  for (const i of kb.ingredients.values()) note(i.rxcui, score(i.name, q));
  // A product name match ("hydrocodone" in a combination tablet) offers each of its ingredients, one rank lower.
  for (const p of kb.products.values()) {
    const s = score(p.name, q);
    if (s !== null) for (const i of p.ingredients) note(i.rxcui, s + 1);
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || (kb.ingredients.get(a[0])?.name ?? '').localeCompare(kb.ingredients.get(b[0])?.name ?? ''))
    .slice(0, limit)
    .flatMap(([rxcui]) => { const e = entryFor(rxcui, kb); return e === null ? [] : [e]; });
}

/** One drug by RXCUI (ingredient), or null. */
export const formularyEntry = (rxcui: string, kb: KnowledgeBase = defaultKnowledgeBase()): FormularyEntry | null => entryFor(rxcui, kb);
