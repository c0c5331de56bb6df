import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { queryKeys } from '../api/queryKeys.ts';
import { formatDateTime } from '../format/format.ts';
import { SignInAgain } from './SignInAgain.tsx';

const SIGNED_IN_OFFLINE = 'Signed in offline: sign in again to sync';

/** Today's syncs as the time only (the top bar is narrow); older ones with the date. */
export function lastSyncText(iso: string | null, now = new Date()): string {
  if (iso === null) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return formatDateTime(iso);
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return sameDay ? `${pad(d.getHours())}:${pad(d.getMinutes())}` : formatDateTime(iso);
}

/** Always in view: online or offline, last sync, pending changes, conflicts, first-sync progress. */
export function SyncStatusBar({ onOpenConflicts }: { onOpenConflicts?: () => void } = {}) {
  const api = useApi();
  const qc = useQueryClient();
  const { data } = useQuery({ queryKey: queryKeys.sync, queryFn: () => api.sync.status(), refetchInterval: 1000 });
  // When sync changed local data (new results pulled, our writes confirmed), refresh what is on screen.
  const seen = useRef<number | null>(null);
  const changeCount = data?.changeCount;
  useEffect(() => {
    if (changeCount === undefined) return;
    if (seen.current !== null && seen.current !== changeCount) {
      void qc.invalidateQueries({ queryKey: ['patients'] });
      void qc.invalidateQueries({ queryKey: ['chart'] });
    }
    seen.current = changeCount;
  }, [changeCount, qc]);
  if (data === undefined) return <div className="sync-status" role="status" aria-live="polite">Checking sync…</div>;
  const initial = data.initialSync;
  // During a first sync the bar is compact (two rows, small type, a thin progress bar), so the top bar
  // still fits the user's name at 1280 px: Online/Last sync, Pending/Conflicts, then the progress.
  const compact = initial !== null;
  return (
    <div className="sync-status" role="status" aria-live="polite" aria-label="Sync status" data-compact={compact || undefined}
      style={compact ? { display: 'grid', gridTemplateRows: 'auto auto', gridAutoFlow: 'column', columnGap: '0.6rem', rowGap: 2, fontSize: 'var(--mantine-font-size-xs)', lineHeight: 1.15, flexShrink: 0 } : { flexShrink: 0 }}>
      <span className={data.online ? 'status-online' : 'status-offline'} data-testid="sync-online">
        {data.online ? 'Online' : 'Offline'}
      </span>
      {data.offlineSession == null && (
        <span data-testid="sync-last" title={data.lastSyncAt === null ? undefined : formatDateTime(data.lastSyncAt)}>Last sync: {lastSyncText(data.lastSyncAt)}</span>
      )}
      <span data-testid="sync-pending">Pending: {data.pending}</span>
      {data.pendingOtherUsers > 0 && (
        <span data-testid="sync-pending-others"
          title={`${data.pendingOtherUsers} change${data.pendingOtherUsers === 1 ? '' : 's'} made by other users of this workstation; each user's changes are sent when they next sign in here`}>
          +{data.pendingOtherUsers} other users&apos;
        </span>
      )}
      {data.offlineSession != null && (
        // Signed in offline: nothing syncs until the user signs in online again, whether or not the server answers now.
        // The top bar is narrow: with the button beside it, the words before the button say the rest.
        <span data-testid="sync-offline-session" className="status-conflicts" title={`${data.lastError ?? SIGNED_IN_OFFLINE} (last sync: ${lastSyncText(data.lastSyncAt)})`}>
          {data.offlineSession.serverReachable && api.session.reconnect !== undefined ? 'Signed in offline:' : (data.lastError ?? SIGNED_IN_OFFLINE)}
        </span>
      )}
      {data.offlineSession?.serverReachable === true && <SignInAgain />}
      {data.offlineSession == null && data.online && data.lastError !== null && (
        // The server answered but the last cycle did not finish (sign in again, a password to change, retrying):
        // the clinician sees that their changes are not going, and why, not only a pending count that stays.
        <span data-testid="sync-error" className="status-conflicts" title={data.lastError}
          style={{ maxWidth: '13rem', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{data.lastError}</span>
      )}
      {data.conflicts > 0 && onOpenConflicts !== undefined ? (
        <button type="button" data-testid="sync-conflicts" className="status-conflicts" onClick={onOpenConflicts}>
          Conflicts: {data.conflicts}
        </button>
      ) : (
        <span data-testid="sync-conflicts" className={data.conflicts > 0 ? 'status-conflicts' : undefined}>
          Conflicts: {data.conflicts}
        </span>
      )}
      {initial !== null && (
        <>
          <label htmlFor="initial-sync-progress">
            First sync: {initial.received} of {initial.total} records
          </label>
          <progress id="initial-sync-progress" max={Math.max(initial.total, 1)} value={initial.received} style={{ width: '100%', height: 6, alignSelf: 'center' }} />
        </>
      )}
    </div>
  );
}
