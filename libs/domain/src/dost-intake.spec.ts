import { RiskLevel } from './case';
import { DataCategory, LegalBasis } from './consent';
import {
  IntakeStep,
  intakePhase,
  PoliceNotificationMode,
  validateIntakeStepCompletion,
  validatePoliceNotification,
} from './dost-intake';
import { DomainError } from './errors';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.fields.map((f) => f.path.join('.'));
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('DOST intake rules', () => {
  describe('intakePhase', () => {
    const done = (...steps: IntakeStep[]) => new Set(steps);
    it('follows the card: ticket, desk, interview, police, SSA only when shelter is needed', () => {
      expect(intakePhase({ completed: done(), needsShelter: null, countersignPending: false })).toBe('QUEUE_TICKET');
      expect(intakePhase({ completed: done(IntakeStep.QUEUE_TICKET), needsShelter: null, countersignPending: false })).toBe('DESK');
      const interviewed = done(IntakeStep.QUEUE_TICKET, IntakeStep.DESK, IntakeStep.INTERVIEW);
      expect(intakePhase({ completed: interviewed, needsShelter: true, countersignPending: false })).toBe('POLICE_NOTIFICATION');
      expect(intakePhase({ completed: interviewed, needsShelter: true, countersignPending: true })).toBe('AWAITING_COUNTERSIGN');
      const notified = done(...interviewed, IntakeStep.POLICE_NOTIFICATION);
      expect(intakePhase({ completed: notified, needsShelter: true, countersignPending: false })).toBe('SSA_APPLICATION');
      expect(intakePhase({ completed: notified, needsShelter: false, countersignPending: false })).toBe('DONE');
      expect(intakePhase({ completed: done(...notified, IntakeStep.SSA_APPLICATION), needsShelter: true, countersignPending: false })).toBe('DONE');
    });
  });

  describe('validateIntakeStepCompletion', () => {
    it('accepts a plain step and an interview with its assessment', () => {
      expect(validateIntakeStepCompletion({ step: 'DESK' })).toEqual({ step: IntakeStep.DESK, assessment: null });
      expect(validateIntakeStepCompletion({ step: 'INTERVIEW', assessment: { riskLevel: 'HIGH', needsShelter: true } })).toEqual({
        step: IntakeStep.INTERVIEW,
        assessment: { riskLevel: RiskLevel.HIGH, needsShelter: true },
      });
    });
    it('refuses with field paths: interview without assessment, assessment elsewhere, police step, bad values', () => {
      expect(fieldsOf(() => validateIntakeStepCompletion({ step: 'INTERVIEW' }))).toEqual(['input.assessment']);
      expect(fieldsOf(() => validateIntakeStepCompletion({ step: 'DESK', assessment: { riskLevel: 'LOW', needsShelter: false } }))).toEqual([
        'input.assessment',
      ]);
      expect(fieldsOf(() => validateIntakeStepCompletion({ step: 'POLICE_NOTIFICATION' }))).toEqual(['input.step']);
      expect(fieldsOf(() => validateIntakeStepCompletion({ step: 'INTERVIEW', assessment: { riskLevel: 'EXTREME', needsShelter: 'yes' } }))).toEqual([
        'input.assessment.riskLevel',
        'input.assessment.needsShelter',
      ]);
      expect(fieldsOf(() => validateIntakeStepCompletion({ step: 'LUNCH' }))).toEqual(['input.step']);
    });
  });

  describe('validatePoliceNotification', () => {
    const justification = 'Statutory duty of the DOST centre to inform the police';
    it('FULL and ANONYMOUS take no legal basis; LEGAL_OVERRIDE gets the basis minimum for the police', () => {
      expect(validatePoliceNotification({ mode: 'ANONYMOUS' }, { caseIsChild: false })).toEqual({ mode: PoliceNotificationMode.ANONYMOUS, legal: null });
      const v = validatePoliceNotification(
        { mode: 'LEGAL_OVERRIDE', legalOverride: { basis: 'STATUTORY_DUTY', justification } },
        { caseIsChild: false },
      );
      expect(v.legal).toMatchObject({ basis: LegalBasis.STATUTORY_DUTY, dataCategories: [DataCategory.INCIDENT_NARRATIVE] });
    });
    it('refuses with paths under input.legalOverride', () => {
      expect(fieldsOf(() => validatePoliceNotification({ mode: 'LEGAL_OVERRIDE' }, { caseIsChild: false }))).toEqual(['input.legalOverride']);
      expect(
        fieldsOf(() => validatePoliceNotification({ mode: 'LEGAL_OVERRIDE', legalOverride: { basis: 'CHILD_AT_RISK', justification: 'short' } }, { caseIsChild: false })),
      ).toEqual(['input.legalOverride.justification', 'input.legalOverride.basis']);
      expect(
        fieldsOf(() => validatePoliceNotification({ mode: 'FULL', legalOverride: { basis: 'STATUTORY_DUTY', justification } }, { caseIsChild: false })),
      ).toEqual(['input.legalOverride']);
    });
  });
});
