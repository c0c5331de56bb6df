/**
 * Matching configuration: the Fellegi-Sunter weights of each agreement level and the thresholds
 * that turn a score into a decision. A weight is log2(m/u): m = P(level | same person),
 * u = P(level | different people) (Fellegi & Sunter, "A Theory for Record Linkage", JASA 1969).
 * Missing data on either side contributes 0. The defaults were tuned on the generated population
 * of the MPI benchmark (bench/src/mpi.bench.ts) and are meant to be re-tuned per site, so they are
 * data, validated with zod where configuration enters (server env, workstation settings).
 */
import { z } from 'zod';

const weight = z.number().min(-40).max(40);

export const MatchConfigSchema = z.object({
  /** log2 prior odds that two records in one block are the same person; shifts every score. */
  priorLog2Odds: weight,
  given: z.object({ exact: weight, nickname: weight, similar: weight, initial: weight, disagree: weight }),
  family: z.object({ exact: weight, similar: weight, former: weight, disagree: weight }),
  /** Cost of reading names the wrong way round (given in family and family in given); <= 0. */
  nameSwapped: z.number().min(-40).max(0),
  birthDate: z.object({ exact: weight, swappedDayMonth: weight, typo: weight, disagree: weight }),
  sex: z.object({ agree: weight, disagree: weight }),
  address: z.object({ exact: weight, similar: weight, postalOnly: weight, disagree: weight }),
  phone: z.object({ agree: weight, disagree: weight }),
  identifier: z.object({ agree: weight, conflict: weight }),
  /**
   * Identifier systems that name a person (national id, passport, insurance member id): two
   * records with different values in one of these are evidence against a match. Record-level
   * systems (MRNs, provisional MRNs) are left out: a duplicate has a different MRN by definition.
   */
  personIdentifierSystems: z.array(z.string().min(1)).max(100),
  thresholds: z
    .object({
      /** At or above: the same person (FHIR match-grade `certain`). */
      certain: z.number().min(0).max(1),
      /** At or above: `probable`. */
      probable: z.number().min(0).max(1),
      /** At or above: `possible`, shown to a person for review; below, not a candidate. */
      review: z.number().min(0).max(1),
    })
    .refine((t) => t.review <= t.probable && t.probable <= t.certain, { message: 'thresholds must satisfy review <= probable <= certain' }),
});
export type MatchConfig = z.infer<typeof MatchConfigSchema>;

/** FHIR identifier systems Lantern knows name a person, not a record. */
export const PERSON_IDENTIFIER_SYSTEMS = [
  'http://hl7.org/fhir/sid/us-ssn',
  'http://hl7.org/fhir/sid/passport-USA',
  'urn:oid:2.16.840.1.113883.4.1',
] as const;

export const DEFAULT_MATCH_CONFIG: MatchConfig = {
  priorLog2Odds: -10,
  given: { exact: 4, nickname: 3, similar: 2.5, initial: 0.5, disagree: -6 },
  family: { exact: 5, similar: 3.5, former: 4.5, disagree: -2 },
  nameSwapped: -1,
  birthDate: { exact: 8, swappedDayMonth: 5, typo: 4, disagree: -7 },
  sex: { agree: 0.5, disagree: -4 },
  address: { exact: 3, similar: 2, postalOnly: 0.5, disagree: -0.5 },
  phone: { agree: 3, disagree: -0.5 },
  identifier: { agree: 12, conflict: -10 },
  personIdentifierSystems: [...PERSON_IDENTIFIER_SYSTEMS],
  thresholds: { certain: 0.98, probable: 0.8, review: 0.3 },
};
