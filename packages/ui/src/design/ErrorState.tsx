import type { ReactNode } from 'react';
import { Alert, Button, Group } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/**
 * A failure the user must see: announced (role=alert), in words that are safe to show (no PHI, no stack),
 * with a retry when one makes sense.
 */
export function ErrorState({ title = 'Something went wrong', message, onRetry, children }: { title?: string; message: string; onRetry?: () => void; children?: ReactNode }) {
  return (
    <Alert role="alert" color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} aria-hidden />}
      styles={{ message: { color: 'var(--mantine-color-text)' }, title: { color: 'var(--mantine-color-text)' } }}>
      {message}
      {(onRetry !== undefined || children !== undefined) && (
        <Group gap="xs" mt="xs">
          {onRetry !== undefined && <Button size="xs" variant="default" onClick={onRetry}>Try again</Button>}
          {children}
        </Group>
      )}
    </Alert>
  );
}
