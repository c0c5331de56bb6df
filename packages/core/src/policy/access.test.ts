import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROLES, type Role } from './roles.ts';
import {
  ACCESS_ACTIONS, ACCESS_RELATIONS, POLICY_RESOURCE_TYPES, decideAccess, readableResourceTypes,
  type AccessRequest, type Action, type Relation,
} from './access.ts';

/**
 * The policy as a reviewer reads it. Columns: the actions allowed on the care team, on the unit,
 * with no relation, and with no relation under break-glass (`*` = allowed but flagged for review).
 * Letters: r read, s search, c create, u update, d delete; `-` nothing. A role × type pair that is
 * not listed is denied everything, in every relation, with or without break-glass.
 */
const POLICY_TABLE = `
physician       | Patient                                                                            | rscu  | rs | -  | rs*
physician       | Encounter Condition AllergyIntolerance MedicationRequest MedicationStatement       | rscud | rs | -  | rs*
physician       | Observation DiagnosticReport ServiceRequest DocumentReference Composition          | rscud | rs | -  | rs*
physician       | Provenance                                                                         | rsc   | rs | -  | rs*
physician       | Practitioner                                                                       | rs    | rs | rs | rs
nurse           | Patient                                                                            | rs    | rs | -  | rs*
nurse           | AllergyIntolerance                                                                 | rscu  | rs | -  | rs*
nurse           | Observation DocumentReference Composition                                          | rscu  | -  | -  | rs*
nurse           | MedicationRequest ServiceRequest                                                   | rsu   | -  | -  | rs*
nurse           | Provenance                                                                         | rsc   | -  | -  | rs*
nurse           | Encounter Condition MedicationStatement DiagnosticReport                           | rs    | -  | -  | rs*
nurse           | Practitioner                                                                       | rs    | rs | rs | rs
billing         | Patient Encounter Condition ExplanationOfBenefit                                   | rs    | rs | -  | -
billing         | Coverage Account Claim                                                             | rscu  | rs | -  | -
privacy_officer | AuditEvent                                                                         | rs    | rs | rs | rs
admin           | User Device Practitioner                                                           | rscud | rscud | rscud | rscud
registrar       | Patient                                                                            | rscu  | rscu | rs | rs
registrar       | Coverage                                                                           | rscu  | rs | -  | -
registrar       | Practitioner                                                                       | rs    | rs | rs | rs
`;

const LETTER: Record<Action, string> = { read: 'r', search: 's', create: 'c', update: 'u', delete: 'd' };
type Expectation = { allowed: false } | { allowed: true; flagged: boolean };
type Column = Relation | 'break-glass';

function parseTable(): Map<string, Record<Column, string>> {
  const rows = new Map<string, Record<Column, string>>();
  for (const line of POLICY_TABLE.trim().split('\n')) {
    const [role, types, careTeam, unit, none, bg] = line.split('|').map((c) => c.trim());
    if (role === undefined || types === undefined || careTeam === undefined || unit === undefined || none === undefined || bg === undefined) {
      throw new Error(`bad policy table line: ${line}`);
    }
    for (const type of types.split(/\s+/)) {
      const key = `${role}/${type}`;
      if (rows.has(key)) throw new Error(`duplicate policy table row ${key}`);
      rows.set(key, { 'care-team': careTeam, unit, none, 'break-glass': bg });
    }
  }
  return rows;
}
const TABLE = parseTable();

function expected(role: Role, type: string, action: Action, column: Column): Expectation {
  const cell = TABLE.get(`${role}/${type}`)?.[column] ?? '-';
  if (!cell.includes(LETTER[action])) return { allowed: false };
  return { allowed: true, flagged: cell.endsWith('*') };
}

const reqArb: fc.Arbitrary<AccessRequest> = fc.record({
  role: fc.constantFrom(...ROLES),
  resourceType: fc.constantFrom(...POLICY_RESOURCE_TYPES),
  action: fc.constantFrom(...ACCESS_ACTIONS),
  relation: fc.constantFrom(...ACCESS_RELATIONS),
  breakGlass: fc.boolean(),
});
const isRead = (a: Action) => a === 'read' || a === 'search';
const NOT_FOR_BILLING = ['DocumentReference', 'Composition', 'Observation', 'DiagnosticReport', 'MedicationRequest', 'MedicationStatement', 'ServiceRequest', 'AllergyIntolerance', 'Provenance'];
const CLINICAL = ['Patient', 'Encounter', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'MedicationStatement', 'Observation', 'DiagnosticReport', 'ServiceRequest', 'DocumentReference', 'Composition', 'Provenance'];
const BILLING_DATA = ['Coverage', 'Account', 'Claim', 'ExplanationOfBenefit'];

describe('decideAccess: the policy table', () => {
  it('only names roles and types the policy knows', () => {
    for (const key of TABLE.keys()) {
      const [role, type] = key.split('/');
      expect(ROLES).toContain(role);
      expect(POLICY_RESOURCE_TYPES).toContain(type);
    }
  });

  for (const role of ROLES) {
    it(`${role}: every type × action × relation, with and without break-glass`, () => {
      for (const type of POLICY_RESOURCE_TYPES) {
        for (const action of ACCESS_ACTIONS) {
          for (const relation of ACCESS_RELATIONS) {
            const what = `${role} ${action} ${type} (${relation})`;
            const plain = decideAccess({ role, resourceType: type, action, relation });
            const want = expected(role, type, action, relation);
            expect(plain.allowed, what).toBe(want.allowed);
            if (plain.allowed) expect(plain.flagged, what).toBe(false);
            else expect(plain.reason, what).toMatch(new RegExp(`^${role} may not ${action} ${type}`));
            if (relation === 'none') {
              const bg = decideAccess({ role, resourceType: type, action, relation, breakGlass: true });
              expect(bg, `${what} with break-glass`).toMatchObject(expected(role, type, action, 'break-glass'));
            }
          }
        }
      }
    });
  }

  it('break-glass lifts a nurse to read an unassigned patient on her unit, flagged; it adds nothing where access is already normal', () => {
    expect(decideAccess({ role: 'nurse', resourceType: 'Observation', action: 'read', relation: 'unit', breakGlass: true })).toEqual({ allowed: true, flagged: true });
    expect(decideAccess({ role: 'nurse', resourceType: 'Observation', action: 'create', relation: 'unit', breakGlass: true }).allowed).toBe(false);
    expect(decideAccess({ role: 'physician', resourceType: 'Observation', action: 'read', relation: 'care-team', breakGlass: true })).toEqual({ allowed: true, flagged: false });
  });

  it('explains a denial without naming anyone', () => {
    const d = decideAccess({ role: 'nurse', resourceType: 'MedicationRequest', action: 'create', relation: 'care-team' });
    expect(d).toEqual({ allowed: false, reason: 'nurse may not create MedicationRequest' });
    const none = decideAccess({ role: 'physician', resourceType: 'Patient', action: 'read', relation: 'none' });
    expect(none.allowed === false && none.reason).toMatch(/break-glass required/);
  });

  it('denies types it does not know', () => {
    expect(decideAccess({ role: 'physician', resourceType: 'Immunization', action: 'read', relation: 'care-team' })).toMatchObject({ allowed: false, reason: 'unknown resource type Immunization' });
    expect(decideAccess({ role: 'admin', resourceType: 'user', action: 'read', relation: 'none' }).allowed).toBe(false);
  });
});

describe('decideAccess: invariants', () => {
  it('no role but privacy_officer ever reads the audit log, and nobody writes it', () => {
    fc.assert(
      fc.property(reqArb, (req) => {
        if (req.resourceType !== 'AuditEvent') return;
        const d = decideAccess(req);
        expect(d.allowed).toBe(req.role === 'privacy_officer' && isRead(req.action));
      }),
      { numRuns: 2000 },
    );
  });

  it('billing never reads notes, observations, results or medications under any relation', () => {
    fc.assert(
      fc.property(reqArb, fc.constantFrom(...NOT_FOR_BILLING), (req, type) => {
        expect(decideAccess({ ...req, role: 'billing', resourceType: type }).allowed).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('admin and privacy_officer never touch clinical data; nurses and physicians never touch billing data', () => {
    fc.assert(
      fc.property(reqArb, fc.constantFrom(...CLINICAL), fc.constantFrom(...BILLING_DATA), (req, clinical, billing) => {
        expect(decideAccess({ ...req, role: 'admin', resourceType: clinical }).allowed).toBe(false);
        expect(decideAccess({ ...req, role: 'privacy_officer', resourceType: clinical }).allowed).toBe(false);
        expect(decideAccess({ ...req, role: 'nurse', resourceType: billing }).allowed).toBe(false);
        expect(decideAccess({ ...req, role: 'physician', resourceType: billing }).allowed).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('break-glass never grants a write and never helps billing, admin or privacy_officer', () => {
    fc.assert(
      fc.property(reqArb, (req) => {
        const without = decideAccess({ ...req, breakGlass: false });
        const withBg = decideAccess({ ...req, breakGlass: true });
        if (!isRead(req.action) || req.role === 'billing' || req.role === 'admin' || req.role === 'privacy_officer') {
          expect(withBg.allowed).toBe(without.allowed);
          if (withBg.allowed) expect(withBg.flagged).toBe(false);
        }
        // Whatever break-glass adds is flagged; what was allowed anyway is not.
        if (withBg.allowed) expect(withBg.flagged).toBe(!without.allowed);
      }),
      { numRuns: 3000 },
    );
  });

  it('never flags a decision made without break-glass', () => {
    fc.assert(
      fc.property(reqArb, (req) => {
        const d = decideAccess({ ...req, breakGlass: false });
        if (d.allowed) expect(d.flagged).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readableResourceTypes', () => {
  it('lists exactly the types decideAccess lets the role read without break-glass', () => {
    for (const role of ROLES) {
      for (const relation of ACCESS_RELATIONS) {
        const readable = POLICY_RESOURCE_TYPES.filter((t) => decideAccess({ role, resourceType: t, action: 'read', relation }).allowed);
        expect(readableResourceTypes(role, relation)).toEqual(readable);
      }
    }
  });

  it('gives a nurse on the unit only the banner: the patient and their allergies', () => {
    expect(readableResourceTypes('nurse', 'unit').filter((t) => t !== 'Practitioner')).toEqual(['Patient', 'AllergyIntolerance']);
  });
});
