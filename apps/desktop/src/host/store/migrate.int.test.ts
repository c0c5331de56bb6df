import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { loadMigrations, migrate } from './migrate.ts';

describe('local store migrations', () => {
  it('are numbered without gaps and each is recorded once, in order', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const db = new Database(':memory:');
    expect(migrate(db, migrations)).toEqual({ ok: true, value: migrations.length });
    expect(migrate(db, migrations)).toEqual({ ok: true, value: migrations.length }); // idempotent
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(migrations.map((m) => ({ version: m.version })));
    db.close();
  });

  it('refuses a store whose applied migration was edited afterwards', () => {
    const migrations = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    const r = migrate(db, edited);
    expect(r.ok ? null : r.error.message).toMatch(/migration 1 .* was edited/);
    db.close();
  });

  it('refuses a store written by a newer Lantern instead of guessing at its schema', () => {
    const migrations = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, migrations);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(migrations.length + 1, 'future', 'x', '2030-01-01T00:00:00Z');
    const r = migrate(db, migrations);
    expect(r.ok ? null : r.error.code).toBe('UNAVAILABLE');
    db.close();
  });
});
