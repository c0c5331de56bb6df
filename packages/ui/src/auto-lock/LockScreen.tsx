import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { resetSession } from '../api/resetSession.ts';

/**
 * Shown when the session locked itself. Nothing of the previous screen stays mounted or cached;
 * the signed-in user re-enters their password, or another user signs in (which signs the first out).
 */
export function LockScreen({ user }: { user: SessionUser }) {
  const api = useApi();
  const qc = useQueryClient();
  const [password, setPassword] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const unlock = useMutation({
    mutationFn: () => api.session.unlock({ password }),
    onSuccess: (s) => qc.setQueryData(queryKeys.session, s),
    onError: () => setPassword(''),
  });
  const switchUser = useMutation({
    mutationFn: () => api.session.signOut(),
    onSuccess: (s) => {
      resetSession(qc, s);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== '') unlock.mutate();
  };
  return (
    <main className="sign-in" aria-labelledby="lock-title">
      <form className="card sign-in-card" onSubmit={submit} noValidate>
        <h1 id="lock-title">Workstation locked</h1>
        <p className="muted">
          Locked after inactivity. {user.displayName}, enter your password to continue.
        </p>
        <label htmlFor="unlock-password">Password</label>
        <input id="unlock-password" ref={ref} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        {unlock.isError && (
          <p role="alert" className="error">
            {errorMessage(unlock.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={unlock.isPending || password === ''}>
          Unlock
        </button>
        <button type="button" className="link" onClick={() => switchUser.mutate()} disabled={switchUser.isPending}>
          Sign in as a different user
        </button>
      </form>
    </main>
  );
}
