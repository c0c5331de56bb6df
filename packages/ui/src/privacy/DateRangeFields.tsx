import { Group, TextInput } from '@mantine/core';
import type { DayRange } from './date-range.ts';

/** From and to dates of a report (native date inputs: typed or picked with the keyboard). */
export function DateRangeFields({ value, onChange }: { value: DayRange; onChange: (r: DayRange) => void }) {
  const bad = value.from > value.to ? 'The start is after the end' : undefined;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <TextInput type="date" label="From" value={value.from} onChange={(e) => onChange({ ...value, from: e.currentTarget.value })} error={bad} w={160} />
      <TextInput type="date" label="To" value={value.to} onChange={(e) => onChange({ ...value, to: e.currentTarget.value })} w={160} />
    </Group>
  );
}
