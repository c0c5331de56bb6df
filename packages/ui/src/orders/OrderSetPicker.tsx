import { useId, useState } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { defaultOrderSets, preCheckedItems, type ResolvedOrderSet } from '@lantern/core/orders';

export interface OrderSetPickerProps {
  /** Drafts the chosen items (each checked by CDS and signed like any order). */
  onAdd(set: ResolvedOrderSet, chosen: readonly string[]): void;
  sets?: readonly ResolvedOrderSet[];
}

/**
 * Order sets: pick one, see every item with the recommended ones pre-checked and the optional ones
 * offered with when to choose them, the guideline it follows, and add the ticked items to the draft
 * basket in one action.
 */
export function OrderSetPicker({ onAdd, sets = defaultOrderSets() }: OrderSetPickerProps) {
  const id = useId();
  const [openId, setOpenId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const open = sets.find((s) => s.id === openId);
  const pick = (s: ResolvedOrderSet) => { setOpenId(s.id); setChosen(preCheckedItems(s)); };
  if (open === undefined) {
    return (
      <SimpleGrid cols={2} spacing="xs" role="list" aria-label="Order sets">
        {sets.map((s) => (
          <Paper key={s.id} withBorder radius="md" p={0} role="listitem">
            <UnstyledButton onClick={() => pick(s)} p="sm" w="100%" aria-label={`Open order set ${s.name}`}>
              <Text fw={700} size="sm">{s.name}</Text>
              <Text size="xs" c="dimmed">{s.indication}</Text>
              <Text size="xs" mt={4}>{s.items.length} items, {preCheckedItems(s).length} pre-checked · {s.guideline.year} guideline</Text>
            </UnstyledButton>
          </Paper>
        ))}
      </SimpleGrid>
    );
  }
  const toggle = (itemId: string, on: boolean) => setChosen((c) => (on ? [...c, itemId] : c.filter((x) => x !== itemId)));
  return (
    <Paper withBorder radius="md" p="sm" aria-labelledby={`${id}-h`} component="section">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} size="h5" id={`${id}-h`}>{open.name}</Title>
            <Text size="sm" c="dimmed">{open.indication}</Text>
          </div>
          <Button variant="default" size="xs" onClick={() => setOpenId(null)}>All order sets</Button>
        </Group>
        <Text size="xs">
          Follows: <Anchor size="xs" href={open.guideline.url} target="_blank" rel="noreferrer">{open.guideline.label}</Anchor>
          {open.alsoCites.map((g) => <span key={g.url}>; <Anchor size="xs" href={g.url} target="_blank" rel="noreferrer">{g.label}</Anchor></span>)}
        </Text>
        {open.caveat !== undefined && <Alert variant="light" color="yellow" icon={<IconInfoCircle size={16} aria-hidden />} p="xs"><Text size="sm">{open.caveat}</Text></Alert>}
        <Stack gap={6} role="group" aria-label={`Items of ${open.name}`}>
          {open.items.map((r) => (
            <Checkbox
              key={r.item.id} checked={chosen.includes(r.item.id)} onChange={(e) => toggle(r.item.id, e.currentTarget.checked)}
              label={<Group gap={6} wrap="nowrap"><Badge size="xs" variant="light" style={{ textTransform: 'none', flexShrink: 0 }}>{r.kind === 'medication' ? 'drug' : r.service.kind}</Badge><Text size="sm">{r.label}</Text>{!r.item.checked && <Text size="xs" c="dimmed">optional</Text>}</Group>}
              description={r.item.note}
            />
          ))}
        </Stack>
        <Group gap="xs">
          <Button onClick={() => { onAdd(open, chosen); setOpenId(null); }} disabled={chosen.length === 0}>
            Add {chosen.length} order{chosen.length === 1 ? '' : 's'} to the draft list
          </Button>
          <Text size="xs" c="dimmed">Every drug is checked by decision support before you sign.</Text>
        </Group>
      </Stack>
    </Paper>
  );
}
