/**
 * Every RxNorm code the knowledge base holds, with the name it gives the code and where it is used.
 * `verify_rxcuis.py` checks this list against public RxNorm extracts; `rxcui-audit.test.ts` checks
 * that every code here has a verification record.
 * Print it (for the verifier) with:
 *   npx tsx -e "import('./packages/core/src/cds/kb/tools/rxcui-inventory.ts').then(m => console.log(JSON.stringify(m.rxcuiInventory())))"
 */
import { DEFAULT_KB_DATA } from '../data.ts';
import type { KnowledgeBaseDataInput } from '../schema.ts';

const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

export type RxcuiKind = 'ingredient' | 'product';

export interface RxcuiUse {
  rxcui: string;
  /** The name the knowledge base gives the concept. */
  name: string;
  kind: RxcuiKind;
  /** RxNorm term type when known (IN for ingredients; the product's TTY). */
  tty: string;
}

/**
 * Ingredients and products, each once. Codes used elsewhere (interaction members, alternatives,
 * dose/renal/age rules, allergy class codes) must be ingredients; `strayRxcuis` lists any that are not.
 */
export function rxcuiInventory(data: KnowledgeBaseDataInput = DEFAULT_KB_DATA): RxcuiUse[] {
  const out = new Map<string, RxcuiUse>();
  for (const i of data.ingredients) out.set(i.rxcui, { rxcui: i.rxcui, name: i.name, kind: 'ingredient', tty: 'IN' });
  for (const p of data.products) out.set(p.rxcui, { rxcui: p.rxcui, name: p.name, kind: 'product', tty: p.tty });
  return [...out.values()].sort((a, b) => Number(a.rxcui) - Number(b.rxcui));
}

/** RxNorm codes referenced anywhere in the knowledge base that are neither an ingredient nor a product. */
export function strayRxcuis(data: KnowledgeBaseDataInput = DEFAULT_KB_DATA): string[] {
  const known = new Set(rxcuiInventory(data).map((u) => u.rxcui));
  const used = new Set<string>();
  for (const x of data.interactions) {
    for (const r of [...(x.object.rxcuis ?? []), ...(x.precipitant.rxcuis ?? []), ...(x.alternatives ?? []).map((a) => a.rxcui)]) used.add(r);
  }
  for (const a of data.allergyClasses) for (const c of a.codes) if (c.system === RXNORM_SYSTEM) used.add(c.code);
  for (const d of data.doseLimits) used.add(d.rxcui);
  for (const r of data.renalRules) used.add(r.rxcui);
  for (const r of data.ageRules) for (const m of r.members.rxcuis ?? []) used.add(m);
  return [...used].filter((r) => !known.has(r)).sort();
}
