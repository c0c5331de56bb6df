// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ConflictView } from '@lantern/core/conflicts';
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

describe('conflicts inbox', () => {
  it('shows mine and the server\'s value side by side for each field', () => {
    render(<ConflictsInbox conflicts={[view]} onResolve={() => undefined} />);
    const row = screen.getByRole('row', { name: /dose/i });
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 2)).toEqual(['40 mg', '30 mg']);
    expect(within(row).getByText(/conflict/)).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Mine' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: "Server's" })).toBeTruthy();
  });

  it('offers keep mine, take the server\'s, and a field-by-field merge, and no way to dismiss', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(<ConflictsInbox conflicts={[view]} onResolve={onResolve} />);
    expect(screen.queryByRole('button', { name: /dismiss|ignore|close/i })).toBeNull();
    await user.click(screen.getByRole('button', { name: /keep mine/i }));
    expect(onResolve).toHaveBeenLastCalledWith('c1', { kind: 'keep-mine' });
    await user.click(screen.getByRole('button', { name: /take the server's/i }));
    expect(onResolve).toHaveBeenLastCalledWith('c1', { kind: 'take-server' });
    await user.click(screen.getByRole('button', { name: /merge field by field/i }));
    await user.click(within(screen.getByRole('radiogroup', { name: /dose/i })).getByLabelText('mine'));
    await user.click(screen.getByRole('button', { name: /save merge/i }));
    expect(onResolve).toHaveBeenLastCalledWith('c1', { kind: 'edited-merge', mineFields: ['dosageInstruction'] });
  });

  it('an empty inbox says everything reached the server', () => {
    render(<ConflictsInbox conflicts={[]} onResolve={() => undefined} />);
    expect(screen.getByText(/no conflicts/i)).toBeTruthy();
  });
});
