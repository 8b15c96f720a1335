import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { INITIAL_ENUM_VALUES } from './1795320000000-InitialSchema';

/** TaskType values from this migration on (RISK_CONFERENCE added), frozen like the initial enums. */
export const TASK_TYPE_VALUES = [
  ...INITIAL_ENUM_VALUES.TaskType,
  'RISK_CONFERENCE',
  'PROTECTION_ORDER_ALERT',
  'RISK_REASSESSMENT',
] as const;
/** ProtectionOrderKind and ProtectionOrderStatus values (libs/domain), frozen here. */
export const PROTECTION_ORDER_KIND_VALUES = ['SHORT_TERM', 'LONG_TERM'] as const;
export const PROTECTION_ORDER_STATUS_VALUES = ['APPLIED', 'ISSUED', 'EXPIRED'] as const;
/** RiskConferenceOutcome values (libs/domain risk-conference.ts), frozen here. */
export const RISK_CONFERENCE_OUTCOME_VALUES = [
  'SAFETY_PLAN_AGREED',
  'REFERRALS_AGREED',
  'PROTECTION_ORDER_TO_BE_SOUGHT',
  'NO_FURTHER_ACTION',
] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
const RISK = list(INITIAL_ENUM_VALUES.RiskLevel);

/**
 * Risk assessments (issue 16): one row per assessment of a case, scored with a versioned instrument. The answers are
 * personal data (INCIDENT_NARRATIVE category) and stored only encrypted (`answers_enc`, AES-256-GCM bound to the row
 * id); score, level, red-flag item ids, instrument version, assessor and time are not personal data. A rise to HIGH
 * opens a RISK_CONFERENCE task for the region's monitoring group; `risk_conferences` holds the conference and its
 * outcome (enum values only). Protection orders (application, issuance, validity, extension, expiry) and their
 * reported breaches: dates, kinds and ids only, no free text.
 */
export class RiskAssessments1796300000000 implements MigrationInterface {
  name = 'RiskAssessments1796300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE risk_assessments (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT fk_risk_assessments_case REFERENCES cases (id),
        organisation_id uuid NOT NULL CONSTRAINT fk_risk_assessments_organisation REFERENCES organisations (id),
        assessor_id uuid NOT NULL CONSTRAINT fk_risk_assessments_assessor REFERENCES staff_members (id),
        instrument_version text NOT NULL,
        answers_enc bytea NOT NULL,
        score integer NOT NULL CONSTRAINT ck_risk_assessments_score CHECK (score >= 0),
        level text NOT NULL CONSTRAINT ck_risk_assessments_level CHECK (level IN (${RISK})),
        previous_level text NOT NULL CONSTRAINT ck_risk_assessments_previous_level CHECK (previous_level IN (${RISK})),
        red_flags text[] NOT NULL DEFAULT '{}',
        assessed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_risk_assessments_case ON risk_assessments (case_id, assessed_at, id)`);

    await q.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN (${list(TASK_TYPE_VALUES)}))`);

    await q.query(`
      CREATE TABLE risk_conferences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL CONSTRAINT fk_risk_conferences_case REFERENCES cases (id),
        assessment_id uuid NOT NULL CONSTRAINT uq_risk_conferences_assessment UNIQUE
          CONSTRAINT fk_risk_conferences_assessment REFERENCES risk_assessments (id),
        organisation_id uuid NOT NULL CONSTRAINT fk_risk_conferences_organisation REFERENCES organisations (id),
        task_id uuid NOT NULL CONSTRAINT uq_risk_conferences_task UNIQUE CONSTRAINT fk_risk_conferences_task REFERENCES tasks (id),
        created_at timestamptz NOT NULL,
        outcome text NULL CONSTRAINT ck_risk_conferences_outcome CHECK (outcome IN (${list(RISK_CONFERENCE_OUTCOME_VALUES)})),
        outcome_recorded_by uuid NULL CONSTRAINT fk_risk_conferences_recorded_by REFERENCES staff_members (id),
        outcome_recorded_at timestamptz NULL,
        CONSTRAINT ck_risk_conferences_outcome_complete CHECK ((outcome IS NULL) = (outcome_recorded_at IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_risk_conferences_case ON risk_conferences (case_id)`);

    await q.query(`
      CREATE TABLE protection_orders (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT fk_protection_orders_case REFERENCES cases (id),
        organisation_id uuid NOT NULL CONSTRAINT fk_protection_orders_organisation REFERENCES organisations (id),
        kind text NOT NULL CONSTRAINT ck_protection_orders_kind CHECK (kind IN (${list(PROTECTION_ORDER_KIND_VALUES)})),
        status text NOT NULL CONSTRAINT ck_protection_orders_status CHECK (status IN (${list(PROTECTION_ORDER_STATUS_VALUES)})),
        applied_by uuid NOT NULL CONSTRAINT fk_protection_orders_applied_by REFERENCES staff_members (id),
        applied_at timestamptz NOT NULL,
        issue_due_at timestamptz NULL,
        issued_at timestamptz NULL,
        issued_recorded_by uuid NULL CONSTRAINT fk_protection_orders_issued_by REFERENCES staff_members (id),
        expires_at timestamptz NULL,
        alert_at timestamptz NULL,
        extension_count integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_protection_orders_issue_due CHECK ((kind = 'SHORT_TERM') = (issue_due_at IS NOT NULL)),
        CONSTRAINT ck_protection_orders_issued CHECK ((status = 'APPLIED') = (issued_at IS NULL)),
        CONSTRAINT ck_protection_orders_term CHECK ((issued_at IS NULL) = (expires_at IS NULL) AND expires_at > issued_at)
      )`);
    await q.query(`CREATE INDEX ix_protection_orders_case ON protection_orders (case_id, applied_at, id)`);
    await q.query(`
      CREATE TABLE protection_order_breaches (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL CONSTRAINT fk_protection_order_breaches_order REFERENCES protection_orders (id),
        case_id uuid NOT NULL CONSTRAINT fk_protection_order_breaches_case REFERENCES cases (id),
        reported_by uuid NOT NULL CONSTRAINT fk_protection_order_breaches_reported_by REFERENCES staff_members (id),
        reporter_organisation_id uuid NOT NULL CONSTRAINT fk_protection_order_breaches_organisation REFERENCES organisations (id),
        occurred_at timestamptz NOT NULL,
        reported_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_protection_order_breaches_order ON protection_order_breaches (order_id, reported_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const held = (await q.query(
      `SELECT count(*)::int AS n FROM tasks WHERE type IN ('RISK_CONFERENCE', 'PROTECTION_ORDER_ALERT', 'RISK_REASSESSMENT')`,
    )) as { n: number }[];
    if ((held[0]?.n ?? 0) > 0) throw new Error('RiskAssessments down: tasks of its types exist; remove them first');
    await q.query(`DROP TABLE protection_order_breaches`);
    await q.query(`DROP TABLE protection_orders`);
    await q.query(`DROP TABLE risk_conferences`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN (${list(INITIAL_ENUM_VALUES.TaskType)}))`);
    await q.query(`DROP TABLE risk_assessments`);
  }
}
