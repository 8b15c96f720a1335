import {
  CallerType,
  CaseCategory,
  CaseStatus,
  ChildAgeBand,
  ConsentGrantor,
  ConsentMethod,
  ConsentPurpose,
  ContactChannel,
  DataCategory,
  DataProfile,
  EscalationTarget,
  PlaceType,
  PreferredLanguage,
  LegalBasis,
  OrganisationType,
  PersonRole,
  ReferralStatus,
  ProtectionOrderCondition,
  ProtectionOrderKind,
  ProtectionOrderStatus,
  RiskAssessmentSource,
  RiskConferenceOutcome,
  RiskLevel,
  SafetyPlanAction,
  SafetyPlanItemStatus,
  ServiceType,
  StaffRole,
  TaskStatus,
  TaskType,
} from '@lib/domain';
import { INITIAL_ENUM_VALUES } from './1795320000000-InitialSchema';
import { ESCALATION_TARGET_VALUES } from './1795400000000-PinnedEscalationTargets';
import { INCIDENT_PLACE_TYPE_VALUES } from './1795600000000-CaseIncident';
import { PREFERRED_LANGUAGE_VALUES, STAFF_ROLE_VALUES } from './1796200000000-OrganisationAdministration';
import {
  PROTECTION_ORDER_KIND_VALUES,
  PROTECTION_ORDER_STATUS_VALUES,
  RISK_CONFERENCE_OUTCOME_VALUES,
} from './1796300000000-RiskAssessments';
import {
  SAFETY_PLAN_ACTION_VALUES,
  SAFETY_PLAN_ITEM_STATUS_VALUES,
  TASK_TYPE_VALUES,
} from './1797200000000-SafetyPlans';
import { RISK_ASSESSMENT_SOURCE_VALUES } from './1797500000000-InterviewRiskAssessments';
import { PROTECTION_ORDER_CONDITION_VALUES } from './1797600000000-ProtectionOrderConditions';
import { WORKFLOW_OUTBOX_KINDS } from './1797700000000-WorkflowSignalOutbox';
import { WORKFLOW_START_KINDS } from '../workflow-start-outbox';

/**
 * The database CHECK constraints freeze enum values in migrations. When a domain enum gains or loses a value this
 * fails: write a NEW migration that replaces the constraint, and update the expected list it exports.
 */
const DOMAIN_ENUMS: Record<Exclude<keyof typeof INITIAL_ENUM_VALUES, 'StaffRole' | 'TaskType'>, Record<string, string>> = {
  OrganisationType,
  ServiceType,
  ContactChannel,
  CallerType,
  ChildAgeBand,
  CaseCategory,
  RiskLevel,
  CaseStatus,
  PersonRole,
  ConsentGrantor,
  DataCategory,
  ConsentPurpose,
  ConsentMethod,
  LegalBasis,
  ReferralStatus,
  DataProfile,
  TaskStatus,
};

describe('database enum constraints match libs/domain', () => {
  it.each(Object.keys(DOMAIN_ENUMS) as (keyof typeof DOMAIN_ENUMS)[])('%s', (name) => {
    const inDatabase = [...INITIAL_ENUM_VALUES[name]].sort();
    const inDomain = Object.values(DOMAIN_ENUMS[name]).sort();
    expect(inDatabase).toEqual(inDomain);
  });

  it('TaskType (tasks.type, replaced by SafetyPlans)', () => {
    expect([...TASK_TYPE_VALUES].sort()).toEqual(Object.values(TaskType).sort());
  });

  it('ProtectionOrderKind and ProtectionOrderStatus (protection_orders)', () => {
    expect([...PROTECTION_ORDER_KIND_VALUES].sort()).toEqual(Object.values(ProtectionOrderKind).sort());
    expect([...PROTECTION_ORDER_STATUS_VALUES].sort()).toEqual(Object.values(ProtectionOrderStatus).sort());
  });

  it('SafetyPlanAction and SafetyPlanItemStatus (safety_plan_items)', () => {
    expect([...SAFETY_PLAN_ACTION_VALUES].sort()).toEqual(Object.values(SafetyPlanAction).sort());
    expect([...SAFETY_PLAN_ITEM_STATUS_VALUES].sort()).toEqual(Object.values(SafetyPlanItemStatus).sort());
  });

  it('ProtectionOrderCondition (protection_orders.conditions)', () => {
    expect([...PROTECTION_ORDER_CONDITION_VALUES].sort()).toEqual(Object.values(ProtectionOrderCondition).sort());
  });

  it('RiskAssessmentSource (risk_assessments.source)', () => {
    expect([...RISK_ASSESSMENT_SOURCE_VALUES].sort()).toEqual(Object.values(RiskAssessmentSource).sort());
  });

  it('RiskConferenceOutcome (risk_conferences.outcome)', () => {
    expect([...RISK_CONFERENCE_OUTCOME_VALUES].sort()).toEqual(Object.values(RiskConferenceOutcome).sort());
  });

  it('StaffRole (staff_members.roles, replaced by OrganisationAdministration)', () => {
    expect([...STAFF_ROLE_VALUES].sort()).toEqual(Object.values(StaffRole).sort());
  });

  it('PreferredLanguage (staff_members.preferred_language)', () => {
    expect([...PREFERRED_LANGUAGE_VALUES].sort()).toEqual(Object.values(PreferredLanguage).sort());
  });

  it('EscalationTarget (referrals.escalate_to)', () => {
    expect([...ESCALATION_TARGET_VALUES].sort()).toEqual(Object.values(EscalationTarget).sort());
  });

  it('PlaceType (cases.incident_place_type)', () => {
    expect([...INCIDENT_PLACE_TYPE_VALUES].sort()).toEqual(Object.values(PlaceType).sort());
  });
});

describe('workflow outbox kinds', () => {
  it('WorkflowStartKind (workflow_starts.kind, replaced by WorkflowSignalOutbox)', () => {
    expect([...WORKFLOW_OUTBOX_KINDS].sort()).toEqual([...WORKFLOW_START_KINDS].sort());
  });
});
