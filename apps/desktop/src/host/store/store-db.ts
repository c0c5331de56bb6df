/**
 * The open SQLCipher connection with a prepared-statement cache. Chart queries run the same few
 * statements thousands of times; preparing once keeps a chart open to a handful of B-tree seeks.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

export class StoreDb {
  readonly #statements = new Map<string, Database.Statement>();

  constructor(readonly raw: Database.Database, readonly readonly: boolean) {}

  stmt(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (s === undefined) {
      s = this.raw.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.stmt(sql).run(...params);
  }

  /** BEGIN IMMEDIATE: take the write lock up front so a transaction never fails half-way on BUSY. */
  write<T>(fn: () => T): T {
    return this.raw.transaction(fn).immediate();
  }

  /**
   * A write whose loss on power failure costs nothing but a re-download: a sync.pull page, stored
   * with its own cursor and page token, so after a crash the server sends it again. WAL with
   * synchronous=NORMAL skips the commit's fsync and stays consistent (https://sqlite.org/pragma.html#pragma_synchronous);
   * every other write keeps the connection's setting (FULL), whose fsync then also covers these frames.
   */
  writeRefetchable<T>(fn: () => T): T {
    const before = Number(this.raw.pragma('synchronous', { simple: true }));
    if (this.readonly || before <= 1) return this.write(fn);
    this.raw.pragma('synchronous = NORMAL');
    try {
      return this.write(fn);
    } finally {
      this.raw.pragma(`synchronous = ${before}`);
    }
  }

  /**
   * Frees the connection's unused page-cache pages (https://sqlite.org/pragma.html#pragma_shrink_memory);
   * the next reads fetch (and decrypt) what they need again.
   */
  releaseCache(): void {
    this.raw.pragma('shrink_memory');
  }

  close(): void {
    this.#statements.clear();
    if (!this.raw.open) return;
    if (!this.readonly) {
      // Keeps the planner's statistics current (https://sqlite.org/pragma.html#pragma_optimize).
      try {
        this.raw.pragma('analysis_limit = 400');
        this.raw.pragma('optimize');
      } catch {
        // Best effort: a failure here must not stop the close.
      }
    }
    this.raw.close();
  }
}
