import { describe, expect, it } from 'vitest';
import type { Encounter } from '@lantern/core';
import { attendingOf, locationOf } from './rounds-facts.ts';

const enc = (over: Partial<Encounter>): Encounter => ({ resourceType: 'Encounter', status: 'in-progress', class: { code: 'IMP' }, ...over });

describe('rounds facts for a finder row', () => {
  it('the attending is the ATND participant, else the primary performer, by display name', () => {
    const e = enc({
      participant: [
        { type: [{ coding: [{ code: 'PPRF' }] }], individual: { display: 'Dr Primary' } },
        { type: [{ coding: [{ code: 'ATND' }] }], individual: { display: 'Dr Attending' } },
      ],
    });
    expect(attendingOf(e)).toBe('Dr Attending');
    expect(attendingOf(enc({ participant: [{ type: [{ coding: [{ code: 'PPRF' }] }], individual: { display: 'Dr Primary' } }] }))).toBe('Dr Primary');
    expect(attendingOf(enc({ participant: [{ type: [{ coding: [{ code: 'ATND' }] }], individual: { reference: 'Practitioner/1' } }] }))).toBeNull();
    expect(attendingOf(undefined)).toBeNull();
  });

  it('the location is the current ward and bed; a finished visit is not where the patient is', () => {
    const here = enc({ location: [{ location: { display: '4 West' } }, { location: { display: 'Bed 12' } }, { status: 'completed', location: { display: 'ED' } }] });
    expect(locationOf(here)).toBe('4 West · Bed 12');
    expect(locationOf({ ...here, status: 'finished' })).toBeNull();
    expect(locationOf(enc({}))).toBeNull();
  });
});
