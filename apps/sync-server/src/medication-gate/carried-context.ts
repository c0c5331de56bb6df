/**
 * A patient's CDS context carried forward across a change of one medication order, instead of
 * rebuilt from the whole record: the orders a clinician signs are nearly every change the gate
 * sees. The result is the context `buildPatientContext` would make from the changed record (its
 * medication list holds the patient's active and on-hold orders, sorted by id); everything else
 * in the context does not read medication orders, so it is shared as it is.
 */
import type { MedicationRequest } from '@lantern/core';
import { reprepareChart, type PatientContext, type PreparedChart } from '@lantern/core/cds';

type Json = Record<string, unknown>;

/** Whether buildPatientContext lists this resource as one of the patient's medications. */
function listed(r: Json | null, patientId: string): r is Json & MedicationRequest {
  if (r === null || r['resourceType'] !== 'MedicationRequest' || (r['status'] !== 'active' && r['status'] !== 'on-hold')) return false;
  const subject = r['subject'];
  return typeof subject === 'object' && subject !== null && (subject as { reference?: unknown }).reference === `Patient/${patientId}`;
}

/** The context with medication order `id` now stored as `order` (null: deleted, or no longer read). */
export function withOrder(context: PatientContext, id: string, order: Json | null): PatientContext {
  const before = context.activeMedications;
  const add = listed(order, context.patientId) ? order : null;
  const at = before.findIndex((m) => m.id === id);
  if (at < 0 && add === null) return context;
  const list = at < 0 ? before.slice() : [...before.slice(0, at), ...before.slice(at + 1)];
  if (add !== null) {
    // Sorted by id as buildPatientContext sorts (ids are unique within the list).
    const key = add.id ?? '';
    let i = 0;
    while (i < list.length && (list[i]?.id ?? '') < key) i++;
    list.splice(i, 0, add);
  }
  return { ...context, activeMedications: list };
}

/**
 * A prepared chart and the writes of medication orders not carried into it yet (`lag`: order id ->
 * the version now stored, null: deleted or no longer read). A check of an order never reads the
 * chart's own entry for that order (core evaluatePrepared skips the chart's orders with the
 * draft's id), so a dose change of the order checked last time needs no carrying: the chart and
 * everything the engine remembered of it stay as they are, batch after batch.
 */
export interface BuiltChart {
  readonly now: string;
  readonly chart: PreparedChart;
  readonly lag?: ReadonlyMap<string, Json | null>;
}

/** Past this many orders waiting, they are carried in at once (a chart has tens of orders). */
const MAX_LAG = 8;

/** The chart with order `id` now stored as `order`: noted, carried in only once many wait. */
export function withLaggingOrder(built: BuiltChart, id: string, order: Json | null): BuiltChart {
  const lag = new Map(built.lag);
  lag.set(id, order);
  const next: BuiltChart = { now: built.now, chart: built.chart, lag };
  return lag.size > MAX_LAG ? carried(next) : next;
}

/** The chart with every waiting order carried in: the chart `buildPatientContext` of the rows would give. */
export function carried(built: BuiltChart): BuiltChart {
  if (built.lag === undefined || built.lag.size === 0) return built;
  let context = built.chart.context;
  for (const [id, order] of built.lag) context = withOrder(context, id, order);
  return { now: built.now, chart: reprepareChart(built.chart, context) };
}

/**
 * The chart a check of order `draftId` (undefined: of no order in particular) may use: as it is
 * when no other order waits, else with the waiting orders carried in.
 */
export function chartFor(built: BuiltChart, draftId: string | undefined): BuiltChart {
  const lag = built.lag;
  if (lag === undefined || lag.size === 0 || (lag.size === 1 && draftId !== undefined && lag.has(draftId))) return built;
  return carried(built);
}
