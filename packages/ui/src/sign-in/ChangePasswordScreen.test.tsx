// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { PasswordChangeGate } from './ChangePasswordScreen.tsx';

function setup(mustChangePassword: boolean) {
  const changePassword = vi.fn(() => Promise.resolve({ ok: true as const }));
  const organisation = vi.fn(() => Promise.resolve({ policy: null, wipedAt: null, mustChangePassword }));
  const api = fakeApi({ session: { changePassword, organisation } });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })}>
      <ApiProvider api={api}>
        <LanternTestProvider>
          <PasswordChangeGate displayName="Nurse New"><p>The finder</p></PasswordChangeGate>
        </LanternTestProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { changePassword };
}

afterEach(cleanup);

describe('after an administrator reset the password', () => {
  it('shows nothing of the workstation until the user sets their own password, twice the same, 12 characters or more', async () => {
    const { changePassword } = setup(true);
    expect(await screen.findByRole('heading', { name: 'Set a new password' })).toBeDefined();
    expect(screen.queryByText('The finder')).toBeNull();
    await userEvent.type(screen.getByLabelText('Temporary password'), 'temporary-password-1');
    await userEvent.type(screen.getByLabelText('New password', { exact: false, selector: '#new-password' }), 'short');
    expect(screen.getByRole('button', { name: 'Set password' }).hasAttribute('disabled') || screen.getByRole('button', { name: 'Set password' }).getAttribute('data-disabled') === 'true').toBe(true);
    await userEvent.type(screen.getByLabelText('New password', { exact: false, selector: '#new-password' }), '-and-long-now');
    await userEvent.type(screen.getByLabelText('New password again'), 'short-and-long-now');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(changePassword).toHaveBeenCalledWith({ currentPassword: 'temporary-password-1', newPassword: 'short-and-long-now' });
  }, 30_000);

  it('opens the workstation at once when no change is due', async () => {
    setup(false);
    expect(await screen.findByText('The finder')).toBeDefined();
  });
});
