/**
 * The process nemesis of a convergence run: SIGKILLs a sync server while the workstations' pushes
 * and pulls are on the wire, then restarts it. A kill is armed for a round and fires from the fault
 * proxy's forward hook: on the k-th push or pull forwarded after arming, a random fraction of that
 * kind's typical upstream time later (so it lands before, during or after the server's transaction,
 * before the answer). With several servers it kills the one HAProxy says is handling the most
 * requests. A kill "hit in-flight traffic" when a push or pull that was forwarded and unanswered at
 * the moment of the kill then failed (its connection cut, or the balancer answering 502/503/504):
 * the only evidence that the kill interrupted a request rather than an idle server.
 */
import type { Exchange, FaultProxy, Traffic } from './fault-proxy.ts';
import type { Prng } from './prng.ts';
import type { SyncServerProcess } from './server-processes.ts';

export interface NemesisCounts {
  kills: number;
  /** Kills after which at least one push or pull in flight at that moment failed. */
  inFlightKills: number;
  /** Requests in flight at a kill that failed with it, by kind. */
  interrupted: Record<Traffic, number>;
  /** Seconds from the SIGKILL until the server listened again, per kill. */
  restartSeconds: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Nemesis {
  readonly counts: NemesisCounts = { kills: 0, inFlightKills: 0, interrupted: { push: 0, pull: 0, other: 0 }, restartSeconds: [] };
  /** The kill (and restart) under way, if any. */
  #busy: Promise<void> | null = null;
  #armed: { left: number } | null = null;

  constructor(
    private readonly o: {
      proxy: FaultProxy;
      servers: readonly SyncServerProcess[];
      rng: Prng;
      /** Requests per server right now (HAProxy's statistics); absent with one server. */
      sessions?: () => Promise<number[]>;
      restart: (s: SyncServerProcess) => Promise<void>;
      log: (line: string) => void;
    },
  ) {
    o.proxy.onForward((x) => this.#forwarded(x));
  }

  /** True while a kill is armed or a killed server is not yet back. */
  get active(): boolean {
    return this.#armed !== null || this.#busy !== null;
  }

  /** Arms one kill on the k-th push or pull forwarded from now (k in 1..maxK). No-op while one is under way. */
  arm(maxK = 4): void {
    if (this.active) return;
    this.#armed = { left: 1 + this.o.rng.int(maxK) };
  }

  disarm(): void {
    this.#armed = null;
  }

  /** Waits until the kill under way (if any) is over and its server is back. */
  async settled(): Promise<void> {
    while (this.#busy !== null) await this.#busy;
  }

  stop(): void {
    this.disarm();
    this.o.proxy.onForward(null);
  }

  #forwarded(x: Exchange): void {
    const armed = this.#armed;
    if (armed === null || x.traffic === 'other' || this.#busy !== null) return;
    armed.left -= 1;
    if (armed.left > 0) return;
    this.#armed = null;
    const typical = this.o.proxy.typicalMs(x.traffic) ?? 50;
    const delay = Math.floor(this.o.rng.next() * typical);
    this.#busy = this.#kill(x.traffic, delay).finally(() => {
      this.#busy = null;
    });
  }

  async #victim(): Promise<SyncServerProcess> {
    const up = this.o.servers.filter((s) => s.up);
    if (this.o.sessions === undefined || up.length <= 1) return up[0] ?? this.o.rng.pick(this.o.servers);
    const busy = await this.o.sessions().catch(() => [] as number[]);
    const ranked = this.o.servers.map((s, i) => ({ s, n: busy[i] ?? 0 })).filter((v) => v.s.up).sort((a, b) => b.n - a.n);
    const top = ranked[0];
    return top !== undefined && top.n > 0 ? top.s : this.o.rng.pick(up);
  }

  async #kill(trigger: Traffic, delayMs: number): Promise<void> {
    await sleep(delayMs);
    const victim = await this.#victim();
    if (!victim.up) return;
    const onWire = this.o.proxy.inFlight().filter((x) => x.traffic !== 'other');
    const killedAt = Date.now();
    await victim.kill();
    this.counts.kills += 1;
    const n = this.counts.kills;
    // Give the cut connections (and HAProxy's 502s) a moment to come back to the proxy.
    await sleep(300);
    const hit = onWire.filter((x) => x.done && x.failed);
    for (const x of hit) this.counts.interrupted[x.traffic] += 1;
    if (hit.length > 0) this.counts.inFlightKills += 1;
    const idx = this.o.servers.indexOf(victim);
    this.o.log(`convergence: SIGKILL server ${idx} (kill ${n}, armed on a ${trigger}, +${delayMs} ms): ${onWire.length} push/pull in flight, ${hit.length} interrupted`);
    await sleep(this.o.rng.int(1000));
    await this.o.restart(victim);
    const back = (Date.now() - killedAt) / 1000;
    this.counts.restartSeconds.push(Math.round(back * 10) / 10);
    this.o.log(`convergence: server ${idx} back ${back.toFixed(1)} s after kill ${n}`);
  }
}
