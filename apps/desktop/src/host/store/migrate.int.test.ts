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

  it('0009 rebuilds the chart indexes without `pending` on a store that already holds charts and queued edits', () => {
    const migrations = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 8));
    const insert = db.prepare(`INSERT INTO resources (resource_type, id, patient_id, category, code, effective, value_num, pending, deleted, json)
      VALUES (?, ?, 'p-1', ?, ?, ?, ?, ?, 0, '{}')`);
    insert.run('Observation', 'o-1', 'vital-signs', 'http://loinc.org|8867-4', '2026-11-19T08:00:00Z', 70, 0);
    insert.run('Observation', 'o-2', 'vital-signs', 'http://loinc.org|8867-4', '2026-11-20T08:00:00Z', 88, 1);
    insert.run('DocumentReference', 'n-1', null, null, '2026-11-20T09:00:00Z', null, 1);
    expect(migrate(db, migrations)).toEqual({ ok: true, value: migrations.length });
    const columns = (index: string) => (db.prepare(`SELECT name FROM pragma_index_info(?)`).all(index) as { name: string }[]).map((c) => c.name);
    expect(columns('observations_by_code')).not.toContain('pending');
    expect(columns('notes_by_patient')).not.toContain('pending');
    expect(columns('observations_by_code')).toContain('value_num');
    // Every row is still there and still found through the rebuilt indexes.
    expect(db.prepare(`SELECT id FROM resources INDEXED BY observations_by_code WHERE patient_id = 'p-1' AND resource_type = 'Observation' ORDER BY effective DESC`).all()).toEqual([{ id: 'o-2' }, { id: 'o-1' }]);
    expect(db.prepare(`SELECT id, pending FROM resources WHERE pending = 1 ORDER BY id`).all()).toEqual([{ id: 'n-1', pending: 1 }, { id: 'o-2', pending: 1 }]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
