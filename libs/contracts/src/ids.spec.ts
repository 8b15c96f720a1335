import { caseIdFromWorkflowId, caseWorkflowId, dedupeKey, referralIdFromWorkflowId, referralWorkflowId } from './ids';

describe('workflow ids', () => {
  const id = '0b7c7a3e-1f53-4c1b-9d0e-2a4b6c8d0e1f';
  it('derive from database ids and back', () => {
    expect(referralWorkflowId(id)).toBe(`referral-${id}`);
    expect(caseWorkflowId(id)).toBe(`case-${id}`);
    expect(referralIdFromWorkflowId(referralWorkflowId(id))).toBe(id);
    expect(caseIdFromWorkflowId(caseWorkflowId(id))).toBe(id);
    expect(referralIdFromWorkflowId(caseWorkflowId(id))).toBeNull();
    expect(caseIdFromWorkflowId('case-not-a-uuid')).toBeNull();
  });
  it('dedupe keys are scoped by workflow', () => {
    expect(dedupeKey('referral-x', 'escalate/RESPONSE')).toBe('referral-x/escalate/RESPONSE');
  });
});
