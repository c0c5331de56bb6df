import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PatientBanner, SessionUser } from '@lantern/core';
import type { Card, DraftOrder } from '@lantern/core/cds';
import { buildMedicationOrder, buildServiceOrder, type FormularyEntry, type ServiceCatalogEntry } from '@lantern/core/orders';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { OrderEntry } from '../orders/OrderEntry.tsx';
import { KnowledgeBaseBanner } from '../orders/KnowledgeBaseBanner.tsx';
import type { MedicationOrderValues } from '../orders/MedicationOrderForm.tsx';

const refOf = (d: DraftOrder) => `${d.resourceType}/${d.id ?? ''}`;

/**
 * New orders in the chart: drafts are built here with core; the host's CDS engine gives the cards
 * (local, offline) for every change of the draft list, applies suggestions (the result is checked
 * again and signed like any draft), and signs with the clinician's password (the host re-runs CDS
 * itself, refuses hard stops, incomplete doses and unresolved critical cards).
 */
export function OrdersWorkspace({ banner, user }: { banner: PatientBanner; user: SessionUser }) {
  const api = useApi();
  const qc = useQueryClient();
  const patientId = banner.patientId;
  const [drafts, setDrafts] = useState<DraftOrder[]>([]);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const refs = useMemo(() => drafts.map(refOf).join(','), [drafts]);
  const cards = useQuery({
    queryKey: queryKeys.orderCards(patientId, refs),
    queryFn: () => api.orders.cards(patientId, drafts),
    enabled: drafts.length > 0,
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
  const addMedication = (drug: FormularyEntry, v: MedicationOrderValues) => {
    const r = buildMedicationOrder({
      id: crypto.randomUUID(), patientId, requester, medication: { rxcui: drug.rxcui, name: drug.name },
      dose: v.dose, route: v.route, frequency: v.frequency, authoredOn: new Date().toISOString(),
      ...(v.durationDays === undefined ? {} : { durationDays: v.durationDays }), ...(v.prn === undefined ? {} : { prn: v.prn }),
    });
    if (!r.ok) return r.error.issues ?? [{ path: 'order', message: r.error.message }];
    setDone(null);
    setDrafts((d) => [...d, r.value]);
    return null;
  };
  const addService = (entry: ServiceCatalogEntry, priority: 'routine' | 'urgent' | 'asap' | 'stat') => {
    const r = buildServiceOrder({ id: crypto.randomUUID(), patientId, requester, loinc: entry.loinc, priority, authoredOn: new Date().toISOString() });
    if (r.ok) {
      setDone(null);
      setDrafts((d) => [...d, r.value]);
    }
  };
  return (
    <div className="orders-workspace">
      <KnowledgeBaseBanner />
      <OrderEntry
        patient={{ weightKg: banner.latestWeight?.unit === 'kg' ? banner.latestWeight.value : null, ageYears: banner.ageYears }}
        drafts={drafts} cards={drafts.length === 0 ? [] : (cards.data ?? [])} overrides={overrides}
        onAddMedication={addMedication} onAddService={addService}
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
        password={{ value: password, onChange: setPassword }}
      />
      {cards.isError && <p role="alert" className="error">{errorMessage(cards.error)}</p>}
      {sign.isError && <p role="alert" className="error">{errorMessage(sign.error)}</p>}
      {suggest.isError && <p role="alert" className="error">{errorMessage(suggest.error)}</p>}
      {done !== null && <p role="status" className="muted" data-testid="orders-signed">{done}</p>}
    </div>
  );
}
