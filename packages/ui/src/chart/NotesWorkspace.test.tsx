// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { renderWithLantern as render } from '../design/testing/render.tsx';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ChartSummary, VitalSign } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import type { StoredNoteDraft } from '../api/ClinicalApi.ts';
import { NotesWorkspace } from './NotesWorkspace.tsx';

afterEach(cleanup);
const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const DRAFT: StoredNoteDraft = {
  draftKey: '0b7c3e9a-1111-4222-8333-444455556666', userId: 'u-ada', patientId: PATIENT, revision: 7, savedAt: '2026-11-23T09:15:00Z',
  body: { title: 'Progress note', soap: { subjective: 'Chest pain since this morning', objective: '', assessment: '', plan: '' } },
};

function setup(drafts: StoredNoteDraft[], vitals: VitalSign[] = [], summary?: ChartSummary) {
  const saveDraft = vi.fn((_: { revision: number }) => Promise.resolve({ saved: true, savedAt: new Date().toISOString() }));
  const sign = vi.fn((_key: string, _pw: string) => Promise.resolve({ noteId: DRAFT.draftKey, provenanceId: 'p', keyId: 'k' }));
  const api = {
    notes: { drafts: () => Promise.resolve(drafts), list: () => Promise.resolve({ notes: [], histories: [] }), saveDraft, sign, discardDraft: () => Promise.resolve(true) },
  } as unknown as WorkstationApi;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}><NotesWorkspace patientId={PATIENT} role="physician" vitals={vitals} {...(summary === undefined ? {} : { summary })} /></ApiProvider>
    </QueryClientProvider>,
  );
  return { saveDraft, sign };
}

describe('notes workspace', () => {
  it('offers the autosaved draft after a restart and continues it past the stored revision', async () => {
    const user = userEvent.setup();
    const { saveDraft } = setup([DRAFT]);
    await user.click(await screen.findByRole('button', { name: /Resume draft: Progress note/ }, { timeout: 15_000 }));
    expect((screen.getByLabelText('Subjective') as HTMLTextAreaElement).value).toBe('Chest pain since this morning');
    await user.type(screen.getByLabelText('Assessment'), 'ACS?');
    await user.click(screen.getByRole('button', { name: 'Close (keep draft)' }));
    await waitFor(() => expect(saveDraft).toHaveBeenCalled());
    // The host refuses a revision at or below the stored one: the editor continues from 7.
    expect(saveDraft.mock.calls[0]?.[0].revision).toBeGreaterThan(7);
  }, 60_000);

  it("inserts today's vitals into Objective, and signs only with the password", async () => {
    const user = userEvent.setup();
    const today: VitalSign = { observationId: 'o1', loinc: '8867-4', label: 'Heart rate', value: 118, unit: '/min', effective: new Date().toISOString(), interpretation: 'H', pendingSync: false } as VitalSign;
    const { sign } = setup([], [today]);
    await user.click(await screen.findByRole('button', { name: 'New note' }, { timeout: 15_000 }));
    await user.click(screen.getByRole('button', { name: "Insert today's vitals and labs" }));
    expect((screen.getByLabelText('Objective') as HTMLTextAreaElement).value).toContain('HR 118');
    await user.click(screen.getByRole('button', { name: 'Sign note' }));
    expect(screen.getByRole('button', { name: 'Confirm signature' }).hasAttribute('disabled')).toBe(true);
    await user.type(screen.getByLabelText('Your password, to sign'), 'secret-pw');
    await user.click(screen.getByRole('button', { name: 'Confirm signature' }));
    await waitFor(() => expect(sign).toHaveBeenCalledWith(expect.any(String), 'secret-pw'));
  }, 60_000);

  it('starts a discharge summary from the template with the chart\'s medications, allergies and problems as editable text', async () => {
    const user = userEvent.setup();
    const summary = {
      banner: { allergyStatus: 'has-allergies' },
      activeProblems: [{ resourceType: 'Condition', id: 'c1', subject: { reference: `Patient/${PATIENT}` }, code: { text: 'Type 2 diabetes mellitus' } }],
      activeMedications: [{ resourceType: 'MedicationRequest', id: 'm1', status: 'active', intent: 'order', subject: { reference: `Patient/${PATIENT}` }, medicationCodeableConcept: { text: 'Metformin 500 mg tablet' }, dosageInstruction: [{ text: '500 mg by mouth twice daily' }] }],
      allergies: [{ resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: `Patient/${PATIENT}` }, code: { text: 'Penicillin' }, criticality: 'high' }],
      latestVitals: [], recentLabs: [],
    } as unknown as ChartSummary;
    const { saveDraft } = setup([], [], summary);
    await user.selectOptions(await screen.findByLabelText('Template', {}, { timeout: 15_000 }), 'discharge-summary');
    await user.click(screen.getByRole('button', { name: 'New note' }));
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('Discharge summary');
    const plan = screen.getByLabelText('Plan') as HTMLTextAreaElement;
    expect(plan.value).toContain('- Metformin 500 mg tablet: 500 mg by mouth twice daily');
    expect(plan.value).toContain('- Penicillin, criticality high');
    expect((screen.getByLabelText('Assessment') as HTMLTextAreaElement).value).toContain('- Type 2 diabetes mellitus');
    // Inserted text is the clinician's to edit, and what they edit is what is saved.
    await user.clear(plan);
    await user.type(plan, 'Stop metformin until eGFR rechecked.');
    await user.click(screen.getByRole('button', { name: 'Close (keep draft)' }));
    await waitFor(() => expect(saveDraft).toHaveBeenCalled());
    const saved = saveDraft.mock.calls.at(-1)?.[0] as unknown as { body: { title: string; soap: { plan: string } } };
    expect(saved.body.title).toBe('Discharge summary');
    expect(saved.body.soap.plan).toBe('Stop metformin until eGFR rechecked.');
  }, 60_000);
});
