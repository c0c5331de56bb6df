/**
 * The lab and imaging orders Lantern offers, LOINC-coded (https://loinc.org). Codes are the order
 * panels and imaging studies as LOINC names them; the CDS duplicate-order rule matches on the same codes.
 */
export type ServiceKind = 'lab' | 'imaging' | 'procedure';

export interface ServiceCatalogEntry {
  loinc: string;
  name: string;
  kind: ServiceKind;
  /** Other words a clinician types for it. */
  synonyms: readonly string[];
}

export const SERVICE_CATALOG: readonly ServiceCatalogEntry[] = [
  { loinc: '58410-2', name: 'CBC panel (complete blood count)', kind: 'lab', synonyms: ['cbc', 'blood count', 'hemogram'] },
  { loinc: '51990-0', name: 'Basic metabolic panel (BMP)', kind: 'lab', synonyms: ['bmp', 'chem 7', 'electrolytes'] },
  { loinc: '24323-8', name: 'Comprehensive metabolic panel (CMP)', kind: 'lab', synonyms: ['cmp', 'chem 14'] },
  { loinc: '4548-4', name: 'Hemoglobin A1c', kind: 'lab', synonyms: ['hba1c', 'a1c', 'glycated hemoglobin'] },
  { loinc: '57698-3', name: 'Lipid panel', kind: 'lab', synonyms: ['lipids', 'cholesterol'] },
  { loinc: '34714-6', name: 'INR (prothrombin time)', kind: 'lab', synonyms: ['inr', 'pt', 'coagulation'] },
  { loinc: '3016-3', name: 'TSH (thyrotropin)', kind: 'lab', synonyms: ['tsh', 'thyroid'] },
  { loinc: '24356-8', name: 'Urinalysis complete', kind: 'lab', synonyms: ['ua', 'urine'] },
  { loinc: '2160-0', name: 'Creatinine, serum', kind: 'lab', synonyms: ['creatinine', 'renal function'] },
  { loinc: '2823-3', name: 'Potassium, serum', kind: 'lab', synonyms: ['potassium', 'k'] },
  { loinc: '10839-9', name: 'Troponin I, cardiac', kind: 'lab', synonyms: ['troponin', 'trop'] },
  { loinc: '2524-7', name: 'Lactate, serum or plasma', kind: 'lab', synonyms: ['lactate', 'lactic acid'] },
  { loinc: '600-7', name: 'Blood culture (bacteria identified)', kind: 'lab', synonyms: ['blood culture', 'cultures'] },
  { loinc: '2345-7', name: 'Glucose, serum or plasma', kind: 'lab', synonyms: ['glucose', 'blood sugar'] },
  { loinc: '19123-9', name: 'Magnesium, serum or plasma', kind: 'lab', synonyms: ['magnesium', 'mg'] },
  { loinc: '2777-1', name: 'Phosphate, serum or plasma', kind: 'lab', synonyms: ['phosphate', 'phosphorus'] },
  { loinc: '30934-4', name: 'BNP (natriuretic peptide B)', kind: 'lab', synonyms: ['bnp'] },
  { loinc: '36643-5', name: 'XR Chest 2 views', kind: 'imaging', synonyms: ['chest x-ray', 'cxr', 'chest xray'] },
  { loinc: '30799-1', name: 'CT Head without contrast', kind: 'imaging', synonyms: ['ct head', 'head ct'] },
  { loinc: '11524-6', name: 'ECG study (EKG)', kind: 'procedure', synonyms: ['ecg', 'ekg', 'electrocardiogram'] },
];

const byLoinc = new Map(SERVICE_CATALOG.map((e) => [e.loinc, e]));
export const serviceByLoinc = (loinc: string): ServiceCatalogEntry | undefined => byLoinc.get(loinc);

/** Entries whose name, a synonym or the LOINC code starts a word with `query`; name matches first. */
export function searchServiceCatalog(query: string, kind?: ServiceKind): ServiceCatalogEntry[] {
  const q = query.trim().toLowerCase();
  const pool = kind === undefined ? SERVICE_CATALOG : SERVICE_CATALOG.filter((e) => e.kind === kind);
  if (q === '') return [...pool];
  const rank = (e: ServiceCatalogEntry): number | null => {
    const words = (s: string): string[] => s.toLowerCase().split(/[\s(),/-]+/);
    if (e.name.toLowerCase().startsWith(q) || e.loinc.startsWith(q)) return 0;
    if (words(e.name).some((w) => w.startsWith(q))) return 1;
    if (e.synonyms.some((s) => s.startsWith(q) || words(s).some((w) => w.startsWith(q)))) return 2;
    return null;
  };
  return pool.map((e) => ({ e, r: rank(e) })).filter((x): x is { e: ServiceCatalogEntry; r: number } => x.r !== null).sort((a, b) => a.r - b.r).map((x) => x.e);
}
