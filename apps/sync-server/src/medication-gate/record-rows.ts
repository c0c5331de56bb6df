/**
 * One patient's stored rows as the medication gate holds them (`Type/id` -> resource), shared
 * between the record cache and every batch reading it. Immutable: a change makes a new set that
 * shares the unchanged rows (a base map and a short overlay of later changes), so bringing a
 * 73-row chart forward by one dose change, or following one write of a batch, copies the
 * overlay, not the chart.
 */
type Json = Record<string, unknown>;

/** Past this many overlaid changes the overlay is folded into a new base. */
const MAX_OVERLAY = 16;

export class RecordRows {
  static readonly EMPTY = new RecordRows(new Map(), new Map());

  /** `overlay`: later changes over `base`, null for a row removed (deleted, or no longer read). */
  private constructor(private readonly base: ReadonlyMap<string, Json>, private readonly overlay: ReadonlyMap<string, Json | null>) {}

  /** Takes ownership of `rows` (the caller must not change it afterwards). */
  static of(rows: Map<string, Json>): RecordRows {
    return new RecordRows(rows, new Map());
  }

  get(key: string): Json | undefined {
    const o = this.overlay.get(key);
    if (o !== undefined) return o ?? undefined;
    return this.base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    let n = this.base.size;
    for (const [k, v] of this.overlay) n += (v === null ? 0 : 1) - (this.base.has(k) ? 1 : 0);
    return n;
  }

  *entries(): IterableIterator<[string, Json]> {
    for (const e of this.base) if (!this.overlay.has(e[0])) yield e;
    for (const [k, v] of this.overlay) if (v !== null) yield [k, v];
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<Json> {
    for (const [, v] of this.entries()) yield v;
  }

  /** These rows with `changes` applied in order (null removes the row). */
  with(changes: Iterable<readonly [string, Json | null]>): RecordRows {
    const overlay = new Map(this.overlay);
    for (const [k, v] of changes) overlay.set(k, v);
    if (overlay.size <= MAX_OVERLAY) return new RecordRows(this.base, overlay);
    const base = new Map(this.base);
    for (const [k, v] of overlay) {
      if (v === null) base.delete(k);
      else base.set(k, v);
    }
    return new RecordRows(base, new Map());
  }
}
