import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { OverrideRates as Rates } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, ErrorState, LoadingSkeleton, PageHeader } from '../design/index.ts';
import { lastDays, toInstants, validRange, type DayRange } from './date-range.ts';
import { DateRangeFields } from './DateRangeFields.tsx';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Alert-fatigue review: CDS overrides per rule and per prescriber, most overridden first, with the reasons given. */
export function OverrideRates() {
  const api = useApi();
  const [range, setRange] = useState<DayRange>(() => lastDays(90));
  const q = useQuery({ queryKey: ['privacy', 'overrides', range], queryFn: () => api.privacy.overrideRates(toInstants(range)), enabled: validRange(range) });
  const rules: ColumnDef<Rates['rules'][number], unknown>[] = [
    { id: 'rule', header: 'Rule', accessorFn: (r) => r.rule, meta: { rowHeader: true } },
    { id: 'kb', header: 'Knowledge-base entry', accessorFn: (r) => r.kbEntry ?? '—' },
    { id: 'overrides', header: 'Overrides', accessorFn: (r) => r.overrides, meta: { align: 'right' } },
    { id: 'share', header: 'Share', accessorFn: (r) => r.share, cell: (c) => pct(c.row.original.share), meta: { align: 'right' } },
    { id: 'prescribers', header: 'Prescribers', accessorFn: (r) => r.prescribers, meta: { align: 'right' } },
    { id: 'reasons', header: 'Reasons given', accessorFn: (r) => r.reasons.map((x) => `${x.reason} ×${x.n}`).join(', ') },
  ];
  const people: ColumnDef<Rates['prescribers'][number], unknown>[] = [
    { id: 'user', header: 'Prescriber', accessorFn: (p) => p.username ?? p.userId, meta: { rowHeader: true } },
    { id: 'overrides', header: 'Overrides', accessorFn: (p) => p.overrides, meta: { align: 'right' } },
    { id: 'orders', header: 'Orders signed', accessorFn: (p) => p.ordersSigned, meta: { align: 'right' } },
    { id: 'rate', header: 'Overrides per order', accessorFn: (p) => p.rate ?? -1, cell: (c) => pct(c.row.original.rate), meta: { align: 'right' } },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Alert-fatigue review" description="How often each decision-support rule is overridden and by whom: evidence to retire or sharpen a rule." />
      <DateRangeFields value={range} onChange={setRange} />
      {q.isPending ? <LoadingSkeleton label="Loading override rates" /> : q.isError ? <ErrorState message={errorMessage(q.error)} onRetry={() => void q.refetch()} /> : (
        <>
          <Text size="sm" fw={600}>{q.data.totalOverrides} overrides in the range</Text>
          <DataTable data={q.data.rules} columns={rules} caption="Overrides per rule (most overridden first)" getRowId={(r) => r.rule} initialSorting={[{ id: 'overrides', desc: true }]} emptyTitle="No overrides in this range" />
          <DataTable data={q.data.prescribers} columns={people} caption="Overrides per prescriber" getRowId={(p) => p.userId} initialSorting={[{ id: 'overrides', desc: true }]} emptyTitle="No overrides in this range" />
        </>
      )}
    </Stack>
  );
}
