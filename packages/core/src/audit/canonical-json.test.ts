import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.ts';

/** Rebuilds every object with its keys in a random order (same content). */
function shuffleKeys(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, rand));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, shuffleKeys(v, rand)] as const);
    entries.sort(() => rand() - 0.5);
    return Object.fromEntries(entries);
  }
  return value;
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(jsonValue, fc.integer(), (value, seed) => {
        let s = seed;
        const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        expect(canonicalJson(shuffleKeys(value, rand))).toBe(canonicalJson(value));
      }),
    );
  });

  it('round-trips every JSON value and has no whitespace outside strings', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const outsideStrings = text.replace(/"(?:[^"\\]|\\.)*"/g, '');
        expect(outsideStrings).not.toMatch(/\s/);
      }),
    );
  });

  it('sorts keys by UTF-16 code units as RFC 8785 section 3.2.3 does', () => {
    // The RFC's own sorting example: the emoji (a surrogate pair starting 0xD83D) sorts before U+FB33.
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // (JSON.parse would move the integer-like key "1" first, so read the keys off the text itself.)
    const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1] ?? ''}"`) as string);
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('serialises numbers and strings like RFC 8785 (ECMAScript) does', () => {
    expect(canonicalJson({ b: [1e21, 1e-7, 0.000001, -0, 333333333.3333333, 4.5] , a: '\u20ac$\u000f\n"\\' })).toBe(
      '{"a":"€$\\u000f\\n\\"\\\\","b":[1e+21,1e-7,0.000001,0,333333333.3333333,4.5]}',
    );
  });

  it('escapes a lone surrogate instead of letting UTF-8 encoding turn it into U+FFFD', () => {
    // A broken free-text reason must still hash the same on both ends, and differently from U+FFFD.
    expect(canonicalJson({ reason: 'a\ud800b' })).toBe('{"reason":"a\\ud800b"}');
    expect(canonicalJson({ reason: 'a\ud800b' })).not.toBe(canonicalJson({ reason: 'a\ufffdb' }));
  });

  it('omits undefined properties and writes null for undefined array items', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('refuses values with no single JSON form instead of hashing something surprising', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(new Map())).toThrow(/plain objects/);
  });
});
