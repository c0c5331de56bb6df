/** The SQL-text half of the Citus readiness check on made-up sources: what it flags and what it lets through. */
import { describe, expect, it } from 'vitest';
import { sqlFindings, stringLiterals } from './readiness.ts';

const source = [
  "const a = await c.query('SELECT resource FROM resources WHERE resource_type = $1 AND id = $2', [t, id]);",
  'const b = await c.query(`SELECT resource FROM resources WHERE patient_id = $1 AND resource_type = $2`, [p, t]);',
  "const d = await c.query(\"UPDATE care_team SET user_id = $2 WHERE user_id = $1\", [u, v]);",
  "const e = await c.query('SELECT id FROM users WHERE id = $1', [u]);",
  "const f = 'resources are read FROM resources by the pull';",
].join('\n');

describe('Citus readiness: SQL text', () => {
  it('flags a statement on a distributed table that does not name patient_id, and nothing else', () => {
    const found = sqlFindings('x.ts', source, ['resources', 'care_team']);
    expect(found.map((f) => [f.table, f.sql.slice(0, 30)])).toEqual([
      ['resources', 'SELECT resource FROM resources'],
      ['care_team', 'UPDATE care_team SET user_id ='],
    ]);
  });

  it('reads single, double and template literals', () => {
    expect(stringLiterals("a('x') + b(\"y\") + c(`z ${1}`)")).toEqual(['x', 'y', 'z ${1}']);
  });
});
