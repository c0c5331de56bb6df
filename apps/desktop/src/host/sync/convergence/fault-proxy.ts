/**
 * A fault-injecting HTTP proxy on loopback, between the workstations and the sync server (or the
 * load balancer), in the style of Jepsen's network nemesis. Each request draws one fault from a
 * seeded PRNG (the kinds in rotation):
 * - drop-request: the connection is cut before anything reaches the server;
 * - drop-response: the server handles the request, the answer is lost (the client must retry, and
 *   the server must deduplicate: this is the fault that loses or doubles writes when idempotency is wrong);
 * - duplicate: the request is sent twice at once, the first answer goes back;
 * - delay: the answer is held 50-600 ms;
 * - reorder: the answer is held until a later request's answer has gone back (or 800 ms);
 * - reset-request: half the request body reaches the server, then the upstream connection is reset;
 * - reset-response: the status line and half the body go back, then the client connection is reset.
 * While the server is down the proxy cuts connections (as a dead upstream does).
 *
 * The proxy also tells the nemesis what traffic is on the wire: every request it forwards upstream
 * is an `Exchange` (sync.push, sync.pull or other) until its answer is in, so a SIGKILL can be timed
 * to land while a push or a pull is being handled, and afterwards it can be told whether that
 * request died with the server (its connection was cut, or the balancer answered 502/503/504).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Prng } from './prng.ts';

export const FAULT_KINDS = ['drop-request', 'drop-response', 'duplicate', 'delay', 'reorder', 'reset-request', 'reset-response'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type Traffic = 'push' | 'pull' | 'other';

/** One request forwarded upstream (a duplicated request is two). */
export interface Exchange {
  readonly traffic: Traffic;
  readonly forwardedAt: number;
  /** The answer is in (or the request failed). */
  done: boolean;
  /** It failed upstream for a reason other than the proxy's own cut: the server or the balancer broke it. */
  failed: boolean;
}

export interface FaultProxy {
  readonly url: string;
  /** Probability that a request gets a fault (0 turns faults off for the final, fault-free round). */
  setFaultRate(p: number): void;
  /** Faults injected so far, by kind, and requests forwarded. */
  counts(): Record<FaultKind, number> & { requests: number; upstreamErrors: number };
  /** Called as each request is forwarded upstream (the nemesis arms its kills on push and pull traffic). */
  onForward(hook: ((x: Exchange) => void) | null): void;
  /** Requests forwarded and not yet answered. */
  inFlight(): Exchange[];
  /** Median upstream time of the last answered requests of a kind, in ms (null before any). */
  typicalMs(traffic: Traffic): number | null;
  close(): Promise<void>;
}

export const trafficOf = (url: string | undefined): Traffic => (url?.includes('sync.push') === true ? 'push' : url?.includes('sync.pull') === true ? 'pull' : 'other');
const BREAKING_STATUS = new Set([502, 503, 504]);

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function forward(target: URL, req: http.IncomingMessage, body: Buffer, cutAfter?: number): Promise<Upstream> {
  return new Promise<Upstream>((resolve, reject) => {
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    up.on('error', reject);
    if (cutAfter === undefined) {
      up.end(body);
      return;
    }
    up.write(body.subarray(0, cutAfter));
    setTimeout(() => up.destroy(new Error('reset mid-request by the fault proxy')), 20);
  });
}

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function startFaultProxy(upstreamUrl: string, rng: Prng, faultRate: number): Promise<FaultProxy> {
  const target = new URL(upstreamUrl);
  let rate = faultRate;
  let injected = rng.int(FAULT_KINDS.length);
  const counts: Record<FaultKind, number> & { requests: number; upstreamErrors: number } = {
    'drop-request': 0, 'drop-response': 0, duplicate: 0, delay: 0, reorder: 0, 'reset-request': 0, 'reset-response': 0, requests: 0, upstreamErrors: 0,
  };
  /** Answers held for reordering, released when a later one goes back. */
  let held: (() => void)[] = [];
  let hook: ((x: Exchange) => void) | null = null;
  const flying = new Set<Exchange>();
  const recent: Record<Traffic, number[]> = { push: [], pull: [], other: [] };
  /** `forward` with the exchange tracked from the moment it leaves until its answer is in. */
  const tracked = (req: http.IncomingMessage, body: Buffer, cutAfter?: number): Promise<Upstream> => {
    const x: Exchange = { traffic: trafficOf(req.url), forwardedAt: Date.now(), done: false, failed: false };
    flying.add(x);
    hook?.(x);
    const settle = (failed: boolean) => {
      x.done = true;
      x.failed = failed;
      flying.delete(x);
    };
    return forward(target, req, body, cutAfter).then(
      (a) => {
        settle(BREAKING_STATUS.has(a.status));
        const times = recent[x.traffic];
        times.push(Date.now() - x.forwardedAt);
        if (times.length > 40) times.shift();
        return a;
      },
      (e: unknown) => {
        settle(cutAfter === undefined);
        throw e;
      },
    );
  };
  const releaseHeld = () => {
    const h = held;
    held = [];
    for (const f of h) f();
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      counts.requests += 1;
      const body = await readBody(req);
      // Whether a request gets a fault is random; which one rotates, so a short run still sees every kind.
      const fault: FaultKind | null = rng.next() < rate ? (FAULT_KINDS[injected++ % FAULT_KINDS.length] ?? null) : null;
      if (fault !== null) counts[fault] += 1;
      const cut = () => req.socket.destroy();
      if (fault === 'drop-request') return cut();
      let answer: Upstream;
      try {
        if (fault === 'duplicate') {
          const [first, second] = await Promise.allSettled([tracked(req, body), tracked(req, body)]);
          if (first.status === 'rejected') throw first.reason;
          answer = first.value;
          void second;
        } else if (fault === 'reset-request') {
          await tracked(req, body, Math.floor(body.length / 2)).catch(() => undefined);
          return cut();
        } else {
          answer = await tracked(req, body);
        }
      } catch {
        counts.upstreamErrors += 1;
        return cut();
      }
      if (fault === 'drop-response') return cut();
      if (fault === 'delay') await new Promise((r) => setTimeout(r, 50 + rng.int(550)));
      if (fault === 'reorder') {
        await new Promise<void>((r) => {
          held.push(r);
          setTimeout(r, 800);
        });
      }
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
      headers['content-length'] = String(answer.body.length);
      if (fault === 'reset-response') {
        res.writeHead(answer.status, headers);
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        setTimeout(cut, 10);
        return;
      }
      res.writeHead(answer.status, headers);
      res.end(answer.body);
      if (fault !== 'reorder') releaseHeld();
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFaultRate: (p) => {
      rate = p;
    },
    counts: () => ({ ...counts }),
    onForward: (h) => {
      hook = h;
    },
    inFlight: () => [...flying],
    typicalMs: (t) => {
      const times = [...recent[t]].sort((a, b) => a - b);
      return times.length === 0 ? null : (times[Math.floor(times.length / 2)] ?? null);
    },
    close: () =>
      new Promise((r) => {
        releaseHeld();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
