import { useEffect, useState } from 'react';
import { Affix, Alert, Button, Group, Text } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useAutoLockSetting } from './useAutoLockSetting.ts';

/**
 * The visible warning before auto-lock: how long is left and a "Stay signed in" button. It does not
 * take focus (a clinician typing keeps the session alive anyway); it is announced once (role=alert).
 */
export function IdleWarning({ locksAt, onStay, now = Date.now }: { locksAt: number | null; onStay: () => void; now?: () => number }) {
  const [t, setT] = useState(now);
  // The timeout that applies (the shorter of IT's and the organisation's): say who set it, since the user cannot change it.
  const setting = useAutoLockSetting();
  useEffect(() => {
    if (locksAt === null) return undefined;
    setT(now());
    const timer = setInterval(() => setT(now()), 1000);
    return () => clearInterval(timer);
  }, [locksAt, now]);
  if (locksAt === null) return null;
  const seconds = Math.max(0, Math.ceil((locksAt - t) / 1000));
  return (
    <Affix position={{ top: 60, left: '50%' }} style={{ transform: 'translateX(-50%)' }} zIndex={400}>
      <Alert role="alert" color="yellow" variant="filled" icon={<IconClockExclamation size={20} aria-hidden />} data-testid="idle-warning"
        styles={{ root: { background: 'var(--lantern-warning-bg)', color: 'var(--lantern-warning-fg)', border: '2px solid var(--lantern-warning-border)', boxShadow: 'var(--mantine-shadow-md)' }, message: { color: 'var(--lantern-warning-fg)' }, icon: { color: 'var(--lantern-warning-fg)' } }}>
        <Group gap="md" wrap="nowrap">
          <div>
            <Text fw={600} size="sm">The workstation locks in {seconds} second{seconds === 1 ? '' : 's'} because nothing was typed or clicked.</Text>
            {setting?.setByOrganisation === true && <Text size="sm" data-testid="idle-warning-policy">Auto-lock after {setting.text}: set by your organisation.</Text>}
          </div>
          <Button size="xs" onClick={onStay} style={{ flexShrink: 0 }}>Stay signed in</Button>
        </Group>
      </Alert>
    </Affix>
  );
}
