#!/usr/bin/env python3
"""Checks every RxNorm code of Lantern's CDS knowledge base against public RxNorm extracts and writes
kb/rxcui-verification.data.ts (committed; the audit test checks it against the knowledge base and
the README).

A code is confirmed by a source when the source lists that RXCUI under the same concept name as the
knowledge base (case, salt suffixes and a few international synonyms aside). A source that lists
the RXCUI under a different name is recorded as a conflict: the code is then not confirmed.

Sources (public repositories, read at a fixed commit from local clones; pass their git dirs):
  rxnorm-rrf    davidanderson3/rxnorm-ingredients@a8fcf13a679fa37073e8fa83e11d5e0d8cc07276 web/data/*.json:
                ingredients (IN/PIN/MIN) with their SCDC/SCD/SBD/packs, extracted from the RxNorm
                RRF release (RXNCONSO SAB=RXNORM, SUPPRESS=N). The file for names starting with
                "A" is not in the repository, so those ingredients need another source.
  ndfrt         dbmi-pitt/public-PDDI-analysis@8199ee66b60bcb337f777889a210dd0d72a96e8f
                PDDI-Datasets/Ndf-rt/NDFRT_RxNorm_mapping.csv (NDF-RT to RxNorm ingredient mapping).
  fda-unii      same repository and commit, PDDI-Datasets/Ndf-rt/FDA_RXNORM_DRUGBANK_CHEBI_COMBINED_MAPPING_04042014_TRIADS.tsv
                (FDA substance preferred term to RxNorm CUI).
  cpic          cpicpgx/cpic-schema@05f9b09c5fcdf674efe3289411994b54f979aedb drug.sql (CPIC drug table, RxNorm ids).
  onc-reference kb/reference/*.json: RXCUIs the transcriber checked against two public mappings
                (members with n_sources >= 2).

Usage (from the repo root):
  npx tsx -e "import('./packages/core/src/cds/kb/tools/rxcui-inventory.ts').then(m => console.log(JSON.stringify(m.rxcuiInventory())))" > /tmp/inventory.json
  python3 packages/core/src/cds/kb/tools/verify_rxcuis.py /tmp/inventory.json RXNORM_RRF_GIT PDDI_GIT CPIC_GIT
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.dirname(HERE)
RRF_COMMIT = 'a8fcf13a679fa37073e8fa83e11d5e0d8cc07276'
PDDI_COMMIT = '8199ee66b60bcb337f777889a210dd0d72a96e8f'
CPIC_COMMIT = '05f9b09c5fcdf674efe3289411994b54f979aedb'

inventory_path, rrf_git, pddi_git, cpic_git = sys.argv[1:5]
inventory = json.load(open(inventory_path))


def show(git_dir, commit, path):
    return subprocess.run(['git', '--git-dir', git_dir, 'show', f'{commit}:{path}'], capture_output=True, check=True).stdout.decode('utf-8', 'replace')


# International names and spellings RxNorm and other vocabularies use for the same ingredient.
SYNONYMS = {
    'salbutamol': 'albuterol', 'glibenclamide': 'glyburide', 'mesalazine': 'mesalamine', 'paracetamol': 'acetaminophen',
    'vitamin b12': 'cobalamin', 'cyanocobalamin': 'cobalamin', 'rifampicin': 'rifampin', 'sodium valproate': 'valproic acid',
    'valproate': 'valproic acid', 'hypericum perforatum': "st. john's wort", "st. john's wort extract": "st. john's wort",
    'methylthioninium chloride': 'methylene blue', 'ursodeoxycholate': 'ursodiol', 'dabigatran etexilate': 'dabigatran',
    'insulin aspart, human': 'insulin aspart', 'iron sucrose': 'iron sucrose complex', 'clodronic acid': 'clodronate',
    'insulin glargine, human': 'insulin glargine',
}
SUFFIXES = [' [chemical/ingredient]', ' [epc]', ' [moa]']


def norm(name):
    n = name.strip().lower()
    for s in SUFFIXES:
        if n.endswith(s):
            n = n[: -len(s)]
    n = re.sub(r'\s+', ' ', n).replace('st john', 'st. john').replace("st. johns", "st. john's")
    return SYNONYMS.get(n, n)


# source id -> rxcui -> set of names
sources = {k: {} for k in ('rxnorm-rrf', 'ndfrt', 'fda-unii', 'cpic', 'onc-reference')}


def put(src, rxcui, name):
    sources[src].setdefault(str(rxcui), set()).add(norm(name))


def walk(node):
    if isinstance(node, list):
        for x in node:
            walk(x)
    elif isinstance(node, dict):
        if 'RXCUI' in node and 'Name' in node:
            put('rxnorm-rrf', node['RXCUI'], node['Name'])
        for v in node.values():
            if isinstance(v, (list, dict)):
                walk(v)


listing = subprocess.run(['git', '--git-dir', rrf_git, 'ls-tree', '--name-only', RRF_COMMIT, 'web/data/'], capture_output=True, check=True).stdout.decode().split()
for path in listing:
    try:
        walk(json.loads(show(rrf_git, RRF_COMMIT, path)))
    except (subprocess.CalledProcessError, json.JSONDecodeError):
        print('unreadable (absent from the clone):', path, file=sys.stderr)

for line in show(pddi_git, PDDI_COMMIT, 'PDDI-Datasets/Ndf-rt/NDFRT_RxNorm_mapping.csv').splitlines()[1:]:
    parts = line.split(';')
    if len(parts) >= 3 and parts[0].isdigit():
        put('ndfrt', parts[0], parts[2])
for line in show(pddi_git, PDDI_COMMIT, 'PDDI-Datasets/Ndf-rt/FDA_RXNORM_DRUGBANK_CHEBI_COMBINED_MAPPING_04042014_TRIADS.tsv').splitlines()[1:]:
    parts = line.split('\t')
    if len(parts) >= 3 and parts[2].isdigit():
        put('fda-unii', parts[2], parts[0])
        if parts[3] != 'None':
            put('fda-unii', parts[2], parts[3])
for line in show(cpic_git, CPIC_COMMIT, 'drug.sql').splitlines():
    m = re.match(r'RxNorm:(\d+)\t([^\t]+)', line)
    if m:
        put('cpic', m.group(1), m.group(2))
for f in ('onc_high_priority_class_members.json', 'onc_non_interruptive_ddi.json'):
    for e in json.load(open(os.path.join(KB, 'reference', f)))['entries']:
        for m in e['object_members'] + e['precipitant_members']:
            if m['rxcui'].isdigit() and m.get('n_sources', 0) >= 2:
                put('onc-reference', m['rxcui'], m['normalized'])


FORM_WORDS = {'mg', 'ml', 'oral', 'tablet', 'capsule', 'suspension', 'solution', 'hydrochloride', 'potassium', 'phosphate',
              'bitartrate', 'sodium', 'extended', 'release', 'delayed', 'chewable', 'injection', 'injectable', 'topical'}


def product_matches(kb_name, names, loose):
    """RxNorm extract: every word of the knowledge base's name is in the source's name.
    NDF-RT (VA product names such as "acetaminophen 500mg tab [va product]"): the ingredient words and
    strengths of the knowledge base's name are in the source's, dose-form and salt words aside."""
    words = lambda s: set(re.findall(r'[a-z]+|[0-9]+(?:\.[0-9]+)?', s.lower()))
    want = words(kb_name) - (FORM_WORDS if loose else set())
    return any(want <= words(per_ml(n) if loose else n) for n in names)


def per_ml(name):
    """VA names give liquids per 5 mL ("125mg/5ml"); RxNorm per mL ("25 MG/ML")."""
    def conc(m):
        v = float(m.group(1)) / float(m.group(2))
        return f"{v:g} mg/ml"
    return re.sub(r'([0-9.]+)\s*mg\s*/\s*([0-9.]+)\s*ml', conc, name)


rows = []
for u in inventory:
    r, name = u['rxcui'], u['name']
    confirmed, conflicts = [], []
    for src, table in sources.items():
        names = table.get(r)
        if not names:
            continue
        if u['kind'] == 'product':
            if src not in ('rxnorm-rrf', 'ndfrt'):
                continue
            ok = product_matches(name, names, loose=(src == 'ndfrt'))
        else:
            ok = norm(name) in names
        if ok:
            confirmed.append(src)
        elif not (u['kind'] == 'product' and src == 'ndfrt'):  # VA product naming is not a conflict
            conflicts.append(f"{src}: {sorted(names)[0]}")
    # The RxNorm release extract is authoritative: a different name there means a wrong code.
    ok = bool(confirmed) and not any(c.startswith('rxnorm-rrf:') for c in conflicts)
    rows.append({**u, 'confirmedBy': confirmed if ok else [], 'conflicts': conflicts})

out = ['/**',
       ' * Verification of every RxNorm code in the knowledge base against public RxNorm extracts.',
       ' * GENERATED by tools/verify_rxcuis.py (sources and matching rule described there): do not edit by hand.',
       ' * `confirmedBy` lists the sources that give this RXCUI the same concept name; empty = unconfirmed.',
       ' * `conflicts` lists sources that give the RXCUI another name or spelling (informational; a different',
       ' * name in the RxNorm release extract leaves the code unconfirmed).',
       ' */',
       "import type { RxcuiVerification } from './rxcui-sources.ts';",
       '',
       'export const RXCUI_VERIFICATION: RxcuiVerification[] = [']
for row in rows:
    src = ', '.join(f"'{s}'" for s in row['confirmedBy'])
    conf = ', '.join(json.dumps(c) for c in row['conflicts'])
    out.append(f"  {{ rxcui: '{row['rxcui']}', name: {json.dumps(row['name'])}, kind: '{row['kind']}', confirmedBy: [{src}], conflicts: [{conf}] }},")
out.append('];')
with open(os.path.join(KB, 'rxcui-verification.data.ts'), 'w') as f:
    f.write('\n'.join(out) + '\n')

n_conf = sum(1 for r in rows if r['confirmedBy'])
print(f'{len(rows)} codes: {n_conf} confirmed, {len(rows) - n_conf} not')
for r in rows:
    if not r['confirmedBy'] or r['conflicts']:
        print('  ', r['rxcui'], r['name'], r['kind'], r['confirmedBy'], r['conflicts'])
