/**
 * What the clinical procedures (notes, orders, conflicts, break-glass) need beyond the core host
 * services: the note drafts and signing keys in the encrypted store, the offline credentials (a
 * signature is confirmed with the user's password), and the break-glass grants this session holds.
 */
import type { StoreDb } from '../store/store-db.ts';
import { NoteDrafts } from '../notes/drafts.ts';
import { CdsSuppressions } from '../orders/cds-suppressions.ts';
import { SigningKeys } from '../notes/signing-keys.ts';
import type { CredentialStore } from '../session/credential-store.ts';
import { localCredentialStore } from '../session/local-credential-store.ts';
import type { ServerApi } from '../sync/server-api.ts';
import { BreakGlassGrants } from '../break-glass/break-glass-grants.ts';

export interface ClinicalServices {
  /** The store's connection, for the few reads the store API does not offer (Provenance by patient, signing keys). */
  db: StoreDb;
  drafts: NoteDrafts;
  keys: SigningKeys;
  credentials: CredentialStore;
  grants: BreakGlassGrants;
  /** CDS alert-fatigue suppressions (warning/info overrides) per user and patient. */
  suppressions: CdsSuppressions;
  api: ServerApi;
}

export function clinicalServices(db: StoreDb, api: ServerApi, now: () => Date): ClinicalServices {
  return { db, drafts: new NoteDrafts(db, now), keys: new SigningKeys(db), credentials: localCredentialStore(db, now), grants: new BreakGlassGrants(now), suppressions: new CdsSuppressions(db), api };
}
