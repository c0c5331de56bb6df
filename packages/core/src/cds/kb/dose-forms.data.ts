/**
 * The forms each ingredient is given in (U.S. labels, section 3 "Dosage forms and strengths"), so
 * a dose unit that fits none of them is a hard stop (mg for a puff-only inhaler, mL for a drug
 * sold only as tablets). Ingredients not listed are not unit-checked; orders by product are
 * checked against the product's own unit (products.data.ts).
 */
import type { z } from 'zod';
import type { DoseFormEntrySchema } from './schema.ts';
import { LABEL } from './citations.ts';

type Entry = z.input<typeof DoseFormEntrySchema>;
type Form = Entry['forms'][number];
const f = (drug: string, rxcui: string, ...forms: Form[]): Entry => ({ rxcui, forms, source: LABEL(drug, 'section 3: dosage forms and strengths') });

export const DOSE_FORMS: Entry[] = [
  // Inhaled only (or inhaled and topical/nasal): dosed in puffs.
  f('Flovent HFA / Flonase / Cutivate (fluticasone)', '41126', 'inhaler', 'topical'),
  f('Serevent Diskus (salmeterol)', '36117', 'inhaler'),
  f('Spiriva HandiHaler / Respimat (tiotropium)', '69120', 'inhaler', 'capsule'),
  f('Qvar (beclomethasone)', '1347', 'inhaler'),
  f('Asmanex / Elocon (mometasone)', '108118', 'inhaler', 'topical'),
  f('Atrovent (ipratropium)', '7213', 'inhaler', 'nebulized'),
  f('Perforomist / Foradil (formoterol)', '25255', 'inhaler', 'nebulized'),
  f('ProAir / Ventolin / albuterol nebulizer solution and tablets', '435', 'inhaler', 'nebulized', 'tablet', 'oral-liquid'),
  f('Xopenex (levalbuterol)', '237159', 'inhaler', 'nebulized'),
  f('Pulmicort / Entocort / Uceris (budesonide)', '19831', 'inhaler', 'nebulized', 'capsule', 'tablet'),
  // Dosed in units.
  f('Lantus (insulin glargine)', '274783', 'unit-injection'),
  f('Humalog (insulin lispro)', '86009', 'unit-injection'),
  f('NovoLog (insulin aspart)', '51428', 'unit-injection'),
  f('Levemir (insulin detemir)', '139825', 'unit-injection'),
  f('heparin sodium injection', '5224', 'unit-injection'),
  // Potassium chloride is dosed in mEq.
  f('Klor-Con (potassium chloride)', '8591', 'meq-oral', 'injection'),
  // Oral solids only.
  f('Plavix (clopidogrel)', '32968', 'tablet'),
  f('Eliquis (apixaban)', '1364430', 'tablet'),
  f('Xarelto (rivaroxaban)', '1114195', 'tablet', 'oral-liquid'),
  f('Coumadin (warfarin)', '11289', 'tablet'),
  f('Flomax (tamsulosin)', '77492', 'capsule'),
  f('Proscar (finasteride)', '25025', 'tablet'),
  f('Glucotrol (glipizide)', '4821', 'tablet'),
  f('Actos (pioglitazone)', '33738', 'tablet'),
  f('Januvia (sitagliptin)', '593411', 'tablet'),
  f('Jardiance (empagliflozin)', '1545653', 'tablet'),
  f('Farxiga (dapagliflozin)', '1488564', 'tablet'),
  f('Cozaar (losartan)', '52175', 'tablet'),
  f('Diovan (valsartan)', '69749', 'tablet', 'oral-liquid'),
  f('Norvasc / Katerzia (amlodipine)', '17767', 'tablet', 'oral-liquid'),
  f('Zestril / Qbrelis (lisinopril)', '29046', 'tablet', 'oral-liquid'),
  f('Lopressor / Toprol-XL (metoprolol)', '6918', 'tablet', 'capsule', 'injection'),
  f('Tenormin (atenolol)', '1202', 'tablet'),
  f('Coreg (carvedilol)', '20352', 'tablet', 'capsule'),
  f('hydrochlorothiazide', '5487', 'tablet', 'capsule'),
  f('Lasix (furosemide)', '4603', 'tablet', 'oral-liquid', 'injection'),
  f('Aldactone / CaroSpir (spironolactone)', '9997', 'tablet', 'oral-liquid'),
  f('Lipitor (atorvastatin)', '83367', 'tablet', 'oral-liquid'),
  f('Pravachol (pravastatin)', '42463', 'tablet'),
  f('Crestor / Ezallor (rosuvastatin)', '301542', 'tablet', 'capsule'),
  f('Zocor (simvastatin)', '36567', 'tablet', 'oral-liquid'),
  f('Zetia (ezetimibe)', '341248', 'tablet'),
  f('Tricor / Trilipix (fenofibrate)', '8703', 'tablet', 'capsule'),
  f('Glucophage (metformin)', '6809', 'tablet', 'oral-liquid'),
  f('Synthroid / Tirosint (levothyroxine)', '10582', 'tablet', 'capsule', 'oral-liquid', 'injection'),
  f('Fosamax (alendronate)', '46041', 'tablet', 'oral-liquid'),
  f('Actonel (risedronate)', '73056', 'tablet'),
  f('Boniva (ibandronate)', '115264', 'tablet', 'injection'),
  f('methotrexate tablets / injection / Xatmep', '6851', 'tablet', 'injection', 'oral-liquid'),
  f('Zoloft (sertraline)', '36437', 'tablet', 'oral-liquid'),
  f('Lexapro (escitalopram)', '321988', 'tablet', 'oral-liquid'),
  f('Celexa (citalopram)', '2556', 'tablet', 'oral-liquid'),
  f('Desyrel (trazodone)', '10737', 'tablet'),
  f('Wellbutrin (bupropion)', '42347', 'tablet'),
  f('Ambien (zolpidem)', '39993', 'tablet'),
  f('Xanax (alprazolam)', '596', 'tablet', 'oral-liquid'),
  f('Flexeril (cyclobenzaprine)', '21949', 'tablet', 'capsule'),
  f('Neurontin (gabapentin)', '25480', 'capsule', 'tablet', 'oral-liquid'),
  f('Aricept (donepezil)', '135447', 'tablet'),
  f('Singulair (montelukast)', '88249', 'tablet', 'oral-liquid'),
  f('Zyloprim (allopurinol)', '519', 'tablet', 'injection'),
  f('Colcrys / Mitigare (colchicine)', '2683', 'tablet', 'capsule'),
  f('Protonix (pantoprazole)', '40790', 'tablet', 'oral-liquid', 'injection'),
  f('Prilosec (omeprazole)', '7646', 'capsule', 'tablet', 'oral-liquid'),
  f('Pepcid (famotidine)', '4278', 'tablet', 'oral-liquid', 'injection'),
  f('Claritin (loratadine)', '28889', 'tablet', 'oral-liquid'),
  f('Zyrtec (cetirizine)', '20610', 'tablet', 'oral-liquid'),
  f('Viagra / Revatio (sildenafil)', '136411', 'tablet', 'oral-liquid', 'injection'),
  f('Cialis / Adcirca (tadalafil)', '358263', 'tablet', 'oral-liquid'),
  // Oral and injectable, by mass.
  f('Tylenol / Ofirmev (acetaminophen)', '161', 'tablet', 'capsule', 'oral-liquid', 'injection', 'suppository'),
  f('Motrin / Caldolor (ibuprofen)', '5640', 'tablet', 'capsule', 'oral-liquid', 'injection'),
  f('Naprosyn (naproxen)', '7258', 'tablet', 'oral-liquid'),
  f('Mobic / Anjeso (meloxicam)', '41493', 'tablet', 'capsule', 'injection'),
  f('Celebrex / Elyxyb (celecoxib)', '140587', 'capsule', 'oral-liquid'),
  f('Amoxil (amoxicillin)', '723', 'capsule', 'tablet', 'oral-liquid'),
  f('Keflex (cephalexin)', '2231', 'capsule', 'tablet', 'oral-liquid'),
  f('Zithromax (azithromycin)', '18631', 'tablet', 'oral-liquid', 'injection'),
  f('Cipro (ciprofloxacin)', '2551', 'tablet', 'oral-liquid', 'injection'),
  f('Macrobid / Furadantin (nitrofurantoin)', '7454', 'capsule', 'oral-liquid'),
  f('Vibramycin (doxycycline)', '3640', 'tablet', 'capsule', 'oral-liquid', 'injection'),
  f('Valtrex (valacyclovir)', '73645', 'tablet'),
  f('prednisone', '8640', 'tablet', 'oral-liquid'),
  f('Zofran (ondansetron)', '26225', 'tablet', 'oral-liquid', 'injection'),
  f('Ultram / Qdolo (tramadol)', '10689', 'tablet', 'capsule', 'oral-liquid'),
  f('Lovenox (enoxaparin)', '67108', 'injection'),
  f('Ozempic / Rybelsus (semaglutide)', '1991302', 'injection', 'tablet'),
  f('Trulicity (dulaglutide)', '1551291', 'injection'),
  f('Victoza (liraglutide)', '475968', 'injection'),
];
