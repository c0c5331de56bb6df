import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { RouterProvider, createHashRouter } from 'react-router';
import type { SessionState, SessionUser } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { resetSession } from '../api/resetSession.ts';
import { LockScreen } from '../auto-lock/LockScreen.tsx';
import { useAutoLock } from '../auto-lock/useAutoLock.ts';
import { IdleWarning } from '../auto-lock/IdleWarning.tsx';
import { SignInScreen } from '../sign-in/SignInScreen.tsx';
import { ErrorState } from '../design/ErrorState.tsx';
import { CurrentUserProvider, type CurrentUser } from './CurrentUser.tsx';
import { landingPath } from './landing.ts';
import { lastUserWasNot } from './lastLocation.ts';
import { routes } from './routes.tsx';

/**
 * The whole workstation: sign-in, lock screen, or the signed-in shell. The shell is keyed by the user
 * and unmounted whenever the session is not active, so a locked or switched session shows nothing of
 * the previous screen, and the query cache is cleared on sign-out and lock. The URL (a hash route)
 * survives the lock, so unlocking returns to the same screen; a different user starts at their landing page.
 */
export function WorkstationApp() {
  const api = useApi();
  const session = useQuery({ queryKey: queryKeys.session, queryFn: () => api.session.current(), refetchInterval: 5000 });
  if (session.isError) {
    return (
      <Center mih="100vh" p="md">
        <main style={{ maxWidth: '32rem' }}>
          <ErrorState title="Lantern cannot start" message={`The workstation service is not responding: ${errorMessage(session.error)}`} onRetry={() => void session.refetch()} />
        </main>
      </Center>
    );
  }
  const s = session.data;
  if (s === undefined) {
    return (
      <Center mih="100vh">
        <Stack align="center" gap="xs" role="status"><Loader size="sm" aria-hidden /><Text c="dimmed">Starting Lantern…</Text></Stack>
      </Center>
    );
  }
  return <SessionView session={s} />;
}

function SessionView({ session }: { session: SessionState }) {
  switch (session.status) {
    case 'signed-out':
      return <SignInScreen />;
    case 'locked':
      return <LockScreen user={session.user} />;
    case 'active':
      return <Shell key={session.user.userId} user={session.user} mode={session.mode} autoLockMs={session.autoLockMs} />;
  }
}

function Shell({ user, mode, autoLockMs }: { user: SessionUser; mode: 'online' | 'offline'; autoLockMs: number }) {
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
  const lockNow = lock.mutate;
  const signOutNow = signOut.mutate;
  const current = useMemo<CurrentUser>(() => ({ user, mode, lock: () => lockNow(), signOut: () => signOutNow() }), [user, mode, lockNow, signOutNow]);
  return (
    <CurrentUserProvider value={current}>
      <RouterProvider router={router} />
      <IdleWarning locksAt={idle.locksAt} onStay={idle.stay} />
    </CurrentUserProvider>
  );
}
