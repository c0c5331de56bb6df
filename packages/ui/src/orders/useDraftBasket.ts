import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { DraftOrder } from '@lantern/core/cds';
import { useApi } from '../api/ApiContext.tsx';

type Update = DraftOrder[] | ((prev: DraftOrder[]) => DraftOrder[]);

export interface DraftBasketState {
  drafts: DraftOrder[];
  setDrafts(update: Update): void;
  /** The stored basket has been read (or could not be): the screen shows what is really there. */
  restored: boolean;
  /** How many drafts came back from the store when the screen opened (after a lock, a restart). */
  restoredCount: number;
  /** The last save failed: the drafts live only in this window. */
  saveFailed: boolean;
}

const keyOf = (d: DraftOrder) => `${d.resourceType}/${d.id ?? ''}`;

/**
 * The order composer's draft basket, kept in the host's encrypted store per user and patient on every
 * change, and read back when the composer opens: unsigned orders survive a lock, a sign-out or a
 * restart. Revisions are the clock (never going back), so a late save never overwrites a newer basket.
 */
export function useDraftBasket(patientId: string): DraftBasketState {
  const api = useApi();
  const [drafts, setDraftsState] = useState<DraftOrder[]>([]);
  const [restored, setRestored] = useState(false);
  const [restoredCount, setRestoredCount] = useState(0);
  const changed = useRef(false);
  const revision = useRef(0);
  const stored = useQuery({ queryKey: ['order-drafts', patientId], queryFn: () => api.orderSets.drafts(patientId), staleTime: Infinity, gcTime: 0, retry: false });
  const save = useMutation({ mutationFn: (input: { patientId: string; drafts: DraftOrder[]; revision: number }) => api.orderSets.saveDrafts(input) });

  useEffect(() => {
    if (restored || stored.isPending) return;
    const back = stored.data?.drafts ?? [];
    revision.current = Math.max(revision.current, stored.data?.revision ?? 0);
    if (back.length > 0) {
      // Anything added while the store answered stays, after what was kept.
      setDraftsState((now) => [...back.filter((b) => !now.some((n) => keyOf(n) === keyOf(b))), ...now]);
      setRestoredCount(back.length);
    }
    setRestored(true);
  }, [restored, stored.isPending, stored.data]);

  const { mutate } = save;
  useEffect(() => {
    if (!changed.current) return;
    changed.current = false;
    revision.current = Math.max(Date.now(), revision.current + 1);
    mutate({ patientId, drafts, revision: revision.current });
  }, [drafts, patientId, mutate]);

  const setDrafts = useCallback((update: Update) => {
    changed.current = true;
    setDraftsState(update);
  }, []);

  return { drafts, setDrafts, restored, restoredCount, saveFailed: save.isError };
}
