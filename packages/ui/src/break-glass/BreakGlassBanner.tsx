import { useEffect, useState } from 'react';

export interface BreakGlassBannerProps {
  /** ISO instant the grant ends. */
  expiresAt: string;
  /** Injected clock (ms); defaults to Date.now. */
  now?: () => number;
  onExpire(): void;
  onEnd?(): void;
}

const mmss = (ms: number): string => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Always-visible banner while emergency access holds: the time left, and that it is under review. */
export function BreakGlassBanner({ expiresAt, now = Date.now, onExpire, onEnd }: BreakGlassBannerProps) {
  const end = Date.parse(expiresAt);
  const [left, setLeft] = useState(() => end - now());
  useEffect(() => {
    const tick = () => {
      const l = end - now();
      setLeft(l);
      if (l <= 0) onExpire();
    };
    tick();
    const t = window.setInterval(tick, 1000);
    return () => window.clearInterval(t);
  }, [end, now, onExpire]);
  const expired = left <= 0;
  // role=timer is not announced on every tick; the minute marks go to a polite live region.
  return (
    <div className="break-glass-banner flag-critical" role="region" aria-label="Emergency access">
      <strong>Emergency access</strong>{' '}
      {expired ? <span role="alert">has ended. Reopen the chart through your usual access.</span> : (
        <>
          <span role="timer" aria-live="off" data-testid="break-glass-left">{mmss(left)} left</span>
          <span className="sr-only" aria-live="polite">{Math.ceil(left / 60_000)} minutes of emergency access left</span>
          {' '}· recorded and flagged for review{onEnd === undefined ? null : <> · <button type="button" onClick={onEnd}>End now</button></>}
        </>
      )}
    </div>
  );
}
