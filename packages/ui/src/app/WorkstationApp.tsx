import { useCallback, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionState, SessionUser } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { resetSession } from '../api/resetSession.ts';
import { LockScreen } from '../auto-lock/LockScreen.tsx';
import { useAutoLock } from '../auto-lock/useAutoLock.ts';
import { ChartScreen } from '../chart/ChartScreen.tsx';
import { ConflictsScreen } from '../conflicts/ConflictsScreen.tsx';
import { EmergencyAccess } from '../break-glass/EmergencyAccess.tsx';
import { PatientFinder } from '../patient-finder/PatientFinder.tsx';
import { SignInScreen } from '../sign-in/SignInScreen.tsx';
import { SyncStatusBar } from '../sync-status/SyncStatusBar.tsx';

const ROLE_LABEL = { physician: 'Physician', nurse: 'Nurse', billing: 'Billing', privacy_officer: 'Privacy officer', admin: 'Administrator' } as const;

/**
 * The whole workstation: sign-in, lock screen, or the signed-in shell. The shell is keyed by the user
 * and unmounted whenever the session is not active, so a locked or switched session shows nothing of
 * the previous screen, and the query cache is cleared on sign-out and lock.
 */
export function WorkstationApp() {
  const api = useApi();
  const session = useQuery({ queryKey: queryKeys.session, queryFn: () => api.session.current(), refetchInterval: 5000 });
  if (session.isError) {
    return (
      <main className="sign-in">
        <p role="alert" className="error">The workstation service is not responding: {errorMessage(session.error)}</p>
      </main>
    );
  }
  const s = session.data;
  if (s === undefined) return <p role="status" className="muted">Starting Lantern…</p>;
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
  const [patientId, setPatientId] = useState<string | null>(null);
  const [conflictsOpen, setConflictsOpen] = useState(false);
  const [emergency, setEmergency] = useState<string | null>(null);
  const leave = useCallback(
    (s: SessionState) => {
      // Drop every cached chart before the next screen renders.
      resetSession(qc, s);
    },
    [qc],
  );
  const lock = useMutation({ mutationFn: () => api.session.lock(), onSuccess: leave });
  const signOut = useMutation({ mutationFn: () => api.session.signOut(), onSuccess: leave });
  useAutoLock(autoLockMs, () => lock.mutate(), () => api.session.activity());

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Lantern</span>
        <SyncStatusBar onOpenConflicts={() => setConflictsOpen(true)} />
        <span className="user" data-testid="current-user">
          {user.displayName} · {ROLE_LABEL[user.role]}
          {mode === 'offline' ? ' · signed in offline' : ''}
        </span>
        <button type="button" onClick={() => lock.mutate()}>Lock</button>
        <button type="button" onClick={() => signOut.mutate()}>Sign out</button>
      </header>
      <main className="content">
        {conflictsOpen ? (
          <ConflictsScreen onClose={() => setConflictsOpen(false)} />
        ) : emergency !== null ? (
          <EmergencyAccess patientId={emergency} onCancel={() => setEmergency(null)} onOpen={(id) => { setEmergency(null); setPatientId(id); }} />
        ) : patientId === null ? (
          <PatientFinder onOpen={setPatientId} onEmergency={setEmergency} />
        ) : (
          <ChartScreen key={patientId} patientId={patientId} role={user.role} user={user} onClose={() => setPatientId(null)} />
        )}
      </main>
    </div>
  );
}
