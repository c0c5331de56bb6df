// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import { ApiError } from '../api/WorkstationApi.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { SignInScreen } from './SignInScreen.tsx';

function setup(error: ApiError) {
  const signIn = vi.fn(() => Promise.reject(error));
  const api = fakeApi({ session: { signIn } });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <ApiProvider api={api}>
        <LanternTestProvider>
          <SignInScreen />
        </LanternTestProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { signIn };
}

async function attempt(): Promise<void> {
  await userEvent.type(screen.getByLabelText('Username'), 'dr.ada');
  await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

afterEach(cleanup);

describe('SignInScreen after too many failed attempts', () => {
  it('says how long to wait and keeps Sign in disabled meanwhile', async () => {
    const { signIn } = setup(new ApiError('TOO_MANY_REQUESTS', 'Too many failed sign-in attempts: try again in 60 seconds', [{ path: 'retryAfterSeconds', message: '60' }]));
    await attempt();
    expect((await screen.findByRole('alert')).textContent).toMatch(/Too many failed attempts: try again in (60|5\d) seconds/);
    await userEvent.type(screen.getByLabelText('Password'), 'lantern-demo');
    const button = screen.getByRole('button', { name: 'Sign in' });
    // Disabled, and it says why (read by screen readers through aria-describedby).
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'Sign in', description: /Wait (60|5\d) s before trying again/ })).toBe(button);
    await userEvent.click(button);
    await userEvent.keyboard('{Enter}');
    expect(signIn).toHaveBeenCalledTimes(1);
  });

  it('says a locked account needs an administrator, not a generic error', async () => {
    setup(new ApiError('TOO_MANY_REQUESTS', 'This account is locked after too many failed sign-in attempts: ask an administrator to unlock it'));
    await attempt();
    expect((await screen.findByRole('alert')).textContent).toBe('This account is locked after too many failed attempts: ask an administrator to unlock it.');
  });
});
