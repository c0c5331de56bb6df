/**
 * The record cache skips the change feed only for a range of change seqs every one of which this
 * process's own committed pushes drew: one number drawn by anyone else (another server, a FHIR
 * write, a rolled-back batch) must send the read to the database.
 */
import { describe, expect, it } from 'vitest';
import { runsOf } from '../db/resources.ts';
import { OwnChangeSeqs } from './own-change-seqs.ts';

describe('own change seqs', () => {
  it('batches committed one after another cover the range between them, and nothing past the last', () => {
    const s = new OwnChangeSeqs();
    s.add(101n, 600n);
    s.add(601n, 1100n);
    expect(s.covers(100n, 1100n)).toBe(true);
    expect(s.covers(350n, 700n)).toBe(true);
    expect(s.covers(100n, 1101n)).toBe(false);
    // Before the first batch: numbers this process never drew.
    expect(s.covers(99n, 600n)).toBe(false);
    expect(s.size).toBe(1);
  });

  it('a number drawn by another writer between two batches is a gap for every range across it', () => {
    const s = new OwnChangeSeqs();
    s.add(1n, 500n);
    s.add(502n, 1000n); // 501: another app server's FHIR write, or a batch that rolled back
    expect(s.covers(0n, 500n)).toBe(true);
    expect(s.covers(501n, 1000n)).toBe(true);
    expect(s.covers(0n, 1000n)).toBe(false);
    expect(s.covers(500n, 502n)).toBe(false);
    expect(s.size).toBe(2);
  });

  it('batches that commit out of the order they drew in close the gap between them', () => {
    const s = new OwnChangeSeqs();
    s.add(21n, 30n);
    s.add(1n, 10n);
    expect(s.covers(0n, 30n)).toBe(false);
    s.add(11n, 20n);
    expect(s.covers(0n, 30n)).toBe(true);
    expect(s.size).toBe(1);
    // One run swallowing several.
    const t = new OwnChangeSeqs();
    t.add(1n, 2n);
    t.add(10n, 12n);
    t.add(20n, 22n);
    t.add(40n, 41n);
    t.add(2n, 30n);
    expect(t.size).toBe(2);
    expect(t.covers(0n, 30n)).toBe(true);
    expect(t.covers(0n, 31n)).toBe(false);
    expect(t.covers(30n, 41n)).toBe(false);
    expect(t.covers(39n, 41n)).toBe(true);
  });

  it('an empty range is covered; a range past everything drawn is not', () => {
    const s = new OwnChangeSeqs();
    expect(s.covers(5n, 5n)).toBe(true);
    expect(s.covers(5n, 6n)).toBe(false);
    s.add(6n, 6n);
    expect(s.covers(5n, 6n)).toBe(true);
  });

  it('past the limit the oldest runs are forgotten: ranges over them are read from the database', () => {
    const s = new OwnChangeSeqs(3);
    for (let i = 0n; i < 5n; i++) s.add(i * 10n + 1n, i * 10n + 5n);
    expect(s.size).toBe(3);
    expect(s.covers(0n, 5n)).toBe(false);
    expect(s.covers(40n, 45n)).toBe(true);
  });

  it('a batch whose numbers interleave with another writer\'s is kept as its runs', () => {
    expect(runsOf([3n, 4n, 5n, 7n, 9n, 10n])).toEqual([[3n, 5n], [7n, 7n], [9n, 10n]]);
    const s = new OwnChangeSeqs();
    s.addRuns(runsOf([3n, 4n, 5n, 7n, 9n, 10n]));
    expect(s.covers(2n, 5n)).toBe(true);
    expect(s.covers(2n, 7n)).toBe(false);
    expect(s.covers(8n, 10n)).toBe(true);
  });
});
