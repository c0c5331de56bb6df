import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { resetSession } from '../api/resetSession.ts';

/**
 * Sign-in: online against the server when it answers; otherwise the host checks the grant stored at the
 * last online sign-in on this workstation (the host decides; the screen just reports which happened).
 */
export function SignInScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const userRef = useRef<HTMLInputElement>(null);
  const signIn = useMutation({
    mutationFn: () => api.session.signIn({ username, password }),
    onSuccess: (session) => {
      // A new user must never see data cached for the previous one.
      resetSession(qc, session);
    },
    onError: () => setPassword(''),
  });
  useEffect(() => userRef.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim() === '' || password === '') return;
    signIn.mutate();
  };

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <form className="card sign-in-card" onSubmit={submit} noValidate>
        <h1 id="sign-in-title">Lantern</h1>
        <p className="muted">Sign in to open charts on this workstation.</p>
        <label htmlFor="username">Username</label>
        <input id="username" ref={userRef} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {signIn.isError && (
          <p role="alert" className="error">
            {errorMessage(signIn.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={signIn.isPending || username.trim() === '' || password === ''}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
