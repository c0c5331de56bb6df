import type { ReactNode } from 'react';
import { Group, SimpleGrid, Stack, Text } from '@mantine/core';

/**
 * Form layout helpers. Inputs themselves are Mantine's (TextInput, NumberInput, Select, Textarea,
 * PasswordInput) with `label`, `description` and `error`: they wire aria-describedby and aria-invalid.
 */

/** A responsive grid of fields: `cols` at full width, one column when narrow. */
export function FieldGrid({ cols = 3, children }: { cols?: number; children: ReactNode }) {
  return <SimpleGrid cols={{ base: 1, sm: Math.min(cols, 2), md: cols }} spacing="sm" verticalSpacing="xs">{children}</SimpleGrid>;
}

/** The buttons at the end of a form, primary first. */
export function FormActions({ children }: { children: ReactNode }) {
  return <Group gap="xs" mt="sm">{children}</Group>;
}

/** A read-only label/value pair (a fact on a summary); the value never wraps mid-date. */
export function ReadOnlyField({ label, children, nowrap = false }: { label: string; children: ReactNode; nowrap?: boolean }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600}>{label}</Text>
      <Text size="sm" style={nowrap ? { whiteSpace: 'nowrap' } : undefined}>{children}</Text>
    </Stack>
  );
}
