import { describe, expect, it } from 'vitest';
import { addressKeyOfText, addressKeys, familyNames, normalise, sharesAny } from './identity-match.ts';
import { hourIn, usualHours } from './usual-hours.ts';

describe('staff-as-patient matching', () => {
  it('treats surnames that differ only in case, accents or punctuation as the same family', () => {
    expect(normalise("O'Brién-Smith")).toBe(normalise('obrien smith'));
    expect(sharesAny(familyNames([{ family: 'Núñez' }]), [normalise('NUNEZ')])).toBe(true);
    expect(sharesAny(familyNames([{ family: 'Nunes' }]), [normalise('Nunez')])).toBe(false);
  });

  it('matches a home address typed by an administrator against the patient address lines and postal code', () => {
    const patient = addressKeys([{ line: ['12 Elm Street'], city: 'Springfield', postalCode: 'AB1 2CD' }]);
    expect(sharesAny(patient, addressKeyOfText('12 elm street, ab1 2cd'))).toBe(true);
    expect(sharesAny(patient, addressKeyOfText('14 Elm Street AB1 2CD'))).toBe(false);
    expect(addressKeys([{ city: 'Springfield' }])).toEqual([]);
  });
});

describe('usual hours', () => {
  const t = { baselineMinEvents: 10, usualHourShare: 0.1, defaultUsualHours: [7, 19] as [number, number] };
  it('uses the organisation default while the user has little history', () => {
    const h = usualHours(new Map([[3, 2]]), t);
    expect(h.has(7) && h.has(18)).toBe(true);
    expect(h.has(19) || h.has(3)).toBe(false);
  });
  it('learns a night-shift nurse works at 2 in the morning', () => {
    const h = usualHours(new Map([[2, 40], [3, 40], [14, 1]]), t);
    expect(h.has(2)).toBe(true);
    expect(h.has(14)).toBe(false);
  });
  it('reads the hour in the organisation time zone', () => {
    expect(hourIn(new Date('2026-06-01T23:30:00Z'), 'UTC')).toBe(23);
    expect(hourIn(new Date('2026-06-01T23:30:00Z'), 'Europe/Paris')).toBe(1);
  });
});
