/**
 * The server connects as a less-privileged role than the one that owns the schema: it may read
 * and write clinical tables and append to the audit log, but holds no UPDATE, DELETE or TRUNCATE
 * on `audit.events` (HIPAA 164.312(b) audit controls; 164.312(c)(1) integrity). The triggers in
 * 0001_init.sql reject those even for the owner; the missing grants are a second wall.
 */
import type pg from 'pg';

/** Role names are per database, so several Lantern databases can share one cluster (tests). */
export function appRoleName(database: string): string {
  return `lantern_app_${database.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`.slice(0, 63);
}

export async function ensureAppRole(owner: pg.ClientBase, opts: { database: string; password: string }): Promise<string> {
  const role = appRoleName(opts.database);
  const id = owner.escapeIdentifier(role);
  const pw = owner.escapeLiteral(opts.password);
  const exists = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) await owner.query(`CREATE ROLE ${id} LOGIN PASSWORD ${pw}`);
  else await owner.query(`ALTER ROLE ${id} LOGIN PASSWORD ${pw}`);
  const db = owner.escapeIdentifier(opts.database);
  await owner.query(`GRANT CONNECT ON DATABASE ${db} TO ${id}`);
  await owner.query(`GRANT USAGE ON SCHEMA public, audit TO ${id}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${id}`);
  await owner.query(`REVOKE ALL ON schema_migrations FROM ${id}`);
  await owner.query(`GRANT SELECT ON schema_migrations TO ${id}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${id}`);
  // Signing keys are history, never rewritten: a replaced key would let old signatures be re-judged.
  await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON note_signing_keys FROM ${id}`);
  await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA audit FROM ${id}`);
  await owner.query(`GRANT SELECT, INSERT ON audit.events, audit.findings TO ${id}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE ON audit.device_heads TO ${id}`);
  // The audit chains' heads (0014): locked FOR UPDATE and advanced by each append; the global row number's sequence.
  await owner.query(`GRANT SELECT, UPDATE ON audit.chain_heads TO ${id}`);
  await owner.query(`GRANT USAGE, SELECT ON SEQUENCE audit.event_seq TO ${id}`);
  return role;
}
