import { describe, expect, it } from 'vitest';
import { blockingKeys } from './blocking.ts';
import { DEFAULT_MATCH_CONFIG } from './config.ts';
import { MatchIndex } from './match-index.ts';
import { matchPersonFromPatient } from './person.ts';
import { DUPLICATE_KINDS, makeDuplicate, newcomer, populationPatient, twinOf } from './population.ts';

const SEED = 7;
const SIZE = 3000;

function buildIndex(): { index: MatchIndex; ids: string[] } {
  const index = new MatchIndex(DEFAULT_MATCH_CONFIG);
  const ids: string[] = [];
  for (let i = 0; i < SIZE; i++) {
    const p = matchPersonFromPatient(populationPatient(SEED, i));
    ids.push(p.id);
    index.add(p);
  }
  return { index, ids };
}

describe('MatchIndex', () => {
  const { index, ids } = buildIndex();

  it('finds the original of 95% or more of the generated duplicates within the review band, and every kind of slip', () => {
    let found = 0;
    const kinds = new Set<string>();
    const n = 600;
    for (let i = 0; i < n; i++) {
      const dup = makeDuplicate(SEED, SIZE, i);
      const hit = index.match(matchPersonFromPatient(dup.patient)).some((c) => c.id === ids[dup.originalIndex]);
      if (hit) {
        found++;
        for (const k of dup.kinds) kinds.add(k);
      }
    }
    expect(found / n).toBeGreaterThanOrEqual(0.95);
    expect([...kinds].sort()).toEqual([...DUPLICATE_KINDS].sort());
  });

  it('calls nobody certain for newcomers and twins', () => {
    for (let i = 0; i < 300; i++) {
      const p = i % 3 === 0 ? twinOf(SEED, SIZE, i) : newcomer(SEED, SIZE, i);
      expect(index.match(matchPersonFromPatient(p), { onlyCertain: true })).toEqual([]);
    }
  });

  it('honours count and sorts best first', () => {
    const dup = makeDuplicate(SEED, SIZE, 1);
    const all = index.match(matchPersonFromPatient(dup.patient));
    const one = index.match(matchPersonFromPatient(dup.patient), { count: 1 });
    expect(one.length).toBeLessThanOrEqual(1);
    expect(one[0]?.id).toBe(all[0]?.id);
    for (let i = 1; i < all.length; i++) expect((all[i - 1]?.score ?? 0) >= (all[i]?.score ?? 0)).toBe(true);
  });

  it('forgets a removed record', () => {
    const small = new MatchIndex(DEFAULT_MATCH_CONFIG);
    const p = matchPersonFromPatient(populationPatient(SEED, 0));
    small.add(p);
    const again = { ...p, id: 'another-registration' };
    expect(small.match(again).map((c) => c.id)).toEqual([p.id]);
    small.remove(p.id);
    expect(small.match(again)).toEqual([]);
    expect(small.size).toBe(0);
  });
});

describe('blockingKeys', () => {
  it('shares a key between a record and its duplicate for every kind of slip', () => {
    for (let i = 0; i < 400; i++) {
      const dup = makeDuplicate(SEED, SIZE, i);
      const a = new Set(blockingKeys(matchPersonFromPatient(populationPatient(SEED, dup.originalIndex))));
      expect(blockingKeys(matchPersonFromPatient(dup.patient)).some((k) => a.has(k)), dup.kinds.join('+')).toBe(true);
    }
  });
});
