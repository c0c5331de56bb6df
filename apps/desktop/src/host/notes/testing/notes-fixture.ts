/** A note for host tests (synthetic text, no real person). */
export { buildNoteDocument, signNote, verifyNoteSignature } from '@lantern/core/notes';
import type { NewNoteInput, NoteAuthor } from '@lantern/core/notes';

export const encodeNoteForTest = (author: NoteAuthor): NewNoteInput => ({
  id: '44444444-4444-4444-8444-444444444444',
  patientId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  author,
  title: 'Progress note',
  date: '2026-11-23T11:50:00Z',
  soap: { subjective: 'Cough for three days.', objective: 'Vitals: none recorded today.', assessment: '1. Acute bronchitis.', plan: '- Fluids, review in 1 week.' },
});
