/** What the clinician decides for one inbox entry (the host's conflicts.resolve input). */
export type ConflictChoice =
  | { kind: 'keep-mine' }
  | { kind: 'take-server' }
  /** Top-level fields taken from my version; everything else stays the server's (core mergeByField). */
  | { kind: 'edited-merge'; mineFields: string[] };
