// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ok } from '@lantern/core';
import { emptySoap, type Soap } from '@lantern/core/notes';
import { renderWithLantern as render } from '../design/testing/render.tsx';
import { SoapEditor } from './SoapEditor.tsx';
import { useNoteAutosave } from './useNoteAutosave.ts';

afterEach(cleanup);

function Editor({ save, onSign }: { save: (v: { title: string; soap: Soap }) => void; onSign: () => void }) {
  const [note, setNote] = useState({ title: 'Progress note', soap: emptySoap() });
  const autosave = useNoteAutosave<{ title: string; soap: Soap }>((v) => { save(v); return Promise.resolve(ok({ savedAt: '2026-11-23T12:00:05Z' })); }, 3000);
  return (
    <SoapEditor title={note.title} soap={note.soap} signed={false} autosave={autosave.state} onSign={onSign}
      onChange={(n) => { setNote(n); autosave.update(n); }} onInsertObjective={() => 'Vitals: BP 128/82 mmHg.\nLabs: none resulted today.'} />
  );
}

describe('SOAP editor', () => {
  it('autosaves what is typed every few seconds and says so', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const save = vi.fn();
    render(<Editor save={save} onSign={() => undefined} />);
    await user.type(screen.getByLabelText('Subjective'), 'Cough');
    expect(screen.getByTestId('autosave-status').textContent).toBe('Unsaved changes');
    await act(async () => { await vi.advanceTimersByTimeAsync(3000); });
    expect(save).toHaveBeenLastCalledWith({ title: 'Progress note', soap: { ...emptySoap(), subjective: 'Cough' } });
    expect(screen.getByTestId('autosave-status').textContent).toMatch(/^Draft saved on this workstation/);
    vi.useRealTimers();
  });

  it('inserts today\'s vitals and labs into Objective', async () => {
    const user = userEvent.setup();
    render(<Editor save={() => undefined} onSign={() => undefined} />);
    await user.click(screen.getByRole('button', { name: /insert today's vitals and labs/i }));
    expect((screen.getByLabelText('Objective') as HTMLTextAreaElement).value).toBe('Vitals: BP 128/82 mmHg.\nLabs: none resulted today.');
  });

  it('a signed note is read-only, offers an addendum, and a tampered signature is announced', async () => {
    const user = userEvent.setup();
    const onAddendum = vi.fn();
    render(<SoapEditor title="Visit" soap={{ ...emptySoap(), plan: '- Continue' }} signed onChange={() => undefined} autosave={{ status: 'idle', lastSavedAt: null, error: null }}
      signature={{ status: 'tampered' }} onAddendum={onAddendum} />);
    expect((screen.getByLabelText('Plan') as HTMLTextAreaElement).readOnly).toBe(true);
    expect(screen.queryByRole('button', { name: /sign note/i })).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/changed after it was signed/);
    await user.click(screen.getByRole('button', { name: /add addendum/i }));
    expect(onAddendum).toHaveBeenCalled();
  });

  it('Sign is refused while a reason says it cannot be signed yet', async () => {
    const user = userEvent.setup();
    const onSign = vi.fn();
    const { rerender } = render(<SoapEditor title="Visit" soap={emptySoap()} signed={false} onChange={() => undefined} autosave={{ status: 'saved', lastSavedAt: null, error: null }}
      onSign={onSign} signDisabledReason="Write an assessment first" />);
    await user.click(screen.getByRole('button', { name: /sign note/i }));
    expect(onSign).not.toHaveBeenCalled();
    rerender(<SoapEditor title="Visit" soap={emptySoap()} signed={false} onChange={() => undefined} autosave={{ status: 'saved', lastSavedAt: null, error: null }} onSign={onSign} />);
    await user.click(screen.getByRole('button', { name: /sign note/i }));
    expect(onSign).toHaveBeenCalledTimes(1);
  });
});
