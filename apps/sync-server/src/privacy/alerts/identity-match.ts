/**
 * Staff-as-patient and family lookups: does a patient share the user's surname or home address?
 * Pure comparison of normalised strings; the processor fetches both sides by id.
 */

/** Lower case, accents removed, letters and digits only: "O'Brien-Smith" and "obrien smith" agree. */
export function normalise(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Family names of a FHIR HumanName[] (Patient.name, Practitioner.name). */
export function familyNames(names: unknown): string[] {
  if (!Array.isArray(names)) return [];
  return names.flatMap((n) => (isRecord(n) && typeof n['family'] === 'string' ? [normalise(n['family'])] : [])).filter((f) => f.length > 0);
}

/** One comparable line per FHIR Address: street lines and postal code (city and country are too coarse). */
export function addressKeys(addresses: unknown): string[] {
  if (!Array.isArray(addresses)) return [];
  return addresses.flatMap((a) => {
    if (!isRecord(a)) return [];
    const lines = Array.isArray(a['line']) ? a['line'].filter((l): l is string => typeof l === 'string') : [];
    const postal = typeof a['postalCode'] === 'string' ? a['postalCode'] : '';
    const key = normalise([...lines, postal].join(' '));
    return lines.length > 0 && key.length > 0 ? [key] : [];
  });
}

/** A free-text home address as an administrator typed it, in the same form. */
export function addressKeyOfText(text: string | null): string[] {
  if (text === null) return [];
  const key = normalise(text);
  return key.length > 0 ? [key] : [];
}

export function sharesAny(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.includes(x));
}
