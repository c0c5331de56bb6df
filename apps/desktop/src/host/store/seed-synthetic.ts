/**
 * Fills a store with synthetic patients (@lantern/core/synthetic) through the sync write path,
 * batching many patients per transaction: one fsync per batch, not per patient.
 */
import { LanternError, err, ok, type LanternResource, type Result } from '@lantern/core';
import type { PatientRecord } from '@lantern/core/synthetic';
import type { WritableStore } from './local-store.ts';
import { changesFor } from './seed-changes.ts';

export interface SeededPatient {
  id: string;
  mrn: string;
  name: string;
}

export interface SeedOptions {
  lastUpdated: string;
  /** Changes per transaction. */
  batchSize?: number;
  /** How many patients to report back (the demo prints the first 20). */
  report?: number;
  onProgress?: (patients: number) => void;
}

export function seedStore(store: WritableStore, records: Iterable<PatientRecord>, options: SeedOptions): Result<{ count: number; first: SeededPatient[]; resources: number }, LanternError> {
  const batchSize = options.batchSize ?? 20_000;
  const report = options.report ?? 20;
  const first: SeededPatient[] = [];
  let batch: LanternResource[] = [];
  let seq = 1;
  let count = 0;
  let resources = 0;
  const flush = (): Result<void, LanternError> => {
    if (batch.length === 0) return ok(undefined);
    const r = store.upsertChanges(changesFor(batch, { firstSeq: seq, lastUpdated: options.lastUpdated }));
    seq += batch.length;
    resources += batch.length;
    batch = [];
    return r.ok ? ok(undefined) : r;
  };
  for (const rec of records) {
    const id = rec.patient.id;
    if (id === undefined) return err(new LanternError('INTERNAL', `Synthetic patient ${rec.index} has no id`));
    if (first.length < report) first.push({ id, mrn: rec.mrn, name: rec.displayName });
    batch.push(rec.patient, ...rec.resources);
    count += 1;
    if (batch.length >= batchSize) {
      const r = flush();
      if (!r.ok) return r;
      options.onProgress?.(count);
    }
  }
  const r = flush();
  if (!r.ok) return r;
  return ok({ count, first, resources });
}
