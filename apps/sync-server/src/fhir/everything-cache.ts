/**
 * A small cache of `$everything` bodies. A chart changes only through the one write path, and
 * every write gives the resource a new change seq, so a body is still exact while the highest seq
 * of the patient's record (and of the shared practitioners) is unchanged; that check is two index
 * lookups. Access is still decided and audited on every call: only the assembled text is reused.
 */
export interface CachedEverything {
  stamp: string;
  total: number;
  /** The Bundle's entries as JSON text (the Bundle around them is made fresh per call). */
  entries: string;
  hasNext: boolean;
  count: number;
}

/** Bound on cached text (UTF-16 code units): a few heavy charts. */
const MAX_CHARS = 64 * 1024 * 1024;

export class EverythingCache {
  private readonly entries = new Map<string, CachedEverything>();
  private chars = 0;

  get(key: string, stamp: string): CachedEverything | null {
    const hit = this.entries.get(key);
    if (hit === undefined) return null;
    if (hit.stamp !== stamp) {
      this.delete(key);
      return null;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, value: CachedEverything): void {
    if (value.entries.length > MAX_CHARS / 2) return;
    this.delete(key);
    this.entries.set(key, value);
    this.chars += value.entries.length;
    for (const [k] of this.entries) {
      if (this.chars <= MAX_CHARS) break;
      this.delete(k);
    }
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.chars -= old.entries.length;
    this.entries.delete(key);
  }
}
