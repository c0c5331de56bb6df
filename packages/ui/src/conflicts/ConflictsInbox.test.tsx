// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ConflictView } from '@lantern/core/conflicts';
import { renderWithLantern } from '../design/testing/render.tsx';
import { ConflictsInbox } from './ConflictsInbox.tsx';

afterEach(cleanup);

const view: ConflictView = {
  conflictId: 'c1', resourceType: 'MedicationRequest', resourceId: 'r1', title: 'Medication order: simvastatin', kind: 'both-edited', rejectedCode: null, rejectedReason: null,
  serverVersion: '2', createdAt: '2026-11-23T11:00:00Z',
  rows: [
    { id: 'dose', label: 'Dose', field: 'dosageInstruction', mine: '40 mg', server: '30 mg', base: '20 mg', flagged: true, safetyCritical: true, differs: true },
    { id: 'note', label: 'Note', field: 'note', mine: 'take with food', server: '—', base: null, flagged: false, safetyCritical: false, differs: true },
  ],
};

const refused: ConflictView = {
  conflictId: 'c2', resourceType: 'MedicationRequest', resourceId: 'r2', title: 'Medication order not accepted by the server', kind: 'rejected',
  rejectedCode: 'PRECONDITION_REQUIRED', rejectedReason: 'A critical alert needs an override reason recorded with the order: amlodipine and the recorded allergy',
  serverVersion: null, createdAt: '2026-11-23T11:05:00Z',
  rows: [
    { id: 'dose', label: 'Dose', field: 'dosageInstruction', mine: '10 mg', server: '5 mg', base: null, flagged: false, safetyCritical: true, differs: true },
    { id: 'route', label: 'Route', field: 'dosageInstruction', mine: 'oral', server: 'oral', base: null, flagged: false, safetyCritical: true, differs: false },
  ],
};

describe('conflicts inbox', () => {
  it('shows mine, the server\'s and the value before both changes side by side, the safety-critical field flagged', () => {
    renderWithLantern(<ConflictsInbox conflicts={[view]} onResolve={() => undefined} />);
    const row = screen.getByRole('row', { name: /dose/i });
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['40 mg', '30 mg', '20 mg']);
    expect(within(row).getByText('Conflict')).toBeTruthy();
    expect(within(row).getByText('Safety-critical')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /note/i })).queryByText('Safety-critical')).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'Mine' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: "Server's" })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Before both changes' })).toBeTruthy();
  });

  it('offers keep mine, take the server\'s (after confirming) and a field-by-field merge, and no way to dismiss', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    renderWithLantern(<ConflictsInbox conflicts={[view]} onResolve={onResolve} />);
    expect(screen.queryByRole('button', { name: /dismiss|ignore|close/i })).toBeNull();
    await user.click(screen.getByRole('button', { name: /keep mine/i }));
    expect(onResolve).toHaveBeenLastCalledWith('c1', { kind: 'keep-mine' });
    await user.click(screen.getByRole('button', { name: /take the server's/i }));
    const dialog = screen.getByRole('dialog', { name: /take the server's version/i });
    await user.click(within(dialog).getByRole('button', { name: /take the server's/i }));
    expect(onResolve).toHaveBeenLastCalledWith('c1', { kind: 'take-server' });
    await user.click(screen.getByRole('button', { name: /merge field by field/i }));
    await user.click(within(screen.getByRole('radiogroup', { name: /dose/i })).getByLabelText('mine'));
    await user.click(screen.getByRole('button', { name: /save merge/i }));
    expect(onResolve).toHaveBeenLastCalledWith('c1', { kind: 'edited-merge', mineFields: ['dosageInstruction'] });
  });

  it('a change the server refused says so with the server\'s reason, the clinician\'s values beside the server\'s', () => {
    renderWithLantern(<ConflictsInbox conflicts={[refused]} onResolve={() => undefined} />);
    const card = screen.getByRole('article', { name: /not accepted by the server/i });
    expect(within(card).getAllByText('Not accepted by the server').length).toBeGreaterThan(0);
    expect(within(card).getByTestId('conflict-reason').textContent).toContain('critical alert needs an override reason');
    expect(within(card).getByRole('columnheader', { name: 'Your change' })).toBeTruthy();
    expect(within(card).getByRole('columnheader', { name: "Server's (in the chart)" })).toBeTruthy();
    const dose = within(card).getByRole('row', { name: /dose/i });
    expect(within(dose).getAllByRole('cell').map((c) => c.textContent)).toEqual(['10 mg', '5 mg']);
    expect(within(dose).getByText('Safety-critical')).toBeTruthy();
    expect(within(dose).queryByText('Conflict')).toBeNull();
    // Unchanged fields are not marked, though every medication field is safety-critical.
    expect(within(within(card).getByRole('row', { name: /route/i })).queryByText('Safety-critical')).toBeNull();
    expect(within(card).getByRole('button', { name: 'Send mine again' })).toBeTruthy();
    expect(within(card).queryByRole('button', { name: /merge/i })).toBeNull();
  });

  it('discarding a refused change asks first: Cancel (where focus starts) keeps it, confirming discards it', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    renderWithLantern(<ConflictsInbox conflicts={[refused]} onResolve={onResolve} />);
    await user.click(screen.getByRole('button', { name: 'Discard my change' }));
    const dialog = screen.getByRole('dialog', { name: 'Discard your change?' });
    expect(within(dialog).getAllByRole('button', { name: 'Cancel' })).toContain(document.activeElement);
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.keyboard('{Enter}');
    expect(onResolve).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Discard my change' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Discard your change?' })).getByRole('button', { name: 'Discard my change' }));
    expect(onResolve).toHaveBeenCalledWith('c2', { kind: 'take-server' });
  });

  it('an empty inbox says nothing is waiting', () => {
    renderWithLantern(<ConflictsInbox conflicts={[]} onResolve={() => undefined} />);
    expect(screen.getByText(/no conflicts/i)).toBeTruthy();
    expect(screen.getByText(/nothing is waiting for your decision/i)).toBeTruthy();
  });
});
