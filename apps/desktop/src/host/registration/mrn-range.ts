/**
 * The workstation's provisional MRNs: numbers from ranges the server assigned to this device,
 * kept in the encrypted store. Taking one works offline; a new range is fetched while online when
 * fewer than LOW_WATER numbers are left (and at the first registration of a fresh workstation).
 */
import { LanternError } from '@lantern/core';
import { provisionalMrn } from '@lantern/core/mpi';
import { z } from 'zod';
import type { StoreDb } from '../store/store-db.ts';

export const LOW_WATER = 100;

export interface MrnRange {
  first: number;
  last: number;
}

const RemainingRow = z.object({ n: z.number().int().nullable() });
const OpenRow = z.object({ first_number: z.number().int(), next_number: z.number().int() });

/** Numbers left in this workstation's ranges. */
export function remaining(db: StoreDb): number {
  return RemainingRow.parse(db.get('SELECT sum(last_number - next_number + 1) AS n FROM provisional_mrn_ranges WHERE next_number <= last_number') ?? { n: 0 }).n ?? 0;
}

export function addRange(db: StoreDb, range: MrnRange, now: Date): void {
  db.write(() => db.run(
    'INSERT INTO provisional_mrn_ranges (first_number, last_number, next_number, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (first_number) DO NOTHING',
    range.first, range.last, range.first, now.toISOString(),
  ));
}

/** The next provisional MRN; UNAVAILABLE when no range is left (the workstation has never been online to get one). */
export function takeProvisionalMrn(db: StoreDb): string {
  return db.write(() => {
    const open = db.get('SELECT first_number, next_number FROM provisional_mrn_ranges WHERE next_number <= last_number ORDER BY first_number LIMIT 1');
    if (open === undefined) throw new LanternError('UNAVAILABLE', 'No provisional MRNs left on this workstation: connect to the server once to receive a range');
    const row = OpenRow.parse(open);
    db.run('UPDATE provisional_mrn_ranges SET next_number = next_number + 1 WHERE first_number = ?', row.first_number);
    return provisionalMrn(row.next_number);
  });
}
