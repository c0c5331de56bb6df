/**
 * The signed-in workstation: the hash router with every workspace, the idle warning and the current
 * user. It is its own chunk (loaded by WorkstationApp with React.lazy), so the sign-in and lock screens
 * start without parsing the router, the chart, the order composer and the CDS knowledge base; the chunk
 * is fetched in the background while the sign-in form waits for the password.
 */
import { useCallback, useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RouterProvider, createHashRouter } from 'react-router';
import type { SessionState, SessionUser } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { resetSession } from '../api/resetSession.ts';
import { useAutoLock } from '../auto-lock/useAutoLock.ts';
import { IdleWarning } from '../auto-lock/IdleWarning.tsx';
import { CurrentUserProvider, type CurrentUser } from './CurrentUser.tsx';
import { landingPath } from './landing.ts';
import { lastUserWasNot } from './lastLocation.ts';
import { routes } from './routes.tsx';
import { ShellNavigationProvider } from './ShellNavigation.tsx';

export default function SignedInShell({ user, mode, autoLockMs }: { user: SessionUser; mode: 'online' | 'offline'; autoLockMs: number }) {
  const api = useApi();
  const qc = useQueryClient();
  // Drop every cached chart before the next screen renders.
  const leave = (s: SessionState) => resetSession(qc, s);
  const lock = useMutation({ mutationFn: () => api.session.lock(), onSuccess: leave });
  const signOut = useMutation({ mutationFn: () => api.session.signOut(), onSuccess: leave });
  const idle = useAutoLock(autoLockMs, () => lock.mutate(), () => api.session.activity());
  const [router] = useState(() => {
    // Someone else used this window last: never reopen their screen (their chart) for this user.
    if (lastUserWasNot(user.userId)) window.location.hash = `#${landingPath(user.role)}`;
    return createHashRouter(routes);
  });
  // Absolute paths only (the shell's frame does not sit in a route of its own): see ShellNavigation.tsx.
  const navigate = useCallback((to: string) => void router.navigate(to), [router]);
  const lockNow = lock.mutate;
  const signOutNow = signOut.mutate;
  const current = useMemo<CurrentUser>(() => ({ user, mode, lock: () => lockNow(), signOut: () => signOutNow() }), [user, mode, lockNow, signOutNow]);
  return (
    <CurrentUserProvider value={current}>
      <ShellNavigationProvider navigate={navigate}>
        <RouterProvider router={router} />
      </ShellNavigationProvider>
      <IdleWarning locksAt={idle.locksAt} onStay={idle.stay} />
    </CurrentUserProvider>
  );
}
