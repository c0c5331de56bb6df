/**
 * An in-memory master patient index: blocking keys -> record ids, and the normalised records.
 * The workstation keeps one over its local store for registration checks offline; the benchmark
 * measures one at the server's scale. (The server stores the same keys in Postgres.)
 */
import type { MatchConfig } from './config.ts';
import { blockingKeys, isUnboundedKey, MAX_BLOCK_SIZE } from './blocking.ts';
import type { MatchPerson } from './person.ts';
import { scoreMatch, type MatchScore } from './score.ts';

export interface MatchCandidate extends MatchScore {
  readonly id: string;
}

export interface MatchOptions {
  /** At most this many candidates, best first. */
  readonly count?: number;
  /** Only `certain` candidates (FHIR $match `onlyCertainMatches`). */
  readonly onlyCertain?: boolean;
}

/** Scores `query` against `candidates` and keeps those at or above the review threshold, best first. */
export function rankCandidates(query: MatchPerson, candidates: Iterable<MatchPerson>, config: MatchConfig, opts: MatchOptions = {}): MatchCandidate[] {
  const out: MatchCandidate[] = [];
  for (const c of candidates) {
    if (c.id === query.id) continue;
    const s = scoreMatch(query, c, config);
    if (s.grade === 'certainly-not') continue;
    if (opts.onlyCertain === true && s.grade !== 'certain') continue;
    out.push({ id: c.id, ...s });
  }
  out.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
  return opts.count === undefined ? out : out.slice(0, Math.max(0, opts.count));
}

export class MatchIndex {
  private readonly blocks = new Map<string, Set<string>>();
  private readonly people = new Map<string, { person: MatchPerson; keys: string[] }>();

  constructor(private readonly config: MatchConfig) {}

  get size(): number {
    return this.people.size;
  }

  /** Adds or replaces a record. */
  add(person: MatchPerson): void {
    this.remove(person.id);
    const keys = blockingKeys(person);
    this.people.set(person.id, { person, keys });
    for (const k of keys) {
      const block = this.blocks.get(k);
      if (block === undefined) this.blocks.set(k, new Set([person.id]));
      else block.add(person.id);
    }
  }

  remove(id: string): void {
    const entry = this.people.get(id);
    if (entry === undefined) return;
    this.people.delete(id);
    for (const k of entry.keys) {
      const block = this.blocks.get(k);
      block?.delete(id);
      if (block?.size === 0) this.blocks.delete(k);
    }
  }

  get(id: string): MatchPerson | undefined {
    return this.people.get(id)?.person;
  }

  /** The records sharing a usable block with `person` (itself excluded). */
  candidates(person: MatchPerson): MatchPerson[] {
    const ids = new Set<string>();
    for (const k of blockingKeys(person)) {
      const block = this.blocks.get(k);
      if (block === undefined || (block.size > MAX_BLOCK_SIZE && !isUnboundedKey(k))) continue;
      for (const id of block) ids.add(id);
    }
    ids.delete(person.id);
    const out: MatchPerson[] = [];
    for (const id of ids) {
      const p = this.people.get(id)?.person;
      if (p !== undefined) out.push(p);
    }
    return out;
  }

  /** Likely existing records for `person`, best first. */
  match(person: MatchPerson, opts: MatchOptions = {}): MatchCandidate[] {
    return rankCandidates(person, this.candidates(person), this.config, opts);
  }
}
