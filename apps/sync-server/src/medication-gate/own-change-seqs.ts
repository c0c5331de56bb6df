/**
 * The change seqs (`change_seq`, db/resources.ts) drawn by the sync pushes this server process
 * committed, kept as runs of consecutive numbers. Every insert or update of a resource row draws
 * one, so when every number in a range is one of them, nothing but this process's own pushes
 * changed any resource in that range: no other app server, no FHIR write, no import, no
 * transaction that rolled back (its numbers are never added, so they stay gaps for good). The
 * medication gate's record cache (patient-context-cache.ts) then knows a record is current
 * without reading the change feed.
 *
 * Only ever an under-approximation: a number is added after its transaction committed, runs are
 * dropped from the low end once there are too many, and a missing number only sends a read to
 * the database.
 */
import type { SeqRuns } from '../db/resources.ts';

export class OwnChangeSeqs {
  /** Disjoint runs [first, last], sorted, never adjacent (adjacent runs are merged). */
  private readonly runs: [bigint, bigint][] = [];

  constructor(private readonly maxRuns = 256) {}

  /** Adds the numbers first..last (inclusive). */
  add(first: bigint, last: bigint): void {
    if (last < first) return;
    const runs = this.runs;
    // The usual case: right after (or overlapping the end of) the newest run.
    const top = runs[runs.length - 1];
    if (top !== undefined && first >= top[0] && first <= top[1] + 1n) {
      if (last > top[1]) top[1] = last;
      return;
    }
    // Otherwise: insert in order, then merge with any run it touches.
    let at = runs.length;
    while (at > 0 && (runs[at - 1] as [bigint, bigint])[0] > first) at -= 1;
    runs.splice(at, 0, [first, last]);
    let i = Math.max(0, at - 1);
    while (i + 1 < runs.length) {
      const a = runs[i] as [bigint, bigint];
      const b = runs[i + 1] as [bigint, bigint];
      if (b[0] <= a[1] + 1n) {
        if (b[1] > a[1]) a[1] = b[1];
        runs.splice(i + 1, 1);
      } else if (i + 1 > at) break;
      else i += 1;
    }
    // Old gaps (another writer's numbers) pile up runs; the oldest matter least.
    if (runs.length > this.maxRuns) runs.splice(0, runs.length - this.maxRuns);
  }

  addRuns(runs: SeqRuns): void {
    for (const [first, last] of runs) this.add(first, last);
  }

  /** Whether every number in (after, upTo] was drawn by this process's committed pushes (an empty range: yes). */
  covers(after: bigint, upTo: bigint): boolean {
    if (upTo <= after) return true;
    const want = after + 1n;
    // The run that would hold `want`: the last one starting at or below it.
    const runs = this.runs;
    let lo = 0;
    let hi = runs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((runs[mid] as [bigint, bigint])[0] <= want) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return false;
    const run = runs[found] as [bigint, bigint];
    // Runs are never adjacent, so the whole range must lie in this one.
    return run[1] >= upTo;
  }

  /** How many runs are kept (for tests). */
  get size(): number {
    return this.runs.length;
  }
}
