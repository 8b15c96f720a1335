import { type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * Initial schema (docs/architecture.md, "Data model"). Hand-written and reviewed; never edit after it lands:
 * add a new migration instead.
 *
 * Enum columns are `text` + CHECK with the values frozen below (a new enum value needs a new migration;
 * `schema-enums.spec.ts` fails when libs/domain and this list drift apart). Arrays of enums are `text[]` with
 * a containment CHECK. Actor columns (recorded_by, created_by, actor_id, ...) carry no foreign key so that a system
 * actor can act; organisation, case, referral and consent references do.
 */

export const INITIAL_ENUM_VALUES = {
  OrganisationType: ['HELPLINE', 'DOST_CENTER', 'POLICE', 'SSA', 'SHELTER', 'MONITORING_GROUP', 'CFSC', 'NGO', 'HEALTH', 'EDUCATION', 'EMPLOYMENT', 'COORDINATOR'],
  ServiceType: ['SHELTER_PLACEMENT', 'INCIDENT_NOTIFICATION', 'ANONYMOUS_INCIDENT_NOTICE', 'LEGAL_AID', 'PSYCHOLOGICAL_SUPPORT', 'HEALTH_CARE', 'CHILD_FAMILY_SUPPORT', 'SOCIAL_ASSISTANCE', 'EMPLOYMENT_SUPPORT', 'EDUCATION_SUPPORT', 'PROTECTION_ORDER_SUPPORT'],
  StaffRole: ['INTAKE_OFFICER', 'CASE_MANAGER', 'LAWYER', 'PSYCHOLOGIST', 'SUPERVISOR', 'AGENCY_OFFICER', 'MONITORING_OFFICER', 'AUDITOR', 'ADMINISTRATOR'],
  ContactChannel: ['LANDLINE', 'MOBILE', 'SOCIAL_MEDIA', 'MOBILE_APP', 'EMAIL', 'WEB_CHAT', 'WALK_IN'],
  CallerType: ['WOMAN', 'MAN', 'ANONYMOUS'],
  ChildAgeBand: ['UNDER_11', 'AGE_11_14', 'AGE_15_18'],
  CaseCategory: ['DOMESTIC_VIOLENCE', 'SHELTER', 'DIVORCE_PROBLEMS', 'LOW_WELFARE', 'LEGAL_AID', 'HEALTH_RIGHTS', 'PSYCHOLOGICAL', 'SOCIAL', 'VIOLENCE', 'CYBER_VIOLENCE', 'BULLYING', 'EXPLOITATION', 'EARLY_MARRIAGE', 'LEAVING_DANGEROUS_FAMILY', 'FORCED_BEGGING', 'LABOUR_EXPLOITATION', 'SUICIDAL', 'EDUCATION', 'OTHER'],
  RiskLevel: ['LOW', 'MEDIUM', 'HIGH'],
  CaseStatus: ['OPEN', 'CLOSURE_REQUESTED', 'CLOSED'],
  PersonRole: ['SURVIVOR', 'DEPENDANT'],
  ConsentGrantor: ['SELF', 'RELATIVE', 'LEGAL_REPRESENTATIVE'],
  DataCategory: ['IDENTITY', 'CONTACT', 'INCIDENT_NARRATIVE', 'HEALTH', 'CHILDREN', 'LOCATION'],
  ConsentPurpose: ['SERVICE_PROVISION', 'SHELTER_PLACEMENT', 'LAW_ENFORCEMENT', 'LEGAL_AID', 'HEALTH_CARE', 'PSYCHOSOCIAL_SUPPORT', 'CHILD_PROTECTION', 'MONITORING'],
  ConsentMethod: ['VERBAL', 'WRITTEN', 'ELECTRONIC'],
  LegalBasis: ['CHILD_AT_RISK', 'RISK_TO_LIFE', 'STATUTORY_DUTY'],
  ReferralStatus: ['PENDING', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'WITHDRAWN', 'EXPIRED', 'ESCALATED'],
  DataProfile: ['FULL', 'PSEUDONYMOUS', 'DE_IDENTIFIED', 'ANONYMOUS_INCIDENT'],
  TaskType: ['REFERRAL_RESPONSE', 'REFERRAL_SERVICE', 'LEGAL_OVERRIDE_COUNTERSIGN', 'CLOSURE_APPROVAL', 'ESCALATION', 'MONITORING_ALERT', 'FOLLOW_UP', 'INTAKE_STEP', 'REROUTE', 'BREAK_GLASS_REVIEW'],
  TaskStatus: ['OPEN', 'DONE', 'CANCELLED'],
} as const;

type EnumName = keyof typeof INITIAL_ENUM_VALUES;

/** `col IN ('A', 'B')` */
function oneOf(column: string, e: EnumName): string {
  return `${column} IN (${INITIAL_ENUM_VALUES[e].map((v) => `'${v}'`).join(', ')})`;
}

/** `col <@ ARRAY['A', 'B']::text[]` (every element is a known value). */
function allOf(column: string, e: EnumName): string {
  return `${column} <@ ARRAY[${INITIAL_ENUM_VALUES[e].map((v) => `'${v}'`).join(', ')}]::text[]`;
}

export class InitialSchema1795320000000 implements MigrationInterface {
  name = 'InitialSchema1795320000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        type text NOT NULL CONSTRAINT ck_organisations_type CHECK (${oneOf('type', 'OrganisationType')}),
        region text NOT NULL,
        services text[] NOT NULL DEFAULT '{}' CONSTRAINT ck_organisations_services CHECK (${allOf('services', 'ServiceType')}),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_organisations_type_region ON organisations (type, region)`);

    await q.query(`
      CREATE TABLE staff_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL CONSTRAINT fk_staff_members_organisation REFERENCES organisations (id),
        username text NOT NULL CONSTRAINT uq_staff_members_username UNIQUE,
        display_name text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}' CONSTRAINT ck_staff_members_roles CHECK (${allOf('roles', 'StaffRole')}),
        supervisor_id uuid NULL CONSTRAINT fk_staff_members_supervisor REFERENCES staff_members (id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_staff_members_organisation ON staff_members (organisation_id)`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_code text NOT NULL CONSTRAINT uq_cases_case_code UNIQUE,
        owning_organisation_id uuid NOT NULL CONSTRAINT fk_cases_owning_organisation REFERENCES organisations (id),
        case_manager_id uuid NOT NULL CONSTRAINT fk_cases_case_manager REFERENCES staff_members (id),
        region text NOT NULL,
        category text NOT NULL CONSTRAINT ck_cases_category CHECK (${oneOf('category', 'CaseCategory')}),
        risk_level text NOT NULL CONSTRAINT ck_cases_risk_level CHECK (${oneOf('risk_level', 'RiskLevel')}),
        is_child boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'OPEN' CONSTRAINT ck_cases_status CHECK (${oneOf('status', 'CaseStatus')}),
        opened_at timestamptz NOT NULL DEFAULT now(),
        closure_requested_by uuid NULL,
        closure_requested_at timestamptz NULL,
        closure_approved_by uuid NULL,
        closed_at timestamptz NULL,
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_cases_owner_status ON cases (owning_organisation_id, status, opened_at, id)`);
    await q.query(`CREATE INDEX ix_cases_region_status ON cases (region, status, opened_at, id)`);
    await q.query(`CREATE INDEX ix_cases_case_manager ON cases (case_manager_id, status)`);

    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL CONSTRAINT fk_contacts_organisation REFERENCES organisations (id),
        channel text NOT NULL CONSTRAINT ck_contacts_channel CHECK (${oneOf('channel', 'ContactChannel')}),
        anonymous boolean NOT NULL DEFAULT false,
        category text NOT NULL CONSTRAINT ck_contacts_category CHECK (${oneOf('category', 'CaseCategory')}),
        caller_type text NOT NULL CONSTRAINT ck_contacts_caller_type CHECK (${oneOf('caller_type', 'CallerType')}),
        child_age_band text NULL CONSTRAINT ck_contacts_child_age_band CHECK (${oneOf('child_age_band', 'ChildAgeBand')}),
        received_at timestamptz NOT NULL,
        case_id uuid NULL CONSTRAINT fk_contacts_case REFERENCES cases (id),
        recorded_by uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_contacts_organisation_received ON contacts (organisation_id, received_at)`);
    await q.query(`CREATE INDEX ix_contacts_case ON contacts (case_id) WHERE case_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL CONSTRAINT fk_persons_case REFERENCES cases (id),
        role text NOT NULL CONSTRAINT ck_persons_role CHECK (${oneOf('role', 'PersonRole')}),
        full_name_enc bytea NULL,
        date_of_birth_enc bytea NULL,
        phone_enc bytea NULL,
        address_enc bytea NULL,
        narrative_enc bytea NULL,
        health_enc bytea NULL,
        key_version integer NOT NULL,
        name_bidx text NULL,
        phone_bidx text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_persons_case ON persons (case_id)`);
    await q.query(`CREATE INDEX ix_persons_name_bidx ON persons (name_bidx) WHERE name_bidx IS NOT NULL`);
    await q.query(`CREATE INDEX ix_persons_phone_bidx ON persons (phone_bidx) WHERE phone_bidx IS NOT NULL`);

    await q.query(`
      CREATE TABLE timeline_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL CONSTRAINT fk_timeline_entries_case REFERENCES cases (id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid NULL,
        organisation_id uuid NOT NULL CONSTRAINT fk_timeline_entries_organisation REFERENCES organisations (id),
        kind text NOT NULL,
        referral_id uuid NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        dedupe_key text NULL CONSTRAINT uq_timeline_entries_dedupe_key UNIQUE
      )`);
    await q.query(`CREATE INDEX ix_timeline_entries_case ON timeline_entries (case_id, occurred_at, id)`);

    await q.query(`
      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL CONSTRAINT fk_consents_case REFERENCES cases (id),
        grantor text NOT NULL CONSTRAINT ck_consents_grantor CHECK (${oneOf('grantor', 'ConsentGrantor')}),
        recipient_organisation_id uuid NULL CONSTRAINT fk_consents_recipient_organisation REFERENCES organisations (id),
        recipient_organisation_type text NULL
          CONSTRAINT ck_consents_recipient_organisation_type CHECK (${oneOf('recipient_organisation_type', 'OrganisationType')}),
        data_categories text[] NOT NULL CONSTRAINT ck_consents_data_categories CHECK (${allOf('data_categories', 'DataCategory')}),
        purposes text[] NOT NULL CONSTRAINT ck_consents_purposes CHECK (${allOf('purposes', 'ConsentPurpose')}),
        method text NOT NULL CONSTRAINT ck_consents_method CHECK (${oneOf('method', 'ConsentMethod')}),
        granted_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NULL,
        withdrawn_at timestamptz NULL,
        withdrawal_reason text NULL,
        recorded_by uuid NOT NULL,
        CONSTRAINT ck_consents_one_recipient
          CHECK ((recipient_organisation_id IS NULL) <> (recipient_organisation_type IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_consents_case ON consents (case_id)`);

    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL CONSTRAINT fk_referrals_case REFERENCES cases (id),
        from_organisation_id uuid NOT NULL CONSTRAINT fk_referrals_from_organisation REFERENCES organisations (id),
        to_organisation_id uuid NOT NULL CONSTRAINT fk_referrals_to_organisation REFERENCES organisations (id),
        service_type text NOT NULL CONSTRAINT ck_referrals_service_type CHECK (${oneOf('service_type', 'ServiceType')}),
        data_profile text NOT NULL CONSTRAINT ck_referrals_data_profile CHECK (${oneOf('data_profile', 'DataProfile')}),
        data_categories text[] NOT NULL DEFAULT '{}'
          CONSTRAINT ck_referrals_data_categories CHECK (${allOf('data_categories', 'DataCategory')}),
        purpose text NOT NULL CONSTRAINT ck_referrals_purpose CHECK (${oneOf('purpose', 'ConsentPurpose')}),
        status text NOT NULL DEFAULT 'PENDING' CONSTRAINT ck_referrals_status CHECK (${oneOf('status', 'ReferralStatus')}),
        consent_id uuid NULL CONSTRAINT fk_referrals_consent REFERENCES consents (id),
        legal_basis text NULL CONSTRAINT ck_referrals_legal_basis CHECK (${oneOf('legal_basis', 'LegalBasis')}),
        legal_justification text NULL,
        countersigned_by uuid NULL,
        countersigned_at timestamptz NULL,
        decline_reason text NULL,
        withdraw_reason text NULL,
        outcome_note text NULL,
        response_due_at timestamptz NOT NULL,
        service_due_at timestamptz NULL,
        responded_at timestamptz NULL,
        completed_at timestamptz NULL,
        escalated_at timestamptz NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_referrals_consent_or_basis
          CHECK (consent_id IS NOT NULL OR legal_basis IS NOT NULL OR data_profile IN ('ANONYMOUS_INCIDENT', 'DE_IDENTIFIED')),
        CONSTRAINT ck_referrals_basis_justified CHECK (legal_basis IS NULL OR legal_justification IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_referrals_inbox ON referrals (to_organisation_id, status, response_due_at, id)`);
    await q.query(`CREATE INDEX ix_referrals_outbox ON referrals (from_organisation_id, status, response_due_at, id)`);
    await q.query(`CREATE INDEX ix_referrals_case ON referrals (case_id)`);
    await q.query(`CREATE INDEX ix_referrals_consent ON referrals (consent_id) WHERE consent_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL CONSTRAINT fk_tasks_organisation REFERENCES organisations (id),
        assignee_id uuid NULL CONSTRAINT fk_tasks_assignee REFERENCES staff_members (id),
        type text NOT NULL CONSTRAINT ck_tasks_type CHECK (${oneOf('type', 'TaskType')}),
        status text NOT NULL DEFAULT 'OPEN' CONSTRAINT ck_tasks_status CHECK (${oneOf('status', 'TaskStatus')}),
        case_id uuid NULL CONSTRAINT fk_tasks_case REFERENCES cases (id),
        referral_id uuid NULL CONSTRAINT fk_tasks_referral REFERENCES referrals (id),
        due_at timestamptz NULL,
        follow_up_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        completed_by uuid NULL,
        dedupe_key text NULL CONSTRAINT uq_tasks_dedupe_key UNIQUE
      )`);
    await q.query(`CREATE INDEX ix_tasks_inbox ON tasks (organisation_id, status, due_at, id)`);
    await q.query(`CREATE INDEX ix_tasks_assignee ON tasks (assignee_id, status, due_at) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_tasks_referral ON tasks (referral_id) WHERE referral_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_tasks_case ON tasks (case_id) WHERE case_id IS NOT NULL`);

    // Audit: one hash chain per organisation. No foreign keys: the trail must outlive anything it describes.
    await q.query(`
      CREATE TABLE audit_chain_heads (
        chain_id uuid PRIMARY KEY,
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        chain_id uuid NOT NULL,
        seq bigint NOT NULL CONSTRAINT ck_audit_events_seq CHECK (seq >= 1),
        actor_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        case_id uuid NULL,
        fields text[] NOT NULL DEFAULT '{}',
        purpose text NULL,
        justification text NULL,
        break_glass boolean NOT NULL DEFAULT false,
        request_id text NULL,
        occurred_at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT uq_audit_events_chain_seq UNIQUE (chain_id, seq)
      )`);
    await q.query(`CREATE INDEX ix_audit_events_subject ON audit_events (subject_type, subject_id, occurred_at)`);
    await q.query(`CREATE INDEX ix_audit_events_case ON audit_events (case_id, occurred_at) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_audit_events_actor ON audit_events (actor_id, occurred_at)`);
    await q.query(`CREATE INDEX ix_audit_events_break_glass ON audit_events (organisation_id, occurred_at) WHERE break_glass`);
    await q.query(`
      CREATE FUNCTION nrm_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER tr_audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION nrm_audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER tr_audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION nrm_audit_events_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_records (
        actor_id uuid NOT NULL,
        key text NOT NULL,
        operation text NOT NULL,
        request_hash text NOT NULL,
        result_id text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_records PRIMARY KEY (actor_id, key)
      )`);
    await q.query(`CREATE INDEX ix_idempotency_records_created ON idempotency_records (created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_records`);
    await q.query(`DROP TRIGGER tr_audit_events_no_truncate ON audit_events`);
    await q.query(`DROP TRIGGER tr_audit_events_no_update_delete ON audit_events`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION nrm_audit_events_append_only()`);
    await q.query(`DROP TABLE audit_chain_heads`);
    await q.query(`DROP TABLE tasks`);
    await q.query(`DROP TABLE referrals`);
    await q.query(`DROP TABLE consents`);
    await q.query(`DROP TABLE timeline_entries`);
    await q.query(`DROP TABLE persons`);
    await q.query(`DROP TABLE contacts`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE staff_members`);
    await q.query(`DROP TABLE organisations`);
  }
}
