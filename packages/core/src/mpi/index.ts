/**
 * The master patient index: pure matching of patient records (ARCHITECTURE.md, Data model).
 *
 *   const index = new MatchIndex(DEFAULT_MATCH_CONFIG);
 *   index.add(matchPersonFromPatient(existing));
 *   const likely = index.match(matchPersonFromPatient(newRegistration), { count: 5 });
 *
 * The server stores `blockingKeys` in Postgres and scores candidates with `rankCandidates`.
 */
export * from './config.ts';
export * from './person.ts';
export * from './strings.ts';
export * from './nicknames.ts';
export * from './compare.ts';
export * from './score.ts';
export * from './blocking.ts';
export * from './match-index.ts';
export * from './population.ts';
export * from './mrn.ts';
export * from './registration.ts';
export * from './merge.ts';
