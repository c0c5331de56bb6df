import { useEffect, useRef } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once after `idleMs` without keyboard or pointer input (HIPAA 164.312(a)(2)(iii),
 * automatic logoff). The host enforces the same timeout on its side, so a frozen renderer cannot keep
 * a session open.
 */
export function useAutoLock(idleMs: number, onIdle: () => void, onActivity?: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  const onActivityRef = useRef(onActivity);
  onActivityRef.current = onActivity;
  useEffect(() => {
    if (idleMs <= 0) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      onActivityRef.current?.();
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => onIdleRef.current(), idleMs);
    };
    arm();
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, arm, { passive: true });
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, arm);
    };
  }, [idleMs]);
}
