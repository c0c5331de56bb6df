import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { DisabledReason } from '../design/DisabledReason.tsx';
import { useApi } from '../api/ApiContext.tsx';
import { ApiError, errorMessage } from '../api/WorkstationApi.ts';
import { resetSession } from '../api/resetSession.ts';
import { useOrganisation } from '../auto-lock/useOrganisation.ts';
import { WipedScreen } from './WipedScreen.tsx';
import { SignInPolicyNotice } from '../machine-policy/SignInPolicyNotice.tsx';

/** Seconds to wait before trying again, when the server throttled sign-in (the host passes Retry-After as an issue). */
export function retryAfterSeconds(e: unknown): number | null {
  if (!(e instanceof ApiError) || e.code !== 'TOO_MANY_REQUESTS') return null;
  const n = Number(e.issues.find((i) => i.path === 'retryAfterSeconds')?.message);
  return Number.isFinite(n) && n > 0 ? Math.ceil(n) : null;
}

/** What the screen says about a refused sign-in: a throttle counts down; a lockout says who can lift it. */
export function signInErrorMessage(e: unknown, secondsLeft: number | null): string {
  if (e instanceof ApiError && e.code === 'TOO_MANY_REQUESTS') {
    if (secondsLeft !== null && secondsLeft > 0) return `Too many failed attempts: try again in ${secondsLeft} second${secondsLeft === 1 ? '' : 's'}.`;
    if (secondsLeft === null && /locked/i.test(e.message)) return 'This account is locked after too many failed attempts: ask an administrator to unlock it.';
    if (secondsLeft === 0) return 'You can try again now.';
  }
  return errorMessage(e);
}

/**
 * Sign-in: online against the server when it answers; otherwise the host checks the grant stored at the
 * last online sign-in on this workstation (the host decides; the screen just reports which happened).
 * A throttled sign-in (429) shows how long to wait and keeps the button disabled until then.
 * `whileSigningIn` runs beside the password check (the signed-in screens' code): the session turns
 * active only once both are done, so the next screen draws at once. Its failure does not fail sign-in.
 */
export function SignInScreen({ whileSigningIn }: { whileSigningIn?: () => Promise<unknown> } = {}) {
  const api = useApi();
  const qc = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const userRef = useRef<HTMLInputElement>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const signIn = useMutation({
    mutationFn: async () => {
      const [session] = await Promise.all([api.session.signIn({ username, password }), whileSigningIn?.().catch(() => undefined)]);
      return session;
    },
    onSuccess: (session) => {
      // A new user must never see data cached for the previous one.
      resetSession(qc, session);
    },
    onError: (e) => {
      setPassword('');
      const wait = retryAfterSeconds(e);
      setNow(Date.now());
      setWaitUntil(wait === null ? null : Date.now() + wait * 1000);
    },
  });
  useEffect(() => userRef.current?.focus(), []);
  useEffect(() => {
    if (waitUntil === null) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);
  const secondsLeft = waitUntil === null ? null : Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const waiting = secondsLeft !== null && secondsLeft > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim() === '' || password === '' || waiting) return;
    signIn.mutate();
  };

  const wipedAt = useOrganisation().data?.wipedAt ?? null;
  if (wipedAt !== null) return <WipedScreen wipedAt={wipedAt} />;

  const blockedReason = signIn.isPending ? 'Signing in…' : waiting ? `Wait ${secondsLeft} s before trying again` : username.trim() === '' ? 'Enter your username' : password === '' ? 'Enter your password' : null;
  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <Paper component="form" onSubmit={submit} noValidate shadow="sm" p="xl" w="24rem" h="fit-content">
        <Stack gap="sm">
          <div>
            <Title order={1} id="sign-in-title">Lantern</Title>
            <Text c="dimmed" size="sm">Sign in to open charts on this workstation.</Text>
          </div>
          <TextInput id="username" label="Username" ref={userRef} autoComplete="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required withAsterisk={false} />
          <PasswordInput id="password" label="Password" visibilityToggleButtonProps={{ 'aria-label': 'Show what was typed' }} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required withAsterisk={false} />
          {signIn.isError && (
            <Alert role="alert" color="red" variant="light" p="xs" styles={{ message: { color: 'var(--mantine-color-text)' } }}>
              {signInErrorMessage(signIn.error, secondsLeft)}
            </Alert>
          )}
          <DisabledReason reason={blockedReason}>
            <Button type="submit" fullWidth loading={signIn.isPending}>Sign in</Button>
          </DisabledReason>
          <SignInPolicyNotice />
        </Stack>
      </Paper>
    </main>
  );
}
