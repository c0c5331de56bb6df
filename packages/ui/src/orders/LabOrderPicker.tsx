import { useId, useState } from 'react';
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { searchServiceCatalog, type ServiceCatalogEntry } from '@lantern/core/orders';

type Priority = 'routine' | 'urgent' | 'asap' | 'stat';

/** Lab, imaging and procedure orders from the LOINC catalog, with a priority. */
export function LabOrderPicker({ onAdd }: { onAdd(entry: ServiceCatalogEntry, priority: Priority): void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [priority, setPriority] = useState<Priority>('routine');
  const results = searchServiceCatalog(query).slice(0, 10);
  return (
    <Stack gap="xs" className="lab-order-picker">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput id={`${id}-q`} label="Find a test or study" style={{ flex: 1 }} value={query} onChange={(e) => setQuery(e.currentTarget.value)} placeholder="CBC, A1c, lactate, chest x-ray…" />
        <NativeSelect id={`${id}-p`} label="Priority" w={130} value={priority} onChange={(e) => setPriority(e.currentTarget.value as Priority)} data={['routine', 'urgent', 'asap', 'stat']} />
      </Group>
      <Paper withBorder radius="sm" p={4}>
        <ul aria-label="Tests and studies" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {results.map((r) => (
            <li key={r.loinc}>
              <Group gap="xs" wrap="nowrap" px={4} py={2}>
                <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onAdd(r, priority)} aria-label={`Add ${r.name}`}>{r.name}</Button>
                <Badge size="xs" variant="light" style={{ textTransform: 'none' }}>{r.kind}</Badge>
                <Text size="xs" c="dimmed">LOINC {r.loinc}</Text>
              </Group>
            </li>
          ))}
          {results.length === 0 && <li><Text size="sm" c="dimmed" p={4}>No test or study matches “{query}”.</Text></li>}
        </ul>
      </Paper>
    </Stack>
  );
}
