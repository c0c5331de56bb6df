import { Table, Text } from '@mantine/core';
import type { DuplicatePair } from '../api/features/him-api.ts';
import { StatusBadge } from '../design/index.ts';
import { compareRows } from './compare.ts';

/** Both records side by side; a differing field is highlighted and says so in words (not colour alone). */
export function PairComparison({ pair, labelA, labelB }: { pair: DuplicatePair; labelA: string; labelB: string }) {
  const rows = compareRows(pair.a, pair.b);
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={4} aria-label={`${labelA} compared with ${labelB}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w={130}>Field</Table.Th>
          <Table.Th scope="col">{labelA}</Table.Th>
          <Table.Th scope="col">{labelB}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.field} data-differs={r.differs} style={r.differs ? { background: 'var(--lantern-warning-bg)', color: 'var(--lantern-warning-fg)' } : undefined}>
            <Table.Th scope="row">
              <Text size="sm" fw={600} span>{r.field}</Text>
              {r.differs && <> <StatusBadge status="warning">Differs</StatusBadge></>}
            </Table.Th>
            <Table.Td>{r.a}</Table.Td>
            <Table.Td>{r.b}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
