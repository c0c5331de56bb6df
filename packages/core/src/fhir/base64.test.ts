import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64Utf8, encodeBase64Utf8, utf8Bytes } from './base64.ts';

describe('base64 of UTF-8 (note attachments)', () => {
  it('matches the RFC 4648 section 10 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, b64] of vectors) expect(encodeBase64Utf8(plain)).toBe(b64);
  });

  it('encodes accented names and non-Latin text as UTF-8, as a FHIR client decoding the note expects', () => {
    expect(encodeBase64Utf8('é')).toBe('w6k=');
    expect(encodeBase64Utf8('Søren Wiśniewski')).toBe('U8O4cmVuIFdpxZtuaWV3c2tp');
    expect(Array.from(utf8Bytes('€😀'))).toEqual([0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('round-trips any Unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => decodeBase64Utf8(encodeBase64Utf8(s)) === s));
  });

  it('rejects characters outside the base64 alphabet', () => {
    expect(() => decodeBase64Utf8('ab$d')).toThrow(RangeError);
  });
});
