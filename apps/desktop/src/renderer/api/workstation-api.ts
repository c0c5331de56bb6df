/**
 * Adapts the typed tRPC client to the screens' WorkstationApi. This is where the host's router and the
 * UI's contract are checked against each other by the compiler, and where transport errors become
 * ApiErrors with a Lantern code and a message fit to show.
 */
import { TRPCClientError } from '@trpc/client';
import { ERROR_CODES, type ErrorCode } from '@lantern/core';
import { ApiError, type WorkstationApi } from '@lantern/ui';
import type { HostClient } from './host-client.ts';

const isCode = (s: unknown): s is ErrorCode => typeof s === 'string' && (ERROR_CODES as readonly string[]).includes(s);

export function toApiError(e: unknown): ApiError {
  if (e instanceof TRPCClientError) {
    const data = (e.data ?? {}) as { lanternCode?: unknown; issues?: unknown };
    const code: ErrorCode = isCode(data.lanternCode) ? data.lanternCode : 'UNAVAILABLE';
    const issues = Array.isArray(data.issues) ? (data.issues as { path: string; message: string }[]) : [];
    const message = isCode(data.lanternCode) ? e.message : 'The workstation service is not responding';
    return new ApiError(code, message, issues);
  }
  return new ApiError('INTERNAL', 'Something went wrong');
}

const wrap = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
  try {
    return await fn(...a);
  } catch (e) {
    throw toApiError(e);
  }
};

export function workstationApi(c: HostClient): WorkstationApi {
  let lastActivity = 0;
  return {
    session: {
      current: wrap(() => c.session.current.query()),
      signIn: wrap((input) => c.session.signIn.mutate(input)),
      signOut: wrap(() => c.session.signOut.mutate()),
      lock: wrap(() => c.session.lock.mutate()),
      unlock: wrap((input) => c.session.unlock.mutate(input)),
      activity: () => {
        // Throttled: one heartbeat per 15 s of input is plenty for the host's idle check.
        const now = Date.now();
        if (now - lastActivity < 15_000) return;
        lastActivity = now;
        c.session.activity.mutate().catch(() => undefined);
      },
    },
    patients: {
      mine: wrap(() => c.patients.mine.query()),
      census: wrap(() => c.patients.census.query()),
      search: wrap((query: string) => c.patients.search.query({ query })),
    },
    chart: {
      open: wrap((patientId: string, refresh?: boolean) => c.chart.open.mutate({ patientId, refresh: refresh ?? false })),
      lists: wrap((patientId: string) => c.chart.lists.query({ patientId })),
      observations: wrap((patientId: string) => c.chart.observations.query({ patientId })),
      note: wrap((patientId: string, noteId: string) => c.chart.note.query({ patientId, noteId })),
    },
    vitals: { record: wrap((input) => c.vitals.record.mutate(input)) },
    sync: {
      status: wrap(() => c.sync.status.query()),
      now: wrap(() => c.sync.now.mutate()),
    },
    notes: {
      drafts: wrap((patientId: string) => c.notes.drafts.query({ patientId })),
      saveDraft: wrap((input) => c.notes.saveDraft.mutate(input)),
      discardDraft: wrap((draftKey: string) => c.notes.discardDraft.mutate({ draftKey })),
      sign: wrap((draftKey: string, password: string) => c.notes.sign.mutate({ draftKey, password })),
      list: wrap((patientId: string) => c.notes.list.query({ patientId })),
    },
    orders: {
      knowledgeBase: wrap(() => c.orders.knowledgeBase.query()),
      cards: wrap((patientId: string, drafts) => c.orders.cards.query({ patientId, drafts: [...drafts], hook: 'order-sign', selected: [] })),
      applySuggestion: wrap((patientId: string, drafts, cardUuid: string, suggestionUuid: string) => c.orders.applySuggestion.mutate({ patientId, drafts: [...drafts], cardUuid, suggestionUuid })),
      sign: wrap((patientId: string, drafts, overrides, password: string) => c.orders.sign.mutate({ patientId, drafts: [...drafts], overrides: [...overrides], password })),
      previewChange: wrap((patientId: string, orderId: string, change) => c.orders.previewChange.query({ patientId, orderId, change })),
      signChange: wrap((patientId: string, orderId: string, change, overrides, password: string) => c.orders.signChange.mutate({ patientId, orderId, change, overrides: [...overrides], password })),
      setStatus: wrap((patientId: string, orderId: string, to, reason?: string) => c.orders.setStatus.mutate({ patientId, orderId, to, ...(reason === undefined ? {} : { reason }) })),
    },
    conflicts: {
      list: wrap((patientId: string | null) => c.conflicts.list.query({ patientId })),
      resolve: wrap((conflictId: string, choice) => c.conflicts.resolve.mutate({ conflictId, choice })),
    },
    breakGlass: {
      request: wrap((patientId: string, reason: string) => c.breakGlass.request.mutate({ patientId, reason })),
      active: wrap((patientId: string) => c.breakGlass.active.query({ patientId })),
    },
    allergies: {
      add: wrap((input) => c.allergies.add.mutate(input)),
    },
    problems: {
      add: wrap((input) => c.problems.add.mutate(input)),
      change: wrap((input) => c.problems.change.mutate(input)),
    },
  };
}
