import { useCallback, useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** How long before the lock the warning shows: a minute, or half the timeout when that is shorter. */
export const warningLeadMs = (idleMs: number): number => Math.min(60_000, Math.floor(idleMs / 2));

export interface AutoLockState {
  /** When the warning is showing: the time (ms since epoch) the workstation will lock; otherwise null. */
  locksAt: number | null;
  /** "Stay signed in": counts as activity and restarts the timeout. */
  stay(): void;
}

/**
 * Calls `onIdle` once after `idleMs` without keyboard or pointer input (HIPAA 164.312(a)(2)(iii),
 * automatic logoff), and reports a warning `warningLeadMs` before it so the user can stay signed in.
 * The host enforces the same timeout on its side, so a frozen renderer cannot keep a session open.
 */
export function useAutoLock(idleMs: number, onIdle: () => void, onActivity?: () => void): AutoLockState {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  const onActivityRef = useRef(onActivity);
  onActivityRef.current = onActivity;
  const [locksAt, setLocksAt] = useState<number | null>(null);
  const warningRef = useRef(false);
  const armRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (idleMs <= 0) return undefined;
    let lockTimer: ReturnType<typeof setTimeout> | undefined;
    let warnTimer: ReturnType<typeof setTimeout> | undefined;
    const lead = warningLeadMs(idleMs);
    const arm = () => {
      onActivityRef.current?.();
      if (lockTimer !== undefined) clearTimeout(lockTimer);
      if (warnTimer !== undefined) clearTimeout(warnTimer);
      // Re-render only when the warning goes away, not on every keystroke.
      if (warningRef.current) {
        warningRef.current = false;
        setLocksAt(null);
      }
      warnTimer = setTimeout(() => {
        warningRef.current = true;
        setLocksAt(Date.now() + lead);
      }, idleMs - lead);
      lockTimer = setTimeout(() => onIdleRef.current(), idleMs);
    };
    armRef.current = arm;
    arm();
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, arm, { passive: true });
    return () => {
      if (lockTimer !== undefined) clearTimeout(lockTimer);
      if (warnTimer !== undefined) clearTimeout(warnTimer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, arm);
    };
  }, [idleMs]);
  const stay = useCallback(() => armRef.current(), []);
  return { locksAt, stay };
}
