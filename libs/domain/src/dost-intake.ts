import { RiskLevel } from './case';
import { DomainError, type FieldIssue } from './errors';
import { type ValidLegalOverride, validateLegalOverrideRequest } from './legal-override';
import { OrganisationType } from './organisation-type';
import { type FieldPath, InputIssues, requireEnum } from './validation';

/** DOST service card 09-03-00-00, steps 1-5 (seed 004). Re-exported by @lib/contracts for the workflow payloads. */
export enum IntakeStep {
  QUEUE_TICKET = 'QUEUE_TICKET',
  DESK = 'DESK',
  INTERVIEW = 'INTERVIEW',
  POLICE_NOTIFICATION = 'POLICE_NOTIFICATION',
  SSA_APPLICATION = 'SSA_APPLICATION',
}

/** The service standards of the card: front office 1 h, DOST operator 60 min per step, whole service 1 day. */
export enum IntakeStandard {
  FRONT_OFFICE = 'FRONT_OFFICE',
  OPERATOR = 'OPERATOR',
  WHOLE_SERVICE = 'WHOLE_SERVICE',
}

export enum PoliceNotificationMode {
  /** With the person's consent to LAW_ENFORCEMENT: full notification (consented categories). */
  FULL = 'FULL',
  /** The adult refuses: anonymous incident notice, no identity. */
  ANONYMOUS = 'ANONYMOUS',
  /** Without consent on a legal basis; needs a supervisor's countersignature. */
  LEGAL_OVERRIDE = 'LEGAL_OVERRIDE',
}

/** The order of the card's steps; SSA_APPLICATION only when the interview found a need for shelter. */
export const INTAKE_STEP_ORDER: readonly IntakeStep[] = [
  IntakeStep.QUEUE_TICKET,
  IntakeStep.DESK,
  IntakeStep.INTERVIEW,
  IntakeStep.POLICE_NOTIFICATION,
  IntakeStep.SSA_APPLICATION,
];

/** Where an intake stands, as the read model derives it (same values as the workflow's phase). */
export type IntakeProgressPhase = IntakeStep | 'AWAITING_COUNTERSIGN' | 'DONE';

export interface IntakeFacts {
  completed: ReadonlySet<IntakeStep>;
  /** The interview's needs assessment, null before the interview. */
  needsShelter: boolean | null;
  /** A legal-override police notification waits for a supervisor's countersignature. */
  countersignPending: boolean;
}

/** The open step (or DONE), from completed steps alone: the same sequence the intake workflow runs. */
export function intakePhase(facts: IntakeFacts): IntakeProgressPhase {
  for (const step of INTAKE_STEP_ORDER) {
    if (facts.completed.has(step)) continue;
    if (step === IntakeStep.SSA_APPLICATION && facts.needsShelter !== true) return 'DONE';
    if (step === IntakeStep.POLICE_NOTIFICATION && facts.countersignPending) return 'AWAITING_COUNTERSIGN';
    return step;
  }
  return 'DONE';
}

export interface ValidNeedsAssessment {
  riskLevel: RiskLevel;
  needsShelter: boolean;
}

export interface ValidIntakeStepCompletion {
  step: IntakeStep;
  assessment: ValidNeedsAssessment | null;
}

/**
 * A step completion as the API receives it. The police step has its own operation (notifyPolice); the interview
 * needs the lawyer's and psychologist's needs/risk assessment, and no other step takes one. BAD_INPUT with paths.
 */
export function validateIntakeStepCompletion(
  input: { step: unknown; assessment?: unknown },
  pathPrefix: FieldPath = ['input'],
): ValidIntakeStepCompletion {
  const p = (...f: string[]): string[] => [...pathPrefix, ...f];
  const issues = new InputIssues();
  const step = issues.check(() => requireEnum(IntakeStep, input.step, p('step')));
  if (step === IntakeStep.POLICE_NOTIFICATION) issues.add(p('step'), 'the police step is completed by notifyPolice');
  const raw = input.assessment;
  let assessment: ValidNeedsAssessment | null = null;
  if (raw === undefined || raw === null) {
    if (step === IntakeStep.INTERVIEW) issues.add(p('assessment'), 'the interview needs a needs/risk assessment');
  } else if (step !== undefined && step !== IntakeStep.INTERVIEW) {
    issues.add(p('assessment'), 'only the INTERVIEW step takes an assessment');
  } else if (typeof raw !== 'object') {
    issues.add(p('assessment'), 'must be an object');
  } else {
    const a = raw as { riskLevel?: unknown; needsShelter?: unknown };
    const riskLevel = issues.check(() => requireEnum(RiskLevel, a.riskLevel, p('assessment', 'riskLevel')));
    if (typeof a.needsShelter !== 'boolean') issues.add(p('assessment', 'needsShelter'), 'must be true or false');
    if (riskLevel !== undefined && typeof a.needsShelter === 'boolean') assessment = { riskLevel, needsShelter: a.needsShelter };
  }
  issues.throwIfAny('Invalid intake step');
  return { step: step as IntakeStep, assessment };
}

export interface ValidPoliceNotification {
  mode: PoliceNotificationMode;
  /** Present for LEGAL_OVERRIDE only: basis, justification and the basis' minimum categories for the police. */
  legal: ValidLegalOverride | null;
}

/**
 * A police notification request: FULL and ANONYMOUS take no legal basis; LEGAL_OVERRIDE needs a basis that allows
 * disclosure to the police (CHILD_AT_RISK only on a child case) and a justification. Consent for FULL is checked by
 * the workflow's activity at the moment of disclosure, not here. BAD_INPUT with paths under `input.legalOverride`.
 */
export function validatePoliceNotification(
  input: { mode: unknown; legalOverride?: { basis?: unknown; justification?: unknown } | null },
  ctx: { caseIsChild: boolean },
  pathPrefix: FieldPath = ['input'],
): ValidPoliceNotification {
  const p = (...f: string[]): string[] => [...pathPrefix, ...f];
  const issues = new InputIssues();
  const mode = issues.check(() => requireEnum(PoliceNotificationMode, input.mode, p('mode')));
  const override = input.legalOverride ?? null;
  let legal: ValidLegalOverride | null = null;
  if (mode === PoliceNotificationMode.LEGAL_OVERRIDE) {
    if (override === null) {
      issues.add(p('legalOverride'), 'a legal basis and justification are required for LEGAL_OVERRIDE');
    } else {
      legal =
        issues.check(() =>
          renamed(() =>
            validateLegalOverrideRequest(
              { basis: override.basis, justification: override.justification },
              { recipientOrganisationType: OrganisationType.POLICE, caseIsChild: ctx.caseIsChild },
              p('legalOverride'),
            ),
          ),
        ) ?? null;
    }
  } else if (mode !== undefined && override !== null) {
    issues.add(p('legalOverride'), `only LEGAL_OVERRIDE takes a legal basis (mode ${mode})`);
  }
  issues.throwIfAny('Invalid police notification');
  return { mode: mode as PoliceNotificationMode, legal };
}

/** validateLegalOverrideRequest names the basis `legalBasis`; the GraphQL input calls it `legalOverride.basis`. */
function renamed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const fields: FieldIssue[] = error.fields.map((f) => ({
      ...f,
      path: f.path.map((seg, i) => (i === f.path.length - 1 && seg === 'legalBasis' ? 'basis' : seg)),
    }));
    throw new DomainError(error.code, error.message, fields);
  }
}
