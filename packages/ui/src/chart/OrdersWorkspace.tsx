import { useMemo, useState } from 'react';
import { Alert, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PatientBanner, SessionUser } from '@lantern/core';
import type { Card, DraftOrder } from '@lantern/core/cds';
import { buildMedicationOrder, buildServiceOrder, orderSetDrafts, type FormularyEntry, type ResolvedOrderSet, type ServiceCatalogEntry } from '@lantern/core/orders';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { useLeaveGuard } from '../design/useLeaveGuard.tsx';
import { OrderEntry } from '../orders/OrderEntry.tsx';
import { KnowledgeBaseBanner } from '../orders/KnowledgeBaseBanner.tsx';
import type { MedicationOrderValues } from '../orders/MedicationOrderForm.tsx';
import { useDraftBasket } from '../orders/useDraftBasket.ts';

const refOf = (d: DraftOrder) => `${d.resourceType}/${d.id ?? ''}`;

/**
 * New orders in the chart: drafts are built here with core (by hand, from a dose sentence or from an
 * order set) and kept in the host's encrypted store as they change (useDraftBasket), so a lock or a
 * restart loses none; leaving the chart with unsigned drafts asks first. The host's CDS engine gives
 * the cards (local, offline) for every change of the draft list, applies suggestions (the result is
 * checked again and signed like any draft), and signs with the clinician's password (the host re-runs
 * CDS itself, refuses hard stops, incomplete doses and unresolved critical cards).
 */
export function OrdersWorkspace({ banner, user }: { banner: PatientBanner; user: SessionUser }) {
  const api = useApi();
  const qc = useQueryClient();
  const patientId = banner.patientId;
  const { drafts, setDrafts, restoredCount, saveFailed } = useDraftBasket(patientId);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const n = drafts.length;
  useLeaveGuard(n > 0, `${n} unsigned draft order${n === 1 ? '' : 's'} (kept on this workstation for you, not yet signed)`);
  const refs = useMemo(() => drafts.map(refOf).join(','), [drafts]);
  const cards = useQuery({
    queryKey: queryKeys.orderCards(patientId, refs),
    queryFn: () => api.orders.cards(patientId, drafts),
    enabled: drafts.length > 0,
    placeholderData: (prev) => prev,
  });
  const requester = { reference: `Practitioner/${user.userId}`, display: user.displayName };
  const sign = useMutation({
    mutationFn: () => api.orders.sign(patientId, drafts, Object.entries(overrides).map(([cardUuid, reasonCode]) => ({ cardUuid, reasonCode })), password),
    onError: () => setPassword(''),
    onSuccess: (r) => {
      setPassword('');
      setDone(`${r.orderIds.length} order${r.orderIds.length === 1 ? '' : 's'} signed${r.overridden > 0 ? `, ${r.overridden} alert${r.overridden === 1 ? '' : 's'} overridden` : ''}. They sync with the server when it is reachable.`);
      setDrafts([]);
      setOverrides({});
      void qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) });
    },
  });
  const suggest = useMutation({
    mutationFn: ({ card, suggestionUuid }: { card: Card; suggestionUuid: string }) => api.orders.applySuggestion(patientId, drafts, card.uuid, suggestionUuid),
    onSuccess: (next) => {
      setDrafts(next);
      setOverrides({});
    },
  });
  const added = (more: readonly DraftOrder[]) => {
    setDone(null);
    setDrafts((d) => [...d, ...more]);
  };
  const addMedication = (drug: FormularyEntry, v: MedicationOrderValues) => {
    const r = buildMedicationOrder({
      id: crypto.randomUUID(), patientId, requester, medication: { rxcui: drug.rxcui, name: drug.name },
      dose: v.dose, route: v.route, frequency: v.frequency, authoredOn: new Date().toISOString(),
      ...(v.durationDays === undefined ? {} : { durationDays: v.durationDays }), ...(v.prn === undefined ? {} : { prn: v.prn }),
    });
    if (!r.ok) return r.error.issues ?? [{ path: 'order', message: r.error.message }];
    added([r.value]);
    return null;
  };
  const addService = (entry: ServiceCatalogEntry, priority: 'routine' | 'urgent' | 'asap' | 'stat') => {
    const r = buildServiceOrder({ id: crypto.randomUUID(), patientId, requester, loinc: entry.loinc, priority, authoredOn: new Date().toISOString() });
    if (r.ok) added([r.value]);
  };
  const [setError, setSetError] = useState<string | null>(null);
  const addOrderSet = (set: ResolvedOrderSet, chosen: readonly string[]) => {
    const r = orderSetDrafts(set, chosen, { patientId, requester, now: new Date().toISOString(), newId: () => crypto.randomUUID() });
    if (r.ok) { setSetError(null); added(r.value); } else setSetError(r.error.message);
  };
  return (
    <Stack gap="sm" className="orders-workspace">
      <KnowledgeBaseBanner />
      {restoredCount > 0 && (
        <Alert variant="light" color="blue" p="xs" data-testid="drafts-restored">
          <Text size="sm">{restoredCount} unsigned draft order{restoredCount === 1 ? ' was' : 's were'} kept from your last session. Check and sign, or remove them.</Text>
        </Alert>
      )}
      {saveFailed && <Alert variant="light" color="red" p="xs" role="alert"><Text size="sm">The draft orders could not be kept on this workstation: sign them before you leave this chart.</Text></Alert>}
      {cards.isError && <Text role="alert" c="var(--lantern-error)" size="sm">{errorMessage(cards.error)}</Text>}
      {sign.isError && <Text role="alert" c="var(--lantern-error)" size="sm">{errorMessage(sign.error)}</Text>}
      {suggest.isError && <Text role="alert" c="var(--lantern-error)" size="sm">{errorMessage(suggest.error)}</Text>}
      {setError !== null && <Text role="alert" c="var(--lantern-error)" size="sm">{setError}</Text>}
      {done !== null && <Alert variant="light" color="green" p="xs"><Text role="status" size="sm" data-testid="orders-signed">{done}</Text></Alert>}
      <OrderEntry
        patient={{ weightKg: banner.latestWeight?.unit === 'kg' ? banner.latestWeight.value : null, ageYears: banner.ageYears }}
        drafts={drafts} cards={drafts.length === 0 ? [] : (cards.data ?? [])} overrides={overrides}
        onAddMedication={addMedication} onAddService={addService} onAddOrderSet={addOrderSet}
        onRemoveDraft={(ref) => setDrafts((d) => d.filter((x) => refOf(x) !== ref))}
        onOverride={(cardUuid, reasonCode) => setOverrides((o) => {
          const next = { ...o };
          if (reasonCode === null) delete next[cardUuid];
          else next[cardUuid] = reasonCode;
          return next;
        })}
        onApplySuggestion={(card, suggestionUuid) => suggest.mutate({ card, suggestionUuid })}
        onSign={() => sign.mutate()}
        signing={sign.isPending || cards.isFetching}
        checking={cards.isFetching}
        password={{ value: password, onChange: setPassword }}
      />
    </Stack>
  );
}
