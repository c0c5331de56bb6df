import type { AutosaveState } from '@lantern/core/notes';

const time = (iso: string | null): string => {
  if (iso === null) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : ` at ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
};

/** Polite live region: the clinician hears/sees "Draft saved" without losing focus. */
export function AutosaveIndicator({ state }: { state: Pick<AutosaveState, 'status' | 'lastSavedAt' | 'error'> }) {
  let text: string;
  switch (state.status) {
    case 'idle': text = ''; break;
    case 'unsaved': text = 'Unsaved changes'; break;
    case 'saving': text = 'Saving draft…'; break;
    case 'saved': text = `Draft saved on this workstation${time(state.lastSavedAt)}`; break;
    case 'error': text = `Draft not saved: ${state.error?.message ?? 'the local store is unavailable'}. Keep this window open.`; break;
  }
  return <p role="status" aria-live="polite" className={state.status === 'error' ? 'error autosave' : 'muted autosave'} data-testid="autosave-status">{text}</p>;
}
