#!/usr/bin/env python3
"""Generates the ingredient, class and ONC interaction data modules of Lantern's CDS knowledge base.

Inputs: curated_ingredients.txt (beside this file) and the reference transcriptions in
shared/reference (onc_high_priority_class_members.json, onc_non_interruptive_ddi.json).
Run from the repo root:  python3 packages/core/src/cds/kb/tools/generate.py   (reads kb/reference/, copies of shared/reference)
The outputs are committed; re-run only when an input changes, then review the diff.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.dirname(HERE)
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(KB, 'reference')

slug = lambda s: re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')

hp = json.load(open(os.path.join(REF, 'onc_high_priority_class_members.json')))
ni = json.load(open(os.path.join(REF, 'onc_non_interruptive_ddi.json')))

# --- CredibleMeds "Known Risk of TdP" members used to fill ONC row 21 (QT + QT) -----------------
QT_KNOWN_RISK = {
    'amiodarone': '703', 'anagrelide': '596724', 'arsenic trioxide': '18330', 'azithromycin': '18631',
    'chloroquine': '2393', 'chlorpromazine': '2403', 'cilostazol': '21107', 'ciprofloxacin': '2551',
    'citalopram': '2556', 'clarithromycin': '21212', 'disopyramide': '3541', 'dofetilide': '49247',
    'donepezil': '135447', 'dronedarone': '233698', 'droperidol': '3648', 'erythromycin': '4053',
    'escitalopram': '321988', 'flecainide': '4441', 'fluconazole': '4450', 'gatifloxacin': '228476',
    'haloperidol': '5093', 'ibutilide': '41289', 'levofloxacin': '82122', 'methadone': '6813',
    'moxifloxacin': '139462', 'ondansetron': '26225', 'oxaliplatin': '32592', 'pentamidine': '7994',
    'pimozide': '8331', 'procainamide': '8700', 'propofol': '8782', 'quinidine': '9068',
    'sevoflurane': '36453', 'sotalol': '9947', 'thioridazine': '10502',
}

# Classes given to list members that the curated table does not already classify, by
# (list, entry number, side). Only where the list's class is a real pharmacologic class.
HP_SIDE_CLASS = {
    (3, 'p'): 'maoi', (8, 'o'): None, (8, 'p'): 'maoi', (11, 'p'): None, (16, 'o'): 'opioid', (16, 'p'): 'maoi',
    (20, 'o'): 'tca', (20, 'p'): 'maoi', (23, 'p'): 'protease-inhibitor', (25, 'o'): 'statin',
    (27, 'o'): None, (27, 'p'): 'ergot-alkaloid', (31, 'o'): 'triptan', (31, 'p'): None, (4, 'p'): 'ppi',
}
NI_SIDE_CLASS = {
    (1, 'o'): 'ace-inhibitor', (2, 'p'): 'statin', (3, 'o'): 'beta-blocker', (3, 'p'): 'ssri', (4, 'o'): 'iron-salt',
    (5, 'o'): 'thiazide', (6, 'o'): 'thyroid-hormone', (6, 'p'): 'calcium-salt', (8, 'p'): 'nsaid',
    (10, 'o'): 'calcineurin-inhibitor', (10, 'p'): 'corticosteroid-systemic', (11, 'o'): 'antacid',
    (12, 'o'): 'bisphosphonate', (15, 'o'): 'sulfonylurea', (16, 'o'): 'iron-salt', (21, 'p'): 'azole-antifungal',
    (23, 'p'): 'arb', (25, 'p'): 'benzodiazepine', (27, 'o'): 'zinc-salt', (27, 'p'): 'fluoroquinolone',
    (30, 'o'): 'progestin', (31, 'p'): 'ccb-dihydropyridine', (32, 'p'): 'anticholinesterase', (17, 'o'): None,
}
EXTRA_CLASSES = {'protease-inhibitor': ['85762', '134527', '343047', '114289', '83395', '228656', '460132', '195088', '190548', '358262'],
                 'maoi': ['10734', '8123', '6011', '9639', '30121'], 'ssri': [], 'serotonergic': []}

curated = {}
order = []
for line in open(os.path.join(HERE, 'curated_ingredients.txt')):
    line = line.strip()
    if not line or line.startswith('#'):
        continue
    name, rxcui, classes, flag = line.split('|')
    if rxcui in curated:
        raise SystemExit(f'duplicate RXCUI {rxcui} ({name} / {curated[rxcui]["name"]})')
    curated[rxcui] = {'name': name, 'classes': classes.split(), 'flag': flag}
    order.append(rxcui)

ing = {}  # rxcui -> {name, classes:set, src:set, flag}
def add(rxcui, name, cls=None, src=None, flag='v'):
    e = ing.setdefault(rxcui, {'name': name, 'classes': set(), 'src': set(), 'flag': flag})
    if cls:
        e['classes'].add(cls)
    if src:
        e['src'].add(src)

for r in order:
    c = curated[r]
    add(r, c['name'], src='curated', flag=c['flag'])
    for k in c['classes']:
        ing[r]['classes'].add(k)

hp_rows = []
for e in hp['entries']:
    n = e['table2_candidate_no']
    for side, key in (('o', 'object_members'), ('p', 'precipitant_members')):
        for m in e[key]:
            cls = HP_SIDE_CLASS.get((n, side)) if m['rxcui'] not in curated else None
            add(m['rxcui'], m['normalized'], cls, 'onc-hp')
    hp_rows.append(e)
for cls, members in EXTRA_CLASSES.items():
    for r in members:
        if r in ing and r not in curated:
            ing[r]['classes'].add(cls)
ni_rows = []
SALICYLATES = ['1191', '36108', '3393']  # aspirin, salsalate, diflunisal (RXCUIs from the same list's NSAID column)
for e in ni['entries']:
    n = e['list_no']
    for side, key in (('o', 'object_members'), ('p', 'precipitant_members')):
        members = e[key]
        if e[key == 'object_members' and 'object_class' or 'precipitant_class'] == 'Salicylates':
            continue  # the transcription's salicylate column is wrong (methacholine, niclosamide...): replaced below
        for m in members:
            if m['rxcui'] == 'UNVERIFIED':
                continue
            cls = NI_SIDE_CLASS.get((n, side)) if m['rxcui'] not in curated else None
            add(m['rxcui'], m['normalized'], cls, 'onc-ni')
    ni_rows.append(e)
for name, r in QT_KNOWN_RISK.items():
    if r not in ing:
        raise SystemExit(f'QT member {name} {r} missing from curated table')
    ing[r]['src'].add('crediblemeds')
    ing[r]['classes'].add('qt-known-risk')
for r, e in ing.items():
    if 'serotonergic' in e['classes'] or any(c in e['classes'] for c in ('ssri', 'snri', 'tca', 'triptan', 'maoi')):
        e['classes'].add('serotonergic')

# --- emit ingredients -------------------------------------------------------------------------
SRC = {'curated': 'FORMULARY', 'onc-hp': 'ONC_HP', 'onc-ni': 'ONC_NI', 'crediblemeds': 'CREDIBLEMEDS_KR'}
rows = []
for r in sorted(ing, key=lambda x: ing[x]['name']):
    e = ing[r]
    srcs = ', '.join(['RXNORM'] + [SRC[s] for s in sorted(e['src'])])
    note = '' if e['flag'] == 'v' else ", note: 'RXCUI from the curator\\'s memory of RxNorm; not cross-checked against a second mapping'"
    if 'onc-hp' in e['src'] or 'onc-ni' in e['src']:
        note = ''  # the reference transcription checked these against at least two mappings
    rows.append(f"  {{ rxcui: '{r}', name: {json.dumps(e['name'])}, classes: {json.dumps(sorted(e['classes']))}, sources: [{srcs}]{note} }},")

with open(os.path.join(KB, 'ingredients.data.ts'), 'w') as f:
    f.write('''/**
 * Ingredients (RxNorm TTY=IN) known to Lantern's CDS, with their drug classes.
 * GENERATED by tools/generate.py from tools/curated_ingredients.txt and the ONC list transcriptions:
 * edit those and re-run, do not edit this file by hand.
 */
import type { z } from 'zod';
import type { IngredientSchema } from './schema.ts';
import { CREDIBLEMEDS_KR, FORMULARY, ONC_HP, ONC_NI, RXNORM } from './citations.ts';

export const INGREDIENTS: z.input<typeof IngredientSchema>[] = [
''')
    f.write('\n'.join(rows) + '\n];\n')

# --- emit ONC interactions --------------------------------------------------------------------
EFFECTS = {3: 'hypertensive crisis (MAOI with an amphetamine derivative)', 4: 'atazanavir exposure falls: loss of HIV control',
           6: 'azathioprine/mercaptopurine toxicity: bone-marrow suppression', 8: 'serotonin syndrome (MAOI with a serotonergic antidepressant)',
           11: 'irinotecan toxicity (CYP3A4 inhibition)', 16: 'serotonin syndrome or hypertensive crisis (MAOI with opioid)',
           20: 'serotonin syndrome, hypertensive crisis (MAOI with a TCA)', 21: 'additive QT prolongation: torsades de pointes',
           22: 'ramelteon exposure rises many-fold (CYP1A2 inhibition)', 23: 'protease inhibitor exposure falls: loss of HIV control',
           25: 'myopathy and rhabdomyolysis (statin exposure rises)', 27: 'ergotism: vasospasm and ischaemia (CYP3A4 inhibition)',
           28: 'tizanidine exposure rises: hypotension, sedation', 30: 'hypertensive crisis (two MAO inhibitors)',
           31: 'serotonin syndrome (MAOI with a triptan)'}
ALTS = {25: [('42463', 'pravastatin'), ('301542', 'rosuvastatin')], 4: [('4278', 'famotidine')]}
out = []
for e in hp_rows:
    n = e['table2_candidate_no']
    oc = e['object_class'].replace('\n', ' ')
    pc = e['precipitant_class'] or 'Azathioprine / mercaptopurine'
    o = [m['rxcui'] for m in e['object_members']]
    p = [m['rxcui'] for m in e['precipitant_members']]
    if n == 21:
        o = p = sorted(set(QT_KNOWN_RISK.values()), key=int)
        src = 'QT_SOURCE'
    else:
        src = 'ONC_HP_ENTRY'
    eid = f"ddi/onc-hp/{n:02d}-{slug(oc)[:28].strip('-')}--{slug(pc)[:28].strip('-')}"
    alts = ', '.join(f"{{ rxcui: '{a}', name: '{b}' }}" for a, b in ALTS.get(n, []))
    out.append(f"""  {{
    id: '{eid}', origin: 'onc-high-priority', severity: 'critical',
    object: {{ label: {json.dumps(oc)}, rxcuis: {json.dumps(o)} }},
    precipitant: {{ label: {json.dumps(pc)}, rxcuis: {json.dumps(p)} }},
    effect: {json.dumps(EFFECTS[n])},
    management: 'ONC high-priority pair: contraindicated for concurrent use. Choose an alternative unless the benefit clearly outweighs the risk.',
    source: {src}(`Table 2, pair {n}`), alternatives: [{alts}], alternativesReplace: '{'object' if n == 25 else 'precipitant'}',
  }},""")
for e in ni_rows:
    n = e['list_no']
    oc, pc = e['object_class'], e['precipitant_class']
    o = [m['rxcui'] for m in e['object_members'] if m['rxcui'] != 'UNVERIFIED']
    p = [m['rxcui'] for m in e['precipitant_members'] if m['rxcui'] != 'UNVERIFIED']
    fix = ''
    if oc == 'Salicylates': o = SALICYLATES; fix = ' Salicylate members: aspirin, salsalate, diflunisal.'
    if pc == 'Salicylates': p = SALICYLATES; fix = ' Salicylate members: aspirin, salsalate, diflunisal.'
    if not o and oc.lower().startswith('niacin'): o = ['7393']
    if not o and oc.lower().startswith('clopidogrel'): o = ['32968']
    if not o and oc.lower().startswith('omeprazole'): o = ['7646']
    if not p and pc.lower().startswith('acetaminophen'): p = ['161']
    if not p and pc.lower().startswith('vitamin e'): continue  # no RXCUI checked for vitamin E
    if not o or not p:
        raise SystemExit(f'empty side in NI {n}')
    eid = f"ddi/onc-ni/{n:02d}-{slug(oc)[:28].strip('-')}--{slug(pc)[:28].strip('-')}"
    out.append(f"""  {{
    id: '{eid}', origin: 'onc-non-interruptive', severity: 'info',
    object: {{ label: {json.dumps(oc)}, rxcuis: {json.dumps(o)} }},
    precipitant: {{ label: {json.dumps(pc)}, rxcuis: {json.dumps(p)} }},
    effect: 'known, usually manageable interaction (non-interruptive)',
    management: {json.dumps('Listed as non-interruptive by the ONC expert panel: shown for information, no action required.' + fix)},
    source: ONC_NI_ENTRY(`list item {n}`),
  }},""")
with open(os.path.join(KB, 'interactions-onc.data.ts'), 'w') as f:
    f.write('''/**
 * The ONC high-priority drug-drug interaction list (every pair critical; row 21, QT + QT, filled from
 * CredibleMeds "Known Risk of TdP") and the ONC non-interruptive list (info only).
 * GENERATED by tools/generate.py from shared/reference: do not edit by hand.
 * Non-interruptive list: the transcription's "Salicylates" members (aminosalicylate, methacholine,
 * morpholine salicylate, niclosamide) are wrong and were replaced by aspirin, salsalate and diflunisal;
 * members marked UNVERIFIED in the transcription, and the vitamin E row, are left out.
 */
import type { z } from 'zod';
import type { InteractionSchema } from './schema.ts';
import { ONC_HP_ENTRY, ONC_NI_ENTRY, QT_SOURCE } from './citations.ts';

export const ONC_INTERACTIONS: z.input<typeof InteractionSchema>[] = [
''')
    f.write('\n'.join(out) + '\n];\n')

all_classes = sorted({c for e in ing.values() for c in e['classes']})
print('ingredients', len(ing), 'curated', len(curated), 'classes', len(all_classes))
print(' '.join(all_classes))
