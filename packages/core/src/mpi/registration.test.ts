import { describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validate.ts';
import { PROVISIONAL_MRN_SYSTEM, provisionalMrn } from './mrn.ts';
import { RegistrationInputSchema, registeredPatient } from './registration.ts';

describe('registration input', () => {
  it('makes a valid Patient with the provisional MRN first, identifiers with their systems and the emergency contact', () => {
    const input = RegistrationInputSchema.parse({
      given: ' Amara ', family: 'Osei', sex: 'female', birthDate: '1992-02-29', phone: '(505) 555-0111', city: 'Gallup', postalCode: '87301',
      identifiers: [{ system: 'urn:lantern:insurance-member-id', value: 'ZX-100200' }],
      emergencyContact: { name: 'Kofi Osei', relationship: 'brother', phone: '(505) 555-0112' },
    });
    const p = registeredPatient(input, '3f1c2e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f', provisionalMrn(12));
    expect(validateResource(p, 'Patient').ok).toBe(true);
    expect(p.name?.[0]?.given).toEqual(['Amara']);
    expect(p.identifier?.[0]).toMatchObject({ system: PROVISIONAL_MRN_SYSTEM, use: 'usual' });
    expect(p.identifier?.[1]).toMatchObject({ system: 'urn:lantern:insurance-member-id', value: 'ZX-100200' });
    expect(p.contact?.[0]?.name?.text).toBe('Kofi Osei');
    expect(p.address?.[0]?.line).toBeUndefined();
  });

  it('refuses what a registrar would want caught: no name, an impossible date', () => {
    const r = RegistrationInputSchema.safeParse({ given: '', family: 'Osei', sex: 'female', birthDate: '1993-02-29' });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['given', 'birthDate']));
  });
});
