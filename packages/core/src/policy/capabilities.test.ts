import { describe, expect, it } from 'vitest';
import { canAdminister, canBreakGlass, canChangeOrderStatus, canChangePrescription, canReadAudit, canSignOrders, canWriteNotes } from './capabilities.ts';
import { ROLES, type Role } from './roles.ts';

const who = (f: (r: Role) => boolean): Role[] => ROLES.filter(f);

describe('capabilities follow the policy table', () => {
  it('only physicians sign orders or change what a patient receives; nurses may hold them', () => {
    expect(who(canSignOrders)).toEqual(['physician']);
    expect(who(canChangePrescription)).toEqual(['physician']);
    expect(who(canChangeOrderStatus)).toEqual(['physician', 'nurse']);
  });
  it('notes, audit, administration and break-glass each belong to their roles', () => {
    expect(who(canWriteNotes)).toEqual(['physician', 'nurse']);
    expect(who(canReadAudit)).toEqual(['privacy_officer']);
    expect(who(canAdminister)).toEqual(['admin']);
    expect(who(canBreakGlass)).toEqual(['physician', 'nurse']);
  });
});
