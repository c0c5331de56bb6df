import type { ReactNode } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';

/** The one h1 of a screen, an optional line under it, and the screen's main actions on the right. */
export function PageHeader({ title, description, actions, id }: { title: string; description?: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <Group justify="space-between" align="flex-end" mb="sm" wrap="nowrap" gap="md">
      <Stack gap={2}>
        <Title order={1} id={id}>{title}</Title>
        {description !== undefined && <Text c="dimmed" size="sm">{description}</Text>}
      </Stack>
      {actions !== undefined && <Group gap="xs" wrap="nowrap">{actions}</Group>}
    </Group>
  );
}
