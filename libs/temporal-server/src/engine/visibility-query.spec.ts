import { compareBy, parseVisibilityQuery, type FieldReader, type FieldValue } from './visibility-query';

const T0 = Date.parse('2026-01-10T00:00:00Z');
const rows: Record<string, FieldValue>[] = [
  {
    WorkflowId: 'case-1',
    WorkflowType: 'caseWorkflow',
    ExecutionStatus: 'RUNNING',
    StartTime: T0,
    CloseTime: null,
    OrgId: 'org-a',
    Tags: ['urgent', 'shelter'],
    Priority: 3,
  },
  {
    WorkflowId: 'case-2',
    WorkflowType: 'caseWorkflow',
    ExecutionStatus: 'COMPLETED',
    StartTime: T0 + 86_400_000,
    CloseTime: T0 + 90_000_000,
    OrgId: 'org-b',
    Tags: [],
    Priority: 1,
  },
  {
    WorkflowId: 'ref-3',
    WorkflowType: 'referral',
    ExecutionStatus: 'CONTINUED_AS_NEW',
    StartTime: T0 + 2 * 86_400_000,
    CloseTime: T0 + 2 * 86_400_000,
    OrgId: null,
    Tags: ['shelter'],
    Priority: 2,
  },
];
const reader =
  (row: Record<string, FieldValue>): FieldReader =>
  (f) =>
    row[f] ?? null;
const ids = (query: string): string[] => {
  const q = parseVisibilityQuery(query);
  return rows
    .map(reader)
    .filter((r) => q.matches(r))
    .sort(compareBy(q.orderBy))
    .map((r) => String(r('WorkflowId')));
};

describe('visibility query grammar', () => {
  it('empty query: everything, newest start first', () => {
    expect(ids('')).toEqual(['ref-3', 'case-2', 'case-1']);
  });

  it('= and != over built-in and custom attributes, AND binding tighter than OR, parentheses', () => {
    expect(ids(`WorkflowType = 'caseWorkflow' AND OrgId != "org-a"`)).toEqual(['case-2']);
    expect(ids(`WorkflowType = 'referral' OR WorkflowType = 'caseWorkflow' AND OrgId = 'org-a'`)).toEqual([
      'ref-3',
      'case-1',
    ]);
    expect(ids(`(WorkflowType = 'referral' OR WorkflowType = 'caseWorkflow') AND OrgId = 'org-a'`)).toEqual([
      'case-1',
    ]);
    expect(ids(`OrgId != 'org-a'`)).toEqual(['case-2']); // unset never matches !=
  });

  it('ExecutionStatus by name, in the spellings the SDK and UI use', () => {
    expect(ids(`ExecutionStatus = 'Running'`)).toEqual(['case-1']);
    expect(ids(`ExecutionStatus="ContinuedAsNew"`)).toEqual(['ref-3']);
    expect(ids(`ExecutionStatus IN ('Completed', "Running")`)).toEqual(['case-2', 'case-1']);
    expect(ids(`ExecutionStatus NOT IN ('Completed', 'Running')`)).toEqual(['ref-3']);
  });

  it('BETWEEN and comparisons on times given in RFC 3339, IS NULL, STARTS_WITH, lists and numbers', () => {
    expect(ids(`StartTime BETWEEN '2026-01-10T12:00:00Z' AND "2026-01-12T00:00:00.000Z"`)).toEqual([
      'ref-3',
      'case-2',
    ]);
    expect(ids(`StartTime >= '2026-01-11T00:00:00Z' and CloseTime < '2026-01-12T00:00:00Z'`)).toEqual([
      'case-2',
    ]);
    expect(ids(`CloseTime IS NULL`)).toEqual(['case-1']);
    expect(ids(`CloseTime is not null`)).toEqual(['ref-3', 'case-2']);
    expect(ids(`WorkflowId STARTS_WITH 'case-'`)).toEqual(['case-2', 'case-1']);
    expect(ids(`Tags = 'shelter'`)).toEqual(['ref-3', 'case-1']);
    expect(ids(`Priority > 1 AND Priority <= 3`)).toEqual(['ref-3', 'case-1']);
  });

  it('ORDER BY one or more fields, ascending or descending', () => {
    expect(ids(`ORDER BY StartTime`)).toEqual(['case-1', 'case-2', 'ref-3']);
    expect(ids(`WorkflowType = 'caseWorkflow' order by StartTime asc`)).toEqual(['case-1', 'case-2']);
    expect(ids(`ORDER BY WorkflowType DESC, StartTime ASC`)).toEqual(['ref-3', 'case-1', 'case-2']);
  });

  it('quotes: doubled and backslash-escaped quote characters, backquoted names', () => {
    const q = parseVisibilityQuery("`OrgId` = 'it''s' OR OrgId = 'it\\'s'");
    expect(q.matches((f) => (f === 'OrgId' ? "it's" : null))).toBe(true);
  });

  it('rejects malformed queries with INVALID_ARGUMENT that names the position, never the text', () => {
    for (const bad of [
      `WorkflowId = `,
      `WorkflowId == 'x'`,
      `(WorkflowId = 'x'`,
      `WorkflowId = 'secret-name`,
      `StartTime > 'not-a-secret-time'`,
      `WorkflowId NOT = 'x'`,
      `WorkflowId = 'x' LIMIT 5`,
    ]) {
      let message = '';
      try {
        parseVisibilityQuery(bad);
      } catch (err) {
        message = (err as Error).message;
        expect((err as { code?: number }).code).toBe(3);
      }
      expect(message).toMatch(/^invalid visibility query at position \d+/);
      expect(message).not.toMatch(/secret|LIMIT/);
    }
  });
});
