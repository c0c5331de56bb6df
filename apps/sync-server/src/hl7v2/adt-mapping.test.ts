import { describe, expect, it } from 'vitest';
import { applyDemographics } from './adt-mapping.ts';

describe('an ADT update applied to a registered patient', () => {
  const registered = {
    resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1981-02-14',
    name: [{ use: 'official', family: 'Quillfeather', given: ['Orla'] }, { use: 'maiden', family: 'Brandt' }],
    address: [{ use: 'home', line: ['1 Old Road'], city: 'Oldtown' }, { use: 'work', line: ['9 Mill Lane'], city: 'Millbury' }],
    telecom: [{ system: 'phone', value: '555-0100', use: 'home' }, { system: 'phone', value: '555-0199', use: 'mobile' }, { system: 'email', value: 'orla@example.org' }],
  };

  it('replaces the official name, home address and home phone the message carries, and keeps the rest', () => {
    const updated = applyDemographics(registered, {
      name: [{ use: 'official', family: 'Quillfeather-Ames', given: ['Orla'] }],
      address: [{ use: 'home', line: ['2 New Street'], city: 'Newtown' }],
      telecom: [{ system: 'phone', value: '555-0123', use: 'home' }],
      birthDate: '1981-02-15',
    });
    expect(updated['name']).toEqual([{ use: 'official', family: 'Quillfeather-Ames', given: ['Orla'] }, { use: 'maiden', family: 'Brandt' }]);
    expect(updated['address']).toEqual([{ use: 'home', line: ['2 New Street'], city: 'Newtown' }, { use: 'work', line: ['9 Mill Lane'], city: 'Millbury' }]);
    expect(updated['telecom']).toEqual([{ system: 'phone', value: '555-0123', use: 'home' }, { system: 'phone', value: '555-0199', use: 'mobile' }, { system: 'email', value: 'orla@example.org' }]);
    expect(updated['birthDate']).toBe('1981-02-15');
    expect(updated['gender']).toBe('female');
  });

  it('adds an entry the patient did not have, first, and leaves fields the message does not carry alone', () => {
    const updated = applyDemographics({ ...registered, telecom: [{ system: 'email', value: 'orla@example.org' }] }, { telecom: [{ system: 'phone', value: '555-0123', use: 'home' }] });
    expect(updated['telecom']).toEqual([{ system: 'phone', value: '555-0123', use: 'home' }, { system: 'email', value: 'orla@example.org' }]);
    expect(updated['name']).toEqual(registered.name);
    expect(updated['address']).toEqual(registered.address);
  });
});
