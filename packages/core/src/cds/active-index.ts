/**
 * Where each order sits in a prepared chart's resolved order list, by id and by ingredient: the
 * engine checks a draft against the chart without reading every order (a chart the server keeps
 * is no longer in the processor's cache when the next order for it arrives, and reading 40
 * orders to find the draft's old version and the orders sharing its ingredients cost more than
 * the rules). Built once per chart and carried by reprepareChart while every order keeps its id
 * and ingredients at its place in the list (a dose change keeps both).
 */
import type { ResolvedMedication } from './medication.ts';

export interface ActiveIndex {
  /** Position by order id; null when two orders share an id (the engine then reads the list). */
  readonly byId: ReadonlyMap<string, number> | null;
  /** Positions, ascending, of the orders holding each ingredient. */
  readonly byIngredient: ReadonlyMap<string, readonly number[]>;
}

export function buildActiveIndex(active: readonly ResolvedMedication[]): ActiveIndex {
  let byId: Map<string, number> | null = new Map();
  const byIngredient = new Map<string, number[]>();
  active.forEach((m, p) => {
    const id = m.resource.id;
    if (byId !== null && id !== undefined) {
      if (byId.has(id)) byId = null;
      else byId.set(id, p);
    }
    for (const i of m.ingredients) {
      const list = byIngredient.get(i.rxcui);
      if (list === undefined) byIngredient.set(i.rxcui, [p]);
      else if (list[list.length - 1] !== p) list.push(p);
    }
  });
  return { byId, byIngredient };
}

/** Whether `b` stands where `a` stood for the index: the same id and the same ingredients in the same order. */
export function sameIndexEntry(a: ResolvedMedication | undefined, b: ResolvedMedication | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.resource.id !== b.resource.id || a.ingredients.length !== b.ingredients.length) return false;
  return a.ingredients.every((x, k) => x.rxcui === b.ingredients[k]?.rxcui);
}
