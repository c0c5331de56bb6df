import { useId, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MedicationRequest } from '@lantern/core';
import { FREQUENCIES, FREQUENCY_KEYS, ROUTES, ROUTE_KEYS, currentDosage, type FrequencyKey, type RouteKey } from '@lantern/core/orders';
import { useApi } from '../api/ApiContext.tsx';
import { queryKeys } from '../api/queryKeys.ts';
import { ChangeReview } from '../orders/ChangeReview.tsx';
import { KnowledgeBaseBanner } from '../orders/KnowledgeBaseBanner.tsx';

interface Proposed { orderId: string; dose?: number; route?: RouteKey; frequency?: FrequencyKey }

/** "dose", "route and frequency", "dose, route and frequency". */
function whatChanges(p: Omit<Proposed, 'orderId'>): string {
  const parts = [p.dose === undefined ? null : 'dose', p.route === undefined ? null : 'route', p.frequency === undefined ? null : 'frequency'].filter((x): x is string => x !== null);
  return parts.length <= 1 ? (parts[0] ?? 'dose') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

const label = (m: MedicationRequest) => `${m.medicationCodeableConcept?.text ?? 'Medication'} ${m.dosageInstruction?.[0]?.text ?? ''}`.trim();

/**
 * Change the dose, route or frequency of an active medication. Each changes what the patient
 * receives, so it is checked and signed like a new order (cards, a critical card needs an override
 * reason, hard stops, the password); once signed it is saved locally and synced later, and a
 * concurrent change elsewhere becomes a conflict. Only a role that may prescribe sees it.
 */
export function DoseChange({ patientId }: { patientId: string }) {
  const api = useApi();
  const id = useId();
  const lists = useQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
  const meds = (lists.data?.medications ?? []).filter((m) => m.status === 'active' && m.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity !== undefined);
  const [orderId, setOrderId] = useState('');
  const [dose, setDose] = useState('');
  const [route, setRoute] = useState<RouteKey | ''>('');
  const [frequency, setFrequency] = useState<FrequencyKey | ''>('');
  const [review, setReview] = useState<Proposed | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (meds.length === 0 && saved === null) return null;
  const selected = meds.find((m) => m.id === orderId);
  const now = selected === undefined ? null : currentDosage(selected);
  const proposed: Omit<Proposed, 'orderId'> = {
    ...(dose.trim() !== '' && Number(dose) > 0 && Number(dose) !== now?.dose?.value ? { dose: Number(dose) } : {}),
    ...(route !== '' && route !== now?.route ? { route } : {}),
    ...(frequency !== '' && frequency !== now?.frequency ? { frequency } : {}),
  };
  const changes = Object.keys(proposed).length > 0;
  const what = whatChanges(proposed);
  const pick = (value: string) => {
    setOrderId(value);
    const m = meds.find((x) => x.id === value);
    const d = m === undefined ? null : currentDosage(m);
    setDose('');
    setRoute(d?.route ?? '');
    setFrequency(d?.frequency ?? '');
    setSaved(null);
    setReview(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (orderId !== '' && changes) {
      setSaved(null);
      setReview({ orderId, ...proposed });
    }
  };
  return (
    <Paper withBorder radius="md" p="sm" className="dose-change">
      <Stack gap="xs">
        <form aria-labelledby={`${id}-h`} onSubmit={submit}>
          <Stack gap="xs">
            <Title order={2} size="h4" id={`${id}-h`}>Change dose, route or frequency</Title>
            {/* Once on screen: while the change is being checked, its check-and-sign step (ChangeReview) says it. */}
            {review === null && <KnowledgeBaseBanner />}
            <NativeSelect id={`${id}-med`} label="Medication" value={orderId} onChange={(e) => pick(e.currentTarget.value)}
              data={[{ value: '', label: '— choose —' }, ...meds.map((m) => ({ value: m.id ?? '', label: label(m) }))]} />
            {selected !== undefined && (
              <SimpleGrid cols={3} spacing="xs">
                <TextInput id={`${id}-dose`} label="New dose" inputMode="decimal" value={dose} onChange={(e) => { setDose(e.currentTarget.value); setReview(null); }}
                  description={now?.dose === null || now?.dose === undefined ? undefined : `Now ${now.dose.value} ${now.dose.unit}`} />
                <NativeSelect id={`${id}-route`} label="New route" value={route} onChange={(e) => { setRoute(e.currentTarget.value as RouteKey); setReview(null); }}
                  description={now?.route === null || now?.route === undefined ? 'Now: not coded' : `Now ${ROUTES[now.route].short}`}
                  data={[...(now?.route === null ? [{ value: '', label: '— as ordered —' }] : []), ...ROUTE_KEYS.map((r) => ({ value: r, label: ROUTES[r].short }))]} />
                <NativeSelect id={`${id}-freq`} label="New frequency" value={frequency} onChange={(e) => { setFrequency(e.currentTarget.value as FrequencyKey); setReview(null); }}
                  description={now?.frequency === null || now?.frequency === undefined ? 'Now: not coded' : `Now ${FREQUENCIES[now.frequency].label}`}
                  data={[...(now?.frequency === null ? [{ value: '', label: '— as ordered —' }] : []), ...FREQUENCY_KEYS.map((f) => ({ value: f, label: FREQUENCIES[f].label }))]} />
              </SimpleGrid>
            )}
            <Group gap="xs">
              <Button type="submit" disabled={orderId === '' || !changes || review !== null}>Check {what} change</Button>
              {selected !== undefined && !changes && <Text size="sm" c="dimmed">Enter a new dose, or choose another route or frequency.</Text>}
            </Group>
          </Stack>
        </form>
        {review !== null && (
          <ChangeReview key={JSON.stringify(review)} patientId={patientId} orderId={review.orderId} signLabel={`Sign ${whatChanges(review)} change`}
            change={{ kind: 'dosage', ...(review.dose === undefined ? {} : { dose: review.dose }), ...(review.route === undefined ? {} : { route: review.route }), ...(review.frequency === undefined ? {} : { frequency: review.frequency }) }}
            onCancel={() => setReview(null)}
            onSigned={(r) => {
              setSaved(`${whatChanges(review).replace(/^./, (c) => c.toUpperCase())} changed and signed: ${r.text}${r.overridden > 0 ? ` (${r.overridden} alert${r.overridden === 1 ? '' : 's'} overridden)` : ''}. It syncs with the server when it is reachable.`);
              setReview(null);
              setOrderId('');
              setDose('');
            }} />
        )}
        {saved !== null && <Alert variant="light" color="green" p="xs"><Text role="status" size="sm" data-testid="dose-changed">{saved}</Text></Alert>}
      </Stack>
    </Paper>
  );
}
