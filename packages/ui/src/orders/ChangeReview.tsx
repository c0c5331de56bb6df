import { useId, useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isHardStop } from '@lantern/core/cds';
import type { OrderChange } from '../api/ClinicalApi.ts';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { CdsCards } from './CdsCards.tsx';
import { KnowledgeBaseBanner } from './KnowledgeBaseBanner.tsx';

export interface ChangeReviewProps {
  patientId: string;
  orderId: string;
  change: OrderChange;
  /** e.g. "Sign dose change". */
  signLabel: string;
  onSigned(result: { orderId: string; status: string; text: string; overridden: number }): void;
  onCancel(): void;
}

/**
 * The sign step of a change to a held medication order (a new dose, route or frequency; active again): the host's CDS
 * cards for the changed order, override reasons for critical cards, hard stops that keep Sign
 * disabled, and the clinician's password, exactly as for a new order.
 */
export function ChangeReview({ patientId, orderId, change, signLabel, onSigned, onCancel }: ChangeReviewProps) {
  const api = useApi();
  const qc = useQueryClient();
  const id = useId();
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [password, setPassword] = useState('');
  const preview = useQuery({
    queryKey: [...queryKeys.anyChart(patientId), 'order-change', orderId, JSON.stringify(change)],
    queryFn: () => api.orders.previewChange(patientId, orderId, change),
  });
  const sign = useMutation({
    mutationFn: () => api.orders.signChange(patientId, orderId, change, Object.entries(overrides).map(([cardUuid, reasonCode]) => ({ cardUuid, reasonCode })), password),
    onSuccess: (r) => {
      setPassword('');
      void qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) });
      onSigned(r);
    },
    onError: () => setPassword(''),
  });
  // For a change, a card's only applicable suggestion is to drop the change (keep the order as it is);
  // a replacement drug is a new order, entered under New orders.
  const cards = (preview.data?.cards ?? []).map((c) => ({
    ...c,
    suggestions: c.suggestions.filter((s) => s.actions.every((a) => a.type === 'delete')).map((s) => ({ ...s, label: 'Keep the current order (cancel this change)' })),
  }));
  const stopSummaries = new Set(cards.filter(isHardStop).map((c) => c.summary));
  const refusals = (preview.data?.refusals ?? []).filter((r) => !stopSummaries.has(r.message));
  const order = preview.data?.order;
  return (
    <Paper component="section" withBorder radius="md" p="sm" className="change-review" aria-labelledby={`${id}-h`}>
      <Stack gap="xs">
      <Title order={3} size="h5" id={`${id}-h`}>Check and sign</Title>
      <KnowledgeBaseBanner />
      {preview.isPending && <Text size="sm" c="dimmed">Checking the change…</Text>}
      {preview.isError && <Text role="alert" size="sm" c="var(--lantern-error)">{errorMessage(preview.error)}</Text>}
      {order !== undefined && (
        <Text size="sm" data-testid="change-proposed">
          New order: <strong>{order.medicationCodeableConcept?.text ?? 'Medication'}</strong> {order.dosageInstruction?.[0]?.text ?? ''}
        </Text>
      )}
      {preview.data !== undefined && (
        <CdsCards cards={cards} overrides={overrides} refusals={refusals} signLabel={signLabel} signing={sign.isPending || preview.isFetching}
          password={{ value: password, onChange: setPassword }}
          onOverride={(cardUuid, reasonCode) => setOverrides((o) => {
            const next = { ...o };
            if (reasonCode === null) delete next[cardUuid];
            else next[cardUuid] = reasonCode;
            return next;
          })}
          onApplySuggestion={onCancel} onSign={() => sign.mutate()} />
      )}
      {sign.isError && <Text role="alert" size="sm" c="var(--lantern-error)">{errorMessage(sign.error)}</Text>}
      <Group><Button variant="default" onClick={onCancel}>Cancel change</Button></Group>
      </Stack>
    </Paper>
  );
}
