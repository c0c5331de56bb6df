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
