/**
 * The public RxNorm extracts the knowledge base's codes are checked against (tools/verify_rxcuis.py),
 * each cited by repository, commit and file, and the shape of one verification record
 * (rxcui-verification.data.ts).
 */
import type { Citation } from './schema.ts';

export const RXCUI_SOURCES = {
  'rxnorm-rrf': {
    label: 'RxNorm ingredient extract from the NLM RxNorm RRF release (RXNCONSO/RXNREL, SAB=RXNORM, not suppressed): ingredients with their clinical and branded drugs; davidanderson3/rxnorm-ingredients@a8fcf13a679fa37073e8fa83e11d5e0d8cc07276, web/data/*.json (names starting with A absent)',
    url: 'https://github.com/davidanderson3/rxnorm-ingredients',
  },
  ndfrt: {
    label: 'NDF-RT to RxNorm mapping, dbmi-pitt/public-PDDI-analysis@8199ee66b60bcb337f777889a210dd0d72a96e8f, PDDI-Datasets/Ndf-rt/NDFRT_RxNorm_mapping.csv',
    url: 'https://github.com/dbmi-pitt/public-PDDI-analysis',
  },
  'fda-unii': {
    label: 'FDA substance (UNII) to RxNorm mapping, dbmi-pitt/public-PDDI-analysis@8199ee66b60bcb337f777889a210dd0d72a96e8f, PDDI-Datasets/Ndf-rt/FDA_RXNORM_DRUGBANK_CHEBI_COMBINED_MAPPING_04042014_TRIADS.tsv',
    url: 'https://github.com/dbmi-pitt/public-PDDI-analysis',
  },
  cpic: {
    label: 'CPIC drug table with RxNorm ids, cpicpgx/cpic-schema@05f9b09c5fcdf674efe3289411994b54f979aedb, drug.sql',
    url: 'https://github.com/cpicpgx/cpic-schema',
  },
  'onc-reference': {
    label: 'ONC list transcriptions (kb/reference/), members whose RXCUI the transcriber found in at least two public RxNorm mappings',
    url: 'https://github.com/dbmi-pitt/public-PDDI-analysis',
  },
} as const satisfies Record<string, Citation>;

export type RxcuiSource = keyof typeof RXCUI_SOURCES;

export interface RxcuiVerification {
  rxcui: string;
  /** The knowledge base's name for the concept. */
  name: string;
  kind: 'ingredient' | 'product';
  /** Sources listing this RXCUI under the same concept name; empty = unconfirmed. */
  confirmedBy: RxcuiSource[];
  /** Sources listing the RXCUI under another name or spelling (informational). */
  conflicts: string[];
}
