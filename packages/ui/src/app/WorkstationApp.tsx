import { Suspense, useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Box, Center, Loader, Stack, Text } from '@mantine/core';
import type { SessionState } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { LockScreen } from '../auto-lock/LockScreen.tsx';
import { SignInScreen } from '../sign-in/SignInScreen.tsx';
import { PasswordChangeGate } from '../sign-in/ChangePasswordScreen.tsx';
import { ErrorState } from '../design/ErrorState.tsx';
import { LoadingSkeleton } from '../design/LoadingSkeleton.tsx';
import { useOrganisation } from '../auto-lock/useOrganisation.ts';
import { useMachinePolicy } from '../machine-policy/useMachinePolicy.ts';

import { preloadableLazy } from './preloadableLazy.tsx';

// The signed-in shell (router, chart, composer, CDS knowledge base) is a chunk of its own: the sign-in
// form does not wait for it, and it is fetched while the clinician types (see `SessionView`). Sign-in
// waits for it beside the password check, so the shell renders with the new session and never
// suspends (see preloadableLazy.tsx).
const { Component: SignedInShell, load: loadShell } = preloadableLazy(() => import('./SignedInShell.tsx'));

/**
 * The whole workstation: sign-in, lock screen, or the signed-in shell. The shell is keyed by the user
 * and unmounted whenever the session is not active, so a locked or switched session shows nothing of
 * the previous screen, and the query cache is cleared on sign-out and lock. The URL (a hash route)
 * survives the lock, so unlocking returns to the same screen; a different user starts at their landing page.
 */
export function WorkstationApp({ hostStarting = false }: {
  /**
   * The host said, with the page, that it was still starting (browser mode: a meta tag in index.html).
   * No one can be signed in then, so the sign-in form shows at once, before the host answers the
   * session; the answer, when it comes, decides as usual (the form keeps what was typed).
   */
  hostStarting?: boolean;
} = {}) {
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
  const s: ShownSession | undefined = session.data ?? (hostStarting ? HOST_STARTING : undefined);
  if (s === undefined) {
    return (
      <Center mih="100vh">
        <Stack align="center" gap="xs" role="status"><Loader size="sm" aria-hidden /><Text c="dimmed">Starting Lantern…</Text></Stack>
        <SignInDataAhead />
      </Center>
    );
  }
  return <SessionView session={s} />;
}

/**
 * Asks the host for what the sign-in form shows (the organisation's wipe notice, IT's server and policy
 * problems) at the same time as the session, not after it: one round trip to the form instead of two.
 */
function SignInDataAhead() {
  useOrganisation();
  useMachinePolicy();
  return null;
}

/** What the screen is drawn from: the host's session, or, before its first answer, that it is starting. */
type ShownSession = SessionState | { status: 'host-starting' };
const HOST_STARTING: ShownSession = { status: 'host-starting' };

function SessionView({ session }: { session: ShownSession }) {
  const active = session.status === 'active';
  useEffect(() => {
    if (active) return;
    // Once the sign-in or lock screen has painted, fetch the shell so signing in does not wait for it.
    const t = window.setTimeout(() => void loadShell(), 200);
    return () => window.clearTimeout(t);
  }, [active]);
  switch (session.status) {
    // The same element in both cases, so the form typed into while the host started is kept.
    case 'host-starting':
    case 'signed-out':
      return <SignInScreen whileSigningIn={loadShell} />;
    case 'locked':
      return <LockScreen user={session.user} />;
    case 'active':
      return (
        <Suspense fallback={<Box p="md"><LoadingSkeleton label="Opening the workstation…" rows={8} /></Box>}>
          <PasswordChangeGate displayName={session.user.displayName}>
            <SignedInShell key={session.user.userId} user={session.user} mode={session.mode} autoLockMs={session.autoLockMs} />
          </PasswordChangeGate>
        </Suspense>
      );
  }
}
