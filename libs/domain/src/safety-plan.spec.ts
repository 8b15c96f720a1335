import { ConsentPurpose } from './consent';
import { DomainError } from './errors';
import {
  MAX_SAFETY_PLAN_NOTE_LENGTH,
  SAFETY_PLAN_ACTION_PURPOSE,
  SafetyPlanAction,
  SafetyPlanItemStatus,
  safetyPlanItemIdOfTaskKey,
  safetyPlanTaskKey,
  safetyPlanTaskKeyPattern,
  validateAddSafetyPlanItem,
  validateUpdateSafetyPlanItem,
} from './safety-plan';

const NOW = new Date('2026-12-07T12:00:00Z');
const CASE = '3f1c2a9e-7b4d-4e2a-9c1b-0a2b3c4d5e6f';
const ORG = '10000000-0000-4000-8000-000000000004';
const at = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString();

function paths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.fields.map((f) => f.path.join('.'));
    throw e;
  }
  return [];
}

describe('safety plan rules', () => {
  const valid = { caseId: CASE, action: 'POLICE_WELFARE_CHECK', note: '  Check at night  ', responsibleOrganisationId: ORG, dueAt: at(2), reviewAt: at(7), idempotencyKey: 'k-1' };

  it('every action serves exactly one consent purpose', () => {
    for (const action of Object.values(SafetyPlanAction)) {
      expect(Object.values(ConsentPurpose)).toContain(SAFETY_PLAN_ACTION_PURPOSE[action]);
    }
    expect(SAFETY_PLAN_ACTION_PURPOSE[SafetyPlanAction.POLICE_WELFARE_CHECK]).toBe(ConsentPurpose.LAW_ENFORCEMENT);
  });

  it('accepts a valid item, trimming the note; a blank note is none', () => {
    expect(validateAddSafetyPlanItem(valid, NOW)).toEqual({
      caseId: CASE,
      action: SafetyPlanAction.POLICE_WELFARE_CHECK,
      note: 'Check at night',
      responsibleOrganisationId: ORG,
      dueAt: new Date(at(2)),
      reviewAt: new Date(at(7)),
      key: 'k-1',
    });
    expect(validateAddSafetyPlanItem({ ...valid, note: '   ' }, NOW).note).toBeNull();
  });

  it('names every bad field at once, without quoting a value', () => {
    const bad = { caseId: 'nope', action: 'HIDE_IN_BAKU', note: 'x'.repeat(MAX_SAFETY_PLAN_NOTE_LENGTH + 1), responsibleOrganisationId: 7, dueAt: at(0), reviewAt: at(367), idempotencyKey: '' };
    expect(paths(() => validateAddSafetyPlanItem(bad, NOW))).toEqual([
      'input.caseId',
      'input.action',
      'input.note',
      'input.responsibleOrganisationId',
      'input.dueAt',
      'input.reviewAt',
      'input.idempotencyKey',
    ]);
    try {
      validateAddSafetyPlanItem(bad, NOW);
    } catch (e) {
      expect(JSON.stringify(e)).not.toContain('HIDE_IN_BAKU');
    }
  });

  it('dates: strictly in the future, at most 366 days ahead', () => {
    expect(paths(() => validateAddSafetyPlanItem({ ...valid, dueAt: NOW.toISOString() }, NOW))).toEqual(['input.dueAt']);
    expect(paths(() => validateAddSafetyPlanItem({ ...valid, dueAt: at(366) }, NOW))).toEqual([]);
    expect(paths(() => validateAddSafetyPlanItem({ ...valid, reviewAt: at(366.001) }, NOW))).toEqual(['input.reviewAt']);
  });

  it('an update changes only what it names; an empty note clears it; the version must be a positive integer', () => {
    expect(validateUpdateSafetyPlanItem({ itemId: CASE, expectedVersion: 2, status: 'DONE', idempotencyKey: 'k' }, NOW)).toEqual({
      itemId: CASE,
      expectedVersion: 2,
      status: SafetyPlanItemStatus.DONE,
      key: 'k',
    });
    expect(validateUpdateSafetyPlanItem({ itemId: CASE, expectedVersion: 1, note: '', idempotencyKey: 'k' }, NOW).note).toBeNull();
    expect(paths(() => validateUpdateSafetyPlanItem({ itemId: CASE, expectedVersion: 0, status: 'LOST', idempotencyKey: 'k' }, NOW))).toEqual([
      'input.expectedVersion',
      'input.status',
    ]);
  });
});

describe('safety-plan task keys', () => {
  const itemId = '6f1c2a9e-51b4-4c2e-8a57-1f0e9d3c4b7a';

  it('names the item in every version of its task key, and nothing in other keys', () => {
    expect(safetyPlanItemIdOfTaskKey(safetyPlanTaskKey(itemId, 1))).toBe(itemId);
    expect(safetyPlanItemIdOfTaskKey(safetyPlanTaskKey(itemId, 12))).toBe(itemId);
    expect(safetyPlanItemIdOfTaskKey(`referral:${itemId}:reroute`)).toBeNull();
    expect(safetyPlanItemIdOfTaskKey(`safety-plan:${itemId}:`)).toBeNull();
    expect(safetyPlanItemIdOfTaskKey(null)).toBeNull();
  });

  it('matches every version of the item in SQL LIKE terms', () => {
    const like = new RegExp(`^${safetyPlanTaskKeyPattern(itemId).replace(/%/g, '.*')}$`);
    expect(like.test(safetyPlanTaskKey(itemId, 3))).toBe(true);
    expect(like.test(safetyPlanTaskKey('0e3a9c1e-51b4-4c2e-8a57-1f0e9d3c4b7a', 3))).toBe(false);
  });
});
