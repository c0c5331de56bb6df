/**
 * @lantern/core/notes: SOAP notes as DocumentReference, the Objective block from chart data,
 * content hashing and e-signature (Provenance), addenda, amended versions and version history.
 * Pure: hashing and signing are injected (see README.md for the key design).
 */
export * from './soap.ts';
export * from './objective.ts';
export * from './note-document.ts';
export * from './content-hash.ts';
export * from './signature.ts';
export * from './versions.ts';
export * from './autosave.ts';
