import { describe, expect, it } from 'vitest';
import {
  canAdminister, canBreakGlass, canExportDeidentified, canChangeOrderStatus, canChangePrescription, canMergePatients, canReadAudit, canRecordObservations, canRegisterPatients,
  canSearchAllPatients, canSignOrders, canWriteAllergies, canWriteNotes,
} from './capabilities.ts';
import { decideAccess, POLICY_CLINICAL_TYPES } from './access.ts';
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
  it('registrars register, find any patient and merge duplicates; physicians register their own patients', () => {
    expect(who(canRegisterPatients)).toEqual(['physician', 'registrar']);
    expect(who(canSearchAllPatients)).toEqual(['registrar']);
    expect(who(canMergePatients)).toEqual(['registrar']);
  });
  it('a registrar sees no clinical content, even for a patient they registered', () => {
    expect(canWriteNotes('registrar') || canWriteAllergies('registrar') || canRecordObservations('registrar') || canBreakGlass('registrar')).toBe(false);
    for (const t of POLICY_CLINICAL_TYPES.filter((x) => x !== 'Patient')) {
      expect(decideAccess({ role: 'registrar', resourceType: t, action: 'read', relation: 'care-team' }).allowed, t).toBe(false);
    }
  });
  it('only the privacy office (honest broker) may request a de-identified research export', () => {
    expect(who(canExportDeidentified)).toEqual(['privacy_officer']);
    expect(canExportDeidentified('physician') || canExportDeidentified('admin')).toBe(false);
  });
});
