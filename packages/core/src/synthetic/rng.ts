/**
 * A small seedable PRNG for the synthetic data generator. core never reaches for a global RNG
 * (CONVENTIONS.md #1), and the generator must be byte-for-byte reproducible, so every random draw
 * comes from one of these.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand), 128 bits of
 * state. The state is filled from the seed *and* the extra keys as separate words (each scrambled
 * with the murmur3 finalizer), so that patient (seed, index) streams never collide the way they
 * would if (seed, index) were first hashed down to one 32-bit number.
 */
import type { UuidSource } from '../ids/index.ts';

export interface Rng extends UuidSource {
  /** A uniformly distributed unsigned 32-bit integer. */
  next(): number;
  /** A float in [0, 1), or in [min, max) when bounds are given. */
  float(min?: number, max?: number): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. Throws on an empty list: that is a bug in the caller's data. */
  pick<T>(items: readonly T[]): T;
  /** One element with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Up to n distinct elements, in random order. */
  sample<T>(items: readonly T[], n: number): T[];
  /** A normally distributed value (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** A version 4, variant 1 UUID made from the stream (not cryptographically random). */
  uuid(): string;
}

/** murmur3's 32-bit finalizer: spreads every input bit over the output. */
function fmix32(h0: number): number {
  let h = h0 >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Splits a safe integer into its low and high 32-bit words (two's complement, so -1 and 1 differ). */
function words(n: number, what: string): [number, number] {
  if (!Number.isSafeInteger(n)) throw new RangeError(`createRng: ${what} must be a safe integer, got ${n}`);
  return [n >>> 0, Math.floor(n / 0x1_0000_0000) >>> 0];
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Creates a generator. `index` and `stream` key independent sub-streams: the generator uses
 * (seed, patientIndex, purpose) so each patient and each purpose can be regenerated alone.
 */
export function createRng(seed: number, index = 0, stream = 0): Rng {
  const [s0, s1] = words(seed, 'seed');
  const [i0, i1] = words(index, 'index');
  let a = fmix32(s0 ^ 0x9e3779b9) ^ fmix32(s1 + 0x7f4a7c15);
  let b = fmix32(i0 ^ 0x85ebca6b) ^ fmix32(i1 + 0x2545f491);
  let c = fmix32((stream >>> 0) ^ 0xc2b2ae35);
  let d = 1; // sfc32's counter

  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs so nearby seeds give unrelated streams.
  for (let i = 0; i < 15; i++) next();

  const float = (min?: number, max?: number): number => {
    const u = next() / 0x1_0000_0000;
    if (min === undefined || max === undefined) return u;
    return min + u * (max - min);
  };
  const int = (min: number, max: number): number => {
    if (max < min) throw new RangeError(`rng.int: max ${max} < min ${min}`);
    return min + Math.floor(float() * (max - min + 1));
  };
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('rng.pick: empty list');
    return items[Math.floor(float() * items.length)] as T;
  };
  let spare: number | null = null;
  const normal = (mean = 0, sd = 1): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return mean + sd * z;
    }
    const u1 = 1 - float(); // (0, 1]: log(0) is -Infinity
    const u2 = float();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return mean + sd * r * Math.cos(2 * Math.PI * u2);
  };

  return {
    next,
    float,
    int,
    chance: (p) => float() < p,
    pick,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = float() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new RangeError('rng.weighted: empty list');
      return last[0];
    },
    sample: <T>(items: readonly T[], n: number): T[] => {
      const copy = items.slice();
      const k = Math.min(n, copy.length);
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(float() * (copy.length - i));
        const tmp = copy[i] as T;
        copy[i] = copy[j] as T;
        copy[j] = tmp;
      }
      return copy.slice(0, k);
    },
    normal,
    uuid: (): string => {
      const w0 = next();
      const w1 = next();
      const w2 = next();
      const w3 = next();
      const b = (w: number, shift: number): string => HEX[(w >>> shift) & 0xff] as string;
      // RFC 9562 section 5.4: version nibble 4, variant bits 10.
      const w1v = (w1 & 0xffff0fff) | 0x00004000;
      const w2v = ((w2 & 0x3fffffff) | 0x80000000) >>> 0;
      return (
        b(w0, 24) + b(w0, 16) + b(w0, 8) + b(w0, 0) + '-' +
        b(w1v, 24) + b(w1v, 16) + '-' + b(w1v, 8) + b(w1v, 0) + '-' +
        b(w2v, 24) + b(w2v, 16) + '-' + b(w2v, 8) + b(w2v, 0) +
        b(w3, 24) + b(w3, 16) + b(w3, 8) + b(w3, 0)
      );
    },
  };
}

/** Purposes of the independent streams of one patient (the third key of createRng). */
export const STREAM = {
  demographics: 1,
  clinical: 2,
  practitioner: 3,
  heavyAge: 4,
  /** Ids of resulted orders (resulted-orders.ts): separate, so adding them changed no other value. */
  orders: 5,
  /** A stay in progress (admission.ts), drawn after the rest of the chart for the same reason. */
  admission: 6,
} as const;
