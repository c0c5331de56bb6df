import { describe, expect, it } from 'vitest';
import { isUuid } from '../ids/index.ts';
import { createRng } from './rng.ts';

describe('createRng', () => {
  it('replays the same stream for the same keys and a different one for any other key', () => {
    const take = (seed: number, index: number, stream: number) => {
      const r = createRng(seed, index, stream);
      return Array.from({ length: 8 }, () => r.next());
    };
    expect(take(7, 3, 1)).toEqual(take(7, 3, 1));
    expect(take(7, 3, 1)).not.toEqual(take(7, 4, 1));
    expect(take(7, 3, 1)).not.toEqual(take(8, 3, 1));
    expect(take(7, 3, 1)).not.toEqual(take(7, 3, 2));
    // Index and seed are separate words of the state, so swapping them is still a new stream.
    expect(take(3, 7, 1)).not.toEqual(take(7, 3, 1));
    expect(take(-7, 3, 1)).not.toEqual(take(7, 3, 1));
    expect(take(2 ** 40 + 7, 3, 1)).not.toEqual(take(7, 3, 1));
  });

  it('refuses seeds that are not integers rather than silently sharing a stream', () => {
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
    expect(() => createRng(1, 2 ** 60)).toThrow(RangeError);
  });

  it('makes RFC 9562 version-4 UUIDs that Lantern accepts as ids, without repeats', () => {
    const r = createRng(1);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const u = r.uuid();
      expect(isUuid(u)).toBe(true);
      seen.add(u);
    }
    expect(seen.size).toBe(20_000);
    expect(r.uuid()[14]).toBe('4');
  });

  it('keeps int within bounds, hits both ends, and is roughly uniform', () => {
    const r = createRng(99);
    const counts = [0, 0, 0, 0, 0, 0];
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const v = r.int(1, 6);
      if (v < 1 || v > 6 || !Number.isInteger(v)) outside++;
      else counts[v - 1]! += 1;
    }
    expect(outside).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
  });

  it('gives normal draws with the asked mean and spread', () => {
    const r = createRng(5);
    const xs = Array.from({ length: 20_000 }, () => r.normal(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });

  it('samples distinct elements and rejects empty picks', () => {
    const r = createRng(3);
    const s = r.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(s).size).toBe(3);
    expect(r.sample([1, 2], 5).sort()).toEqual([1, 2]);
    expect(() => r.pick([])).toThrow(RangeError);
  });
});
