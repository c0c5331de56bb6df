/**
 * Deterministic card and suggestion ids: the same rule, entry and orders always give the same
 * uuid, so the same input always gives the same cards (and a CDS Hooks client can de-duplicate).
 * A pure 128-bit string hash (four interleaved 32-bit FNV-1a/Murmur-style lanes), not for security.
 * Evaluation makes a few dozen of these per call on the order-sign path, so the hash reads the
 * parts in place (no joined copy) and the uuid is written in one string allocation.
 */

/** Parts are separated by U+0000, which cannot occur in ids, so ['a|b'] and ['a', 'b'] differ. */
const SEPARATOR = 0;
const HEX = '0123456789abcdef';
const DASH = 45;
const EIGHT = 56;
/** Scratch for the 36 characters of a uuid (evaluation is synchronous: no call can interleave). */
const CHARS: number[] = new Array<number>(36).fill(0);
/** Where each of the 32 hash nibbles goes in the uuid, or -1 for the nibbles the format replaces. */
const NIBBLE_AT: readonly number[] = Array.from({ length: 32 }, (_, i) => {
  if (i < 8) return i;
  if (i < 12) return i + 1;
  if (i === 12 || i === 16) return -1; // version '8' and the variant
  if (i < 16) return i + 2;
  if (i < 20) return i + 3;
  return i + 4;
});

export function deterministicUuid(parts: readonly string[]): string {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      h1 = h2 ^ Math.imul(h1 ^ SEPARATOR, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ SEPARATOR, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ SEPARATOR, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ SEPARATOR, 2716044179);
    }
    const input = parts[p] ?? '';
    for (let i = 0; i < input.length; i++) {
      const k = input.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return format(h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0);
}

/** RFC 9562 version 8 ("custom") layout of the 128 hash bits: xxxxxxxx-xxxx-8xxx-Vxxx-xxxxxxxxxxxx. */
function format(a: number, b: number, c: number, d: number): string {
  for (let i = 0; i < 32; i++) {
    const lane = i < 8 ? a : i < 16 ? b : i < 24 ? c : d;
    const nibble = (lane >>> ((7 - (i & 7)) * 4)) & 15;
    const at = NIBBLE_AT[i] ?? -1;
    if (at >= 0) CHARS[at] = HEX.charCodeAt(nibble);
    else if (i === 16) CHARS[19] = HEX.charCodeAt((nibble & 0x3) | 0x8);
  }
  CHARS[8] = DASH;
  CHARS[13] = DASH;
  CHARS[14] = EIGHT;
  CHARS[18] = DASH;
  CHARS[23] = DASH;
  return String.fromCharCode.apply(null, CHARS);
}
