/**
 * The name a workstation shows for a signed-in user ("Dr. Ada Lovelace"): the `name[0].text` of the
 * user's Practitioner (FHIR R4 Practitioner.name, http://hl7.org/fhir/R4/practitioner.html), so the top
 * bar and "ordered by" / "signed by" read as the clinician's name. Users with no Practitioner, or one
 * without a text name, are shown by username.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { SHARED_PARTITION } from '../db/resources.ts';

const Row = z.object({ text: z.string().nullable() });

export async function userDisplayName(c: Queryable, user: { username: string; practitionerId: string | null }): Promise<string> {
  if (user.practitionerId === null) return user.username;
  const r = await c.query(
    "SELECT resource->'name'->0->>'text' AS text FROM resources WHERE patient_id = $2 AND resource_type = 'Practitioner' AND id = $1 AND NOT deleted LIMIT 1",
    [user.practitionerId, SHARED_PARTITION],
  );
  const text = r.rows.length === 0 ? null : Row.parse(r.rows[0]).text;
  return text === null || text.trim() === '' ? user.username : text.trim();
}
