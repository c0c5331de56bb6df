import { describe, expect, it } from 'vitest';
import { compareRows } from './compare.ts';

const base = { id: 'a', name: 'Temperance Whitfield', birthDate: '1983-02-27', sex: 'female', identifiers: [{ system: 'urn:lantern:mrn', value: 'MRN500000017' }], address: '12 Larkspur Rd, Casper, 82601', phone: '(307) 555-0142' };

describe('the side-by-side comparison HIM reads', () => {
  it('marks only the fields that differ (case and spacing do not count)', () => {
    const rows = compareRows(base, { ...base, id: 'b', name: 'temperance  whitfeild', phone: null, identifiers: [{ system: 'urn:lantern:mrn', value: 'MRN500000025' }] });
    expect(rows.filter((r) => r.differs).map((r) => r.field)).toEqual(['Name', 'Phone', 'Identifiers']);
    expect(rows.find((r) => r.field === 'Phone')?.b).toBe('Not recorded');
    expect(rows.find((r) => r.field === 'Sex')?.a).toBe('Female');
  });
});
