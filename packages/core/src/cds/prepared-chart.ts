/**
 * A patient's chart prepared for the engine once, for a caller that checks many orders against
 * the same chart (the server's medication gate re-checks every order a push brings, against a
 * record it keeps between pushes): the active orders resolved against the knowledge base, and a
 * memo the rules fill with what else they derive from the chart (coded problems, resolved
 * allergies, the kidney function estimates). `evaluate` prepares a chart per call; the
 * workstation's cards are the same either way.
 *
 * Chart resources are immutable values (a changed order is a new object), as the engine's
 * per-resource memos already assume: `reprepareChart` reuses what it resolved for a resource
 * object it saw before, and each memo entry only while what it was derived from is the same.
 */
import { defaultKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts';
import { resolveActiveMedication, type ResolvedMedication } from './medication.ts';
import { sameIndexEntry } from './active-index.ts';
import type { ChartMemo } from './rule-context.ts';
import type { PatientContext } from './types.ts';

export interface PreparedChart {
  readonly context: PatientContext;
  readonly kb: KnowledgeBase;
  /** `context.activeMedications` resolved, in the same order. */
  readonly active: readonly ResolvedMedication[];
  /** Filled lazily by the rules; shared by every evaluation against this chart. */
  readonly memo: ChartMemo;
}

export function prepareChart(context: PatientContext, kb: KnowledgeBase = defaultKnowledgeBase()): PreparedChart {
  const active: ResolvedMedication[] = [];
  for (const m of context.activeMedications) active.push(resolveActiveMedication(m, kb, context.weightKg));
  return { context, kb, active, memo: {} };
}

/**
 * The chart for `context`, a later state of `prior.context`: orders and memo entries that did not
 * change are carried over, the rest is prepared afresh (as prepareChart would).
 */
export function reprepareChart(prior: PreparedChart, context: PatientContext): PreparedChart {
  const before = prior.context;
  if (context === before) return prior;
  const kb = prior.kb;
  let active: ResolvedMedication[];
  if (context.weightKg !== before.weightKg) active = prepareChart(context, kb).active.slice();
  else {
    // Both lists are in one order (buildPatientContext sorts them by id), and a change is usually
    // one order changed, added or removed: walk them side by side, resolving only what is new.
    const old = before.activeMedications;
    active = [];
    let j = 0;
    for (const m of context.activeMedications) {
      let r: ResolvedMedication | undefined;
      if (old[j] === m) r = prior.active[j++];
      else if (old[j + 1] === m) {
        r = prior.active[j + 1];
        j += 2;
      }
      active.push(r ?? resolveActiveMedication(m, kb, context.weightKg));
    }
  }
  const memo: ChartMemo = {};
  // The index stands while every order keeps its id and ingredients at its place (a dose change does).
  if (prior.memo.index !== undefined && active.length === prior.active.length && active.every((m, p) => sameIndexEntry(prior.active[p], m))) memo.index = prior.memo.index;
  if (context.allergies === before.allergies && prior.memo.allergens !== undefined) memo.allergens = prior.memo.allergens;
  if (context.conditions === before.conditions && prior.memo.problems !== undefined) memo.problems = prior.memo.problems;
  const sameKidneyInputs = context.labs === before.labs && Object.is(context.ageYears, before.ageYears) && context.sex === before.sex
    && context.weightKg === before.weightKg && context.heightCm === before.heightCm;
  if (sameKidneyInputs && prior.memo.renal !== undefined) memo.renal = prior.memo.renal;
  // Each entry is checked against the chart it is used on (repeat-findings.ts).
  if (prior.memo.repeat !== undefined) memo.repeat = prior.memo.repeat;
  return { context, kb, active, memo };
}
