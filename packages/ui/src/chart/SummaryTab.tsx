import type { ReactNode } from 'react';
import { SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { ChartView } from '@lantern/core';
import { conceptText, displayUnit, dosageText, formatDate, formatDateTime } from '../format/format.ts';
import { relativeAge } from '../results/relativeAge.ts';
import { InterpretationFlag } from '../vitals/InterpretationFlag.tsx';
import { VitalsTable } from '../vitals/VitalsTable.tsx';
import { rangeText } from '../vitals/VitalValue.tsx';

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="summary-panel">
      <Title order={2} size="h4" id={id} mb={4}>{title}</Title>
      {children}
    </section>
  );
}

const dense = { striped: true, verticalSpacing: 3, horizontalSpacing: 'xs', fz: 'sm', withTableBorder: true } as const;

/**
 * The chart at a glance, using the whole width: problems, medications and allergies side by side,
 * then the latest vitals and the latest value of each lab, each with its date on one line and how
 * old it is (a value from last year is not today's).
 */
export function SummaryTab({ chart, now = new Date() }: { chart: ChartView; now?: Date }) {
  const s = chart.summary;
  const showObs = chart.tabs.includes('vitals');
  return (
    <div className="summary">
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" mb="md">
        <Panel id="sum-problems" title="Active problems">
          {s.activeProblems.length === 0 ? <Text c="dimmed" size="sm">No active problems.</Text> : (
            <Table {...dense}>
              <caption className="sr-only">Active problems and when they began</caption>
              <Table.Thead><Table.Tr><Table.Th scope="col">Problem</Table.Th><Table.Th scope="col">Since</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {s.activeProblems.map((c) => (
                  <Table.Tr key={c.id}><Table.Th scope="row" fw={500}>{conceptText(c.code)}</Table.Th><Table.Td className="nowrap">{formatDate(c.onsetDateTime ?? c.recordedDate)}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Panel>
        {chart.tabs.includes('medications') && (
          <Panel id="sum-meds" title="Active medications">
            {s.activeMedications.length === 0 ? <Text c="dimmed" size="sm">No active medications.</Text> : (
              <Table {...dense}>
                <caption className="sr-only">Active medications and their doses</caption>
                <Table.Thead><Table.Tr><Table.Th scope="col">Medication</Table.Th><Table.Th scope="col">Dose</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {s.activeMedications.map((m) => (
                    <Table.Tr key={m.id}><Table.Th scope="row" fw={500}>{conceptText(m.medicationCodeableConcept)}</Table.Th><Table.Td>{dosageText(m.dosageInstruction)}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Panel>
        )}
        {chart.tabs.includes('allergies') && (
          <Panel id="sum-allergies" title="Allergies">
            {s.banner.allergyStatus === 'not-recorded' ? <Text size="sm">Allergies not recorded</Text> : s.banner.allergyStatus === 'nka' ? <Text size="sm">No known allergies</Text> : (
              <Table {...dense}>
                <caption className="sr-only">Allergies and their risk</caption>
                <Table.Thead><Table.Tr><Table.Th scope="col">Substance</Table.Th><Table.Th scope="col">Risk</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {s.allergies.map((a) => (
                    <Table.Tr key={a.id}><Table.Th scope="row" fw={500}>{conceptText(a.code)}</Table.Th><Table.Td>{a.criticality === 'high' ? <Text span fw={700} size="sm">High risk</Text> : a.criticality === 'low' ? 'Low' : '—'}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Panel>
        )}
      </SimpleGrid>
      {showObs && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Panel id="sum-vitals" title="Latest vitals">
            <VitalsTable vitals={s.latestVitals} caption="Latest value of each vital sign" now={now} />
          </Panel>
          <Panel id="sum-labs" title="Recent labs">
            {s.recentLabs.length === 0 ? <Text c="dimmed" size="sm">No lab results.</Text> : (
              <Table {...dense}>
                <caption className="sr-only">Latest value of each lab, newest first</caption>
                <Table.Thead><Table.Tr><Table.Th scope="col">Lab</Table.Th><Table.Th scope="col">Value</Table.Th><Table.Th scope="col">Flag</Table.Th><Table.Th scope="col">Range</Table.Th><Table.Th scope="col">Taken</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {s.recentLabs.slice(0, 14).map((l) => (
                    <Table.Tr key={l.observationId} className={l.interpretation !== null && l.interpretation !== 'N' ? 'abnormal' : undefined}>
                      <Table.Th scope="row" fw={500}>{l.label}</Table.Th>
                      <Table.Td className="nowrap">{l.value} {displayUnit(l.unit)}</Table.Td>
                      <Table.Td><InterpretationFlag interpretation={l.interpretation} /></Table.Td>
                      <Table.Td className="nowrap">{rangeText(l.referenceRange)}</Table.Td>
                      <Table.Td className="nowrap">{formatDateTime(l.effective)} <Text span size="xs" c="dimmed">{relativeAge(l.effective, now)}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Panel>
        </SimpleGrid>
      )}
    </div>
  );
}
