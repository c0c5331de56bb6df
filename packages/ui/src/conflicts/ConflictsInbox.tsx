import { useId, useState } from 'react';
import type { ConflictView } from '@lantern/core/conflicts';

export type ConflictChoice =
  | { kind: 'keep-mine' }
  | { kind: 'take-server' }
  /** Top-level fields taken from my version; everything else stays the server's (core mergeByField). */
  | { kind: 'edited-merge'; mineFields: string[] };

export interface ConflictsInboxProps {
  conflicts: readonly ConflictView[];
  onResolve(conflictId: string, choice: ConflictChoice): void;
  /** conflictId being resolved (buttons disabled), if any. */
  busy?: string | null;
}

/**
 * The conflicts inbox: each conflict shows my version beside the server's, field by field. There
 * is deliberately no "dismiss": a conflict leaves the inbox only through a decision.
 */
export function ConflictsInbox({ conflicts, onResolve, busy = null }: ConflictsInboxProps) {
  const id = useId();
  return (
    <section className="conflicts-inbox" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Conflicts {conflicts.length > 0 ? `(${conflicts.length})` : ''}</h2>
      {conflicts.length === 0 ? <p className="muted">No conflicts. Every change on this workstation reached the server.</p> : (
        <ul>{conflicts.map((c) => <li key={c.conflictId}><ConflictCard view={c} onResolve={onResolve} busy={busy === c.conflictId} /></li>)}</ul>
      )}
    </section>
  );
}

const KIND_TEXT: Record<ConflictView['kind'], string> = {
  'both-edited': 'You and someone else changed this record while offline.',
  'deleted-on-server': 'This record was deleted on the server after you changed it.',
  'deleted-by-me': 'You deleted this record; someone else changed it meanwhile.',
  rejected: 'The server did not accept this change.',
};

function ConflictCard({ view, onResolve, busy }: { view: ConflictView; onResolve: ConflictsInboxProps['onResolve']; busy: boolean }) {
  const id = useId();
  const [merging, setMerging] = useState(false);
  const fields = [...new Set(view.rows.map((r) => r.field))];
  const [mine, setMine] = useState<Set<string>>(new Set());
  const toggle = (field: string, useMine: boolean) => setMine((s) => { const n = new Set(s); if (useMine) n.add(field); else n.delete(field); return n; });
  return (
    <article className="card conflict" aria-labelledby={`${id}-h`} data-testid="conflict">
      <h3 id={`${id}-h`}>{view.title}</h3>
      <p>{KIND_TEXT[view.kind]}{view.rejectedCode === null ? '' : ` Reason: ${view.rejectedReason ?? view.rejectedCode}.`}</p>
      <table className="data-table conflict-table">
        <caption className="muted">Field by field: mine and the server's</caption>
        <thead><tr><th scope="col">Field</th><th scope="col">Mine</th><th scope="col">Server's</th>{view.rows.some((r) => r.base !== null) && <th scope="col">Before both changes</th>}</tr></thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={r.id} className={r.flagged ? 'conflict-flagged' : undefined}>
              <th scope="row">{r.label}{r.flagged ? <span className="flag flag-critical"> conflict</span> : null}{r.safetyCritical ? <span className="muted"> (safety-critical)</span> : null}</th>
              <td data-label="Mine">{r.mine}</td>
              <td data-label="Server's">{r.server}</td>
              {view.rows.some((x) => x.base !== null) && <td>{r.base ?? '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {merging ? (
        <fieldset>
          <legend>Choose each field</legend>
          {fields.map((f) => (
            <div key={f} role="radiogroup" aria-label={`Use which version of ${view.rows.find((r) => r.field === f)?.label ?? f}`}>
              <span>{view.rows.filter((r) => r.field === f).map((r) => r.label).join(', ')}: </span>
              <label><input type="radio" name={`${id}-${f}`} checked={!mine.has(f)} onChange={() => toggle(f, false)} /> server's</label>
              <label><input type="radio" name={`${id}-${f}`} checked={mine.has(f)} onChange={() => toggle(f, true)} /> mine</label>
            </div>
          ))}
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => onResolve(view.conflictId, { kind: 'edited-merge', mineFields: [...mine] })}>Save merge</button>
            <button type="button" onClick={() => setMerging(false)}>Back</button>
          </div>
        </fieldset>
      ) : (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => onResolve(view.conflictId, { kind: 'keep-mine' })}>{view.kind === 'rejected' ? 'Send mine again' : 'Keep mine'}</button>
          <button type="button" disabled={busy} onClick={() => onResolve(view.conflictId, { kind: 'take-server' })}>{view.kind === 'rejected' ? 'Discard my change' : "Take the server's"}</button>
          {view.kind === 'both-edited' && <button type="button" disabled={busy} onClick={() => setMerging(true)}>Merge field by field</button>}
        </div>
      )}
    </article>
  );
}
