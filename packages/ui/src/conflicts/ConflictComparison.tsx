import { Group, Table, Text } from '@mantine/core';
import type { ConflictView } from '@lantern/core/conflicts';
import { StatusBadge } from '../design/index.ts';

/**
 * The side-by-side comparison of one inbox entry: each field as mine, the server's and (when the
 * merge knew it) the value before both changes. Rows the server flagged come first and carry a
 * "Conflict" badge; dose, route, frequency, status and the like carry "Safety-critical" (the fields
 * the merge never decides alone: ARCHITECTURE.md, sync protocol). A refused write is shown beside
 * the server's copy it started from (what the chart shows meanwhile), when the workstation has one.
 */
export function ConflictComparison({ view }: { view: ConflictView }) {
  const refused = view.kind === 'rejected';
  const withServer = !refused || view.rows.some((r) => r.server !== '—');
  const withBase = !refused && view.rows.some((r) => r.base !== null);
  if (view.rows.length === 0) return <Text size="sm" c="dimmed">No field of this record can be shown.</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder withColumnBorders verticalSpacing={6} layout="fixed" className="conflict-table">
        <Table.Caption>{refused ? "Your change as the server received it, beside the server's version" : "Field by field: mine and the server's"}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="26%">Field</Table.Th>
            <Table.Th scope="col">{refused ? 'Your change' : 'Mine'}</Table.Th>
            {withServer && <Table.Th scope="col">{refused ? "Server's (in the chart)" : "Server's"}</Table.Th>}
            {withBase && <Table.Th scope="col">Before both changes</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.rows.map((r) => (
            <Table.Tr key={r.id} className={r.flagged ? 'conflict-flagged' : undefined}>
              <Table.Th scope="row" fw={600}>
                <Group gap={6} wrap="wrap">
                  <span>{r.label}</span>
                  {r.flagged && <StatusBadge status="critical">Conflict</StatusBadge>}
                  {/* Marked where it matters: a safety-critical field that changed or is in conflict (every medication field is one). */}
                  {r.safetyCritical && (r.differs || r.flagged) && <StatusBadge status="warning">Safety-critical</StatusBadge>}
                </Group>
              </Table.Th>
              <Table.Td data-label="Mine" fw={r.differs ? 600 : undefined}>{r.mine}</Table.Td>
              {withServer && <Table.Td data-label="Server's" fw={r.differs ? 600 : undefined}>{r.server}</Table.Td>}
              {withBase && <Table.Td data-label="Before both changes" c="dimmed">{r.base ?? '—'}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
