/**
 * Per-export pseudonyms: HMAC-SHA256 of "Type/id" under a random key made for one export and never
 * stored (45 CFR 164.514(c): a re-identification code must not be derived from the individual's
 * information in a way that can be reversed, and its mechanism must not be disclosed). So one
 * person's records stay linked inside the export, and two exports cannot be joined.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface Pseudonymizer {
  /** The pseudonymous id of `type/id` (a FHIR id: 40 lowercase hex). */
  id(type: string, id: string): string;
}

export function newPseudonymizer(key: Buffer = randomBytes(32)): Pseudonymizer {
  const cache = new Map<string, string>();
  return {
    id(type, id) {
      const k = `${type}/${id}`;
      let v = cache.get(k);
      if (v === undefined) {
        v = createHmac('sha256', key).update(k).digest('hex').slice(0, 40);
        if (cache.size > 200_000) cache.clear();
        cache.set(k, v);
      }
      return v;
    },
  };
}
