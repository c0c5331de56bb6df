import { useMemo } from 'react';
import { Anchor, Table, Text } from '@mantine/core';
import type { LabSeries } from '@lantern/core';
import { buildFlowsheet, gradeOf } from '@lantern/core/results';
import { displayUnit, formatDate } from '../format/format.ts';
import { rangeText } from '../vitals/VitalValue.tsx';

/**
 * A flowsheet: tests in rows, collection dates in columns (newest first), each cell the day's last
 * value, flagged in words (H, L, HH, LL) and weight as well as colour. The test column stays in view
 * when the dates scroll sideways. `onPick` selects a row's test for the trend chart.
 */
export function LabFlowsheet({ series, caption, onPick, maxDates = 10 }: { series: readonly LabSeries[]; caption: string; onPick?: (loinc: string) => void; maxDates?: number }) {
  const sheet = useMemo(() => buildFlowsheet(series, { maxDates }), [series, maxDates]);
  if (sheet.rows.length === 0) return <Text c="dimmed" size="sm">No results to show.</Text>;
  const ranges = new Map(series.map((s) => [s.loinc, [...s.points].reverse().find((p) => p.referenceRange !== null)?.referenceRange ?? null]));
  return (
    // A focusable scroll region, so the dates that do not fit can be reached by keyboard.
    <div className="flowsheet-scroll" tabIndex={0} role="region" aria-label={caption}>
      <Table className="flowsheet" striped withColumnBorders withTableBorder verticalSpacing={4} horizontalSpacing="xs" fz="sm">
        <caption className="sr-only">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" className="flowsheet-test">Test</Table.Th>
            <Table.Th scope="col" className="nowrap">Range</Table.Th>
            {sheet.dates.map((d) => <Table.Th key={d} scope="col" className="nowrap flowsheet-num">{formatDate(d)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sheet.rows.map((r) => (
            <Table.Tr key={r.loinc}>
              <Table.Th scope="row" className="flowsheet-test nowrap">
                {onPick === undefined ? r.label : <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onPick(r.loinc)} title={`Show the ${r.label} trend`}>{r.label}</Anchor>}
                {' '}<Text span size="xs" c="dimmed">{displayUnit(r.unit)}</Text>
              </Table.Th>
              <Table.Td className="nowrap">{rangeText(ranges.get(r.loinc) ?? null)}</Table.Td>
              {r.cells.map((c, i) => {
                if (c === null) return <Table.Td key={sheet.dates[i]} />;
                const grade = gradeOf(c.point.interpretation);
                const flag = grade === 'critical' || grade === 'abnormal' ? c.point.interpretation : null;
                return (
                  <Table.Td key={sheet.dates[i]} className={`nowrap flowsheet-num ${grade === 'critical' ? 'cell-critical' : grade === 'abnormal' ? 'cell-abnormal' : ''}`}>
                    {c.point.value}{flag === null ? '' : ` ${flag}`}{c.count > 1 ? <Text span size="xs" c="dimmed"> ({c.count})</Text> : null}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
