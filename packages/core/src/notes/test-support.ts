/** Test helpers for notes: a real SHA-256 and Ed25519 are injected by the tests themselves. */
import type { NewNoteInput } from './note-document.ts';

export const PATIENT = '11111111-1111-4111-8111-111111111111';
export const AUTHOR = { reference: 'Practitioner/22222222-2222-4222-8222-222222222222', display: 'Dr. Test Author' };
export const OTHER = { reference: 'Practitioner/33333333-3333-4333-8333-333333333333', display: 'Dr. Other' };

export const noteInput = (over: Partial<NewNoteInput> = {}): NewNoteInput => ({
  id: '44444444-4444-4444-8444-444444444444',
  patientId: PATIENT,
  author: AUTHOR,
  title: 'Clinic visit: follow-up of hypertension',
  date: '2025-06-01T12:00:00Z',
  soap: {
    subjective: 'Here for follow-up. No chest pain.\nTaking lisinopril daily.',
    objective: 'Vitals: BP 128/82 mmHg, HR 72 /min.',
    assessment: '1. Essential hypertension (I10): well controlled.',
    plan: '- Continue lisinopril.\n- Return in 3 months.',
  },
  ...over,
});
