import type { ReactNode } from 'react';
import { Stack, Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';

/** "Nothing here" said plainly, with what the user can do next (an action) when there is one. */
export function EmptyState({ title, children, action, icon }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <Stack align="center" gap={6} py="lg" px="md" data-testid="empty-state">
      <span aria-hidden style={{ color: 'var(--mantine-color-dimmed)' }}>{icon ?? <IconInbox size={28} />}</span>
      <Text fw={600}>{title}</Text>
      {children !== undefined && <Text c="dimmed" size="sm" ta="center" maw="36rem">{children}</Text>}
      {action}
    </Stack>
  );
}
