/**
 * The outbox up to the server's sync.push, in batches, in outbox order. While the server decides a
 * batch the host reads the next one. Once a server has said it checks `after` (its answers do),
 * that next batch is sent right behind the one in flight, naming that one's last mutation as
 * `after`: the server parses and checks it while the batch before is in Postgres, and decides it
 * only right after that batch, and only if none of that batch's answers asked to send a change
 * again. Otherwise it refuses it with nothing stored, and it is sent again here, alone, once the
 * batch before is answered. Against an older server (no `checksAfter`) the next batch leaves only
 * after the answer, as before. Answers are stored in outbox order; an answer asking to retry a
 * change ends the push (a later edit of that record must not be decided before it), and the next
 * cycle sends the rest in order. Mutation ids make a batch sent twice count once.
 */
import { LanternError, PUSH_AFTER_ISSUE, type Mutation, type PushOutput } from '@lantern/core';
import { isTransient } from './local-sync-store.ts';
import type { ServerApi } from './server-api.ts';
import type { SyncStore } from './sync-store.ts';

export interface OutboxPushDeps {
  store: Pick<SyncStore, 'pendingMutations' | 'applyPushResults'>;
  api: Pick<ServerApi, 'push'>;
  deviceId: string;
  /** The access token for each request (throws when nobody is signed in). */
  token: () => string;
  /** Mutations per request (the server takes at most 500). */
  batch: number;
  /** After an answer's results are stored (how many there were). */
  onAnswered: (count: number) => void;
}

/** A batch on its way; `behind`: sent while the batch before it was unanswered. */
interface Sent {
  mutations: Mutation[];
  answer: Promise<PushOutput>;
  behind: boolean;
}

/** The server's refusal of a batch sent behind one it had not decided (cleanly) first: nothing was stored. */
export const isAfterRefusal = (e: unknown): boolean =>
  e instanceof LanternError && e.code === 'VERSION_MISMATCH' && e.issues.some((i) => i.path === PUSH_AFTER_ISSUE);

const asksRetry = (out: PushOutput): boolean => out.results.some((r) => r.status === 'rejected' && isTransient(r.code));

/** Pushes the outbox; returns how many changes the server asked to retry later. Throws a request's failure. */
export async function pushOutbox(d: OutboxPushDeps): Promise<number> {
  const send = async (mutations: Mutation[], after?: Mutation): Promise<Sent> => {
    const input = after === undefined ? { deviceId: d.deviceId, mutations } : { deviceId: d.deviceId, mutations, after: { mutationId: after.mutationId } };
    const answer = d.api.push(d.token(), input);
    answer.catch(() => undefined); // awaited in outbox order below
    // Lets the request reach the socket before a store read or write holds this thread.
    await new Promise<void>((r) => setImmediate(r));
    return { mutations, answer, behind: after !== undefined };
  };
  const first = await d.store.pendingMutations(d.batch);
  if (first.length === 0) return 0;
  let inFlight = await send(first);
  /** The next batch, once sent behind the one in flight. */
  let ahead: Sent | null = null;
  let checksAfter = false;
  for (;;) {
    const last = inFlight.mutations[inFlight.mutations.length - 1] as Mutation;
    const next = ahead?.mutations ?? (inFlight.mutations.length === d.batch ? await d.store.pendingMutations(d.batch, last.mutationId) : []);
    if (ahead === null && checksAfter && next.length > 0) ahead = await send(next, last);
    let out: PushOutput;
    try {
      out = await inFlight.answer;
    } catch (e) {
      if (!(inFlight.behind && isAfterRefusal(e))) {
        // Nothing is left outstanding when the push ends (a batch behind a failed one is refused).
        await ahead?.answer.catch(() => undefined);
        throw e;
      }
      // The batch before this one is answered by now: this one goes again on its own. The batch sent
      // behind it named its last mutation, so the server decides that one right after it.
      inFlight = await send(inFlight.mutations);
      continue;
    }
    checksAfter = out.checksAfter === true;
    const retry = asksRetry(out);
    // Not sent ahead: the next batch leaves now, before this answer's acks are stored, unless a
    // change is to be retried (then nothing after it goes in this push).
    const following = retry || next.length === 0 ? null : (ahead ?? (await send(next)));
    const { retryLater } = await d.store.applyPushResults(out.results);
    d.onAnswered(out.results.length);
    if (retry || retryLater > 0) {
      // A batch sent ahead of this answer is refused by the server (the head is not clean): nothing of it was stored.
      await ahead?.answer.catch(() => undefined);
      return retryLater;
    }
    if (following === null) return 0;
    inFlight = following;
    ahead = null;
  }
}
