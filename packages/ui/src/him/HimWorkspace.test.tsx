// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import type { DuplicatePair } from '../api/features/him-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { HimWorkspace } from './HimWorkspace.tsx';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const pair: DuplicatePair = {
  id: '00000000-0000-4000-8000-0000000000ff', score: 0.93, grade: 'probable', createdAt: '2026-12-01T10:00:00Z', fields: [],
  a: { id: A, name: 'Temperance Whitfield', birthDate: '1983-02-27', sex: 'female', identifiers: [{ system: 'urn:lantern:mrn', value: 'MRN500000017' }], address: '12 Larkspur Rd', phone: '(307) 555-0142' },
  b: { id: B, name: 'Temperance Whitfeild', birthDate: '1983-02-27', sex: 'female', identifiers: [{ system: 'urn:lantern:mrn', value: 'MRN500000025' }], address: '12 Larkspur Rd', phone: '(307) 555-0142' },
};

function setup(online = true) {
  const merge = vi.fn(() => Promise.resolve({ mergeId: 'm1', survivorId: B, retiredId: A, moved: 2 }));
  const duplicates = vi.fn(() => Promise.resolve([pair]));
  const api = {
    sync: { status: () => Promise.resolve({ online }) },
    him: { duplicates, merges: () => Promise.resolve([]), merge, unmerge: vi.fn(), markNotDuplicate: vi.fn() },
  } as unknown as WorkstationApi;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}><LanternTestProvider><HimWorkspace /></LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
  return { merge, duplicates };
}

afterEach(cleanup);

describe('HIM review', { timeout: 30_000 }, () => {
  it('shows the pair side by side with the differing field named, and merges only with a reason and a confirmation', async () => {
    const { merge } = setup();
    const table = await screen.findByRole('table', { name: 'Record A compared with Record B' });
    const nameRow = within(table).getByRole('row', { name: /Name/ });
    expect(within(nameRow).getByText('Differs')).toBeTruthy();
    expect(within(within(table).getByRole('row', { name: /Birth date/ })).queryByText('Differs')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Merge Temperance Whitfield and Temperance Whitfeild' }));
    await userEvent.click(screen.getByRole('radio', { name: /Record B/ }));
    const review = screen.getByRole('button', { name: 'Review merge' });
    expect(review.hasAttribute('disabled')).toBe(true);
    await userEvent.type(screen.getByLabelText(/Reason/), 'Same phone and address; surname typo');
    await userEvent.click(review);
    expect(merge).not.toHaveBeenCalled();
    await userEvent.click(await screen.findByRole('button', { name: 'Merge records' }));
    await waitFor(() => expect(merge).toHaveBeenCalledWith({ survivorId: B, retiredId: A, reason: 'Same phone and address; surname typo', reviewId: pair.id }));
  });

  it('offline, says HIM review needs the server and does not ask for the queue', async () => {
    const { duplicates } = setup(false);
    expect(await screen.findByText('Offline: HIM review needs the server')).toBeTruthy();
    expect(duplicates).not.toHaveBeenCalled();
  });
});
