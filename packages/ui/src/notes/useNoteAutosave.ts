import { useEffect, useMemo, useRef, useState } from 'react';
import type { LanternError, Result } from '@lantern/core';
import { Autosaver, DEFAULT_AUTOSAVE_INTERVAL_MS, type AutosaveState } from '@lantern/core/notes';

/** Connects an editor to core's Autosaver with window timers; flushes on unmount and on page hide. */
export function useNoteAutosave<T>(save: (value: T, revision: number) => Promise<Result<{ savedAt: string }, LanternError>>, intervalMs = DEFAULT_AUTOSAVE_INTERVAL_MS) {
  const saveRef = useRef(save);
  saveRef.current = save;
  const [state, setState] = useState<AutosaveState>({ status: 'idle', savedRevision: 0, revision: 0, lastSavedAt: null, error: null });
  const saver = useMemo(() => new Autosaver<T>({
    intervalMs,
    timer: { every: (ms, fn) => { const t = window.setInterval(fn, ms); return () => window.clearInterval(t); } },
    save: (v, r) => saveRef.current(v, r),
    onChange: setState,
  }), [intervalMs]);
  useEffect(() => {
    const onHide = () => void saver.flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      void saver.flush();
      saver.stop();
    };
  }, [saver]);
  return { state, update: (v: T) => saver.update(v), flush: () => saver.flush() };
}
