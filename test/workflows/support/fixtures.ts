/** Database fixtures for workflow tests (demo seed organisations/staff; ids and enums only). */
import { randomBytes, randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import {
  CaseCategory,
  ConsentPurpose,
  DataCategory,
  DataProfile,
  type LegalBasis,
  OrganisationType,
  RiskLevel,
  ServiceType,
} from '@lib/domain';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';

export const ORG = DEMO_ORG_IDS;
export const USER = DEMO_USER_IDS;

export async function insertCase(
  ds: DataSource,
  opts: { openedAt: Date; riskLevel?: RiskLevel; isChild?: boolean; owner?: string; manager?: string },
): Promise<string> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO cases (case_code, owning_organisation_id, case_manager_id, region, category, risk_level, is_child, status, opened_at)
     VALUES ($1, $2, $3, 'Baku', $4, $5, $6, 'OPEN', $7) RETURNING id`,
    [
      `NRM-${randomBytes(4).toString('hex').toUpperCase()}`,
      opts.owner ?? ORG.DOST_BAKU,
      opts.manager ?? USER['dost.manager'],
      CaseCategory.DOMESTIC_VIOLENCE,
      opts.riskLevel ?? RiskLevel.HIGH,
      opts.isChild ?? false,
      opts.openedAt,
    ],
  );
  return rows[0]!.id;
}

export async function insertConsent(
  ds: DataSource,
  opts: {
    caseId: string;
    grantedAt: Date;
    recipientOrganisationId?: string;
    recipientOrganisationType?: OrganisationType;
    categories: DataCategory[];
    purposes: ConsentPurpose[];
  },
): Promise<string> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO consents (case_id, grantor, recipient_organisation_id, recipient_organisation_type, data_categories, purposes,
                           method, granted_at, recorded_by)
     VALUES ($1, 'SELF', $2, $3, $4, $5, 'WRITTEN', $6, $7) RETURNING id`,
    [
      opts.caseId,
      opts.recipientOrganisationId ?? null,
      opts.recipientOrganisationType ?? null,
      opts.categories,
      opts.purposes,
      opts.grantedAt,
      USER['dost.manager'],
    ],
  );
  return rows[0]!.id;
}

/** A PENDING referral as the API's ReferralService would create it (response_due_at is re-pinned by the workflow). */
export async function insertReferral(
  ds: DataSource,
  opts: {
    caseId: string;
    createdAt: Date;
    to?: string;
    serviceType?: ServiceType;
    profile?: DataProfile;
    categories?: DataCategory[];
    purpose?: ConsentPurpose;
    consentId?: string | null;
    legalBasis?: LegalBasis;
  },
): Promise<string> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, service_type, data_profile, data_categories,
                            purpose, status, consent_id, response_due_at, created_by, created_at, legal_basis, legal_justification)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $10, $9, $11, $12) RETURNING id`,
    [
      opts.caseId,
      ORG.DOST_BAKU,
      opts.to ?? ORG.SSA,
      opts.serviceType ?? ServiceType.SHELTER_PLACEMENT,
      opts.profile ?? DataProfile.PSEUDONYMOUS,
      opts.categories ?? [DataCategory.HEALTH],
      opts.purpose ?? ConsentPurpose.SHELTER_PLACEMENT,
      opts.consentId ?? null,
      opts.createdAt,
      USER['dost.manager'],
      opts.legalBasis ?? null,
      opts.legalBasis ? 'Statutory duty of the DOST centre to inform the police of the incident' : null,
    ],
  );
  return rows[0]!.id;
}

/** A case with a consent to the SSA for shelter placement (HEALTH, IDENTITY) and one PENDING referral to the SSA. */
export async function caseWithSsaReferral(
  ds: DataSource,
  now: Date,
  riskLevel: RiskLevel = RiskLevel.HIGH,
): Promise<{ caseId: string; consentId: string; referralId: string }> {
  const caseId = await insertCase(ds, { openedAt: now, riskLevel });
  const consentId = await insertConsent(ds, {
    caseId,
    grantedAt: new Date(now.getTime() - 1000),
    recipientOrganisationType: OrganisationType.SSA,
    categories: [DataCategory.IDENTITY, DataCategory.HEALTH],
    purposes: [ConsentPurpose.SHELTER_PLACEMENT],
  });
  const referralId = await insertReferral(ds, { caseId, createdAt: now, consentId });
  return { caseId, consentId, referralId };
}

export interface TaskRow {
  id: string;
  organisation_id: string;
  assignee_id: string | null;
  type: string;
  status: string;
  due_at: Date | null;
  referral_id: string | null;
  dedupe_key: string | null;
}

export async function tasksOf(ds: DataSource, where: { caseId?: string; referralId?: string }): Promise<TaskRow[]> {
  const [col, val] = where.referralId ? ['referral_id', where.referralId] : ['case_id', where.caseId];
  return ds.query(
    `SELECT id, organisation_id, assignee_id, type, status, due_at, referral_id, dedupe_key FROM tasks WHERE ${col} = $1 ORDER BY created_at, type`,
    [val],
  );
}

export async function referralRow(ds: DataSource, id: string): Promise<Record<string, any>> {
  const rows: Record<string, any>[] = await ds.query(`SELECT * FROM referrals WHERE id = $1`, [id]);
  return rows[0]!;
}

export async function timelineKinds(ds: DataSource, caseId: string): Promise<string[]> {
  const rows: { kind: string }[] = await ds.query(`SELECT kind FROM timeline_entries WHERE case_id = $1 ORDER BY occurred_at, kind`, [caseId]);
  return rows.map((r) => r.kind);
}

export async function auditActions(ds: DataSource, caseId: string): Promise<string[]> {
  const rows: { action: string }[] = await ds.query(`SELECT action FROM audit_events WHERE case_id = $1 ORDER BY occurred_at, chain_id, seq`, [caseId]);
  return rows.map((r) => r.action);
}

/**
 * What RiskAssessmentService.assess commits, for workflow tests: an assessment (its answers are opaque ciphertext here,
 * never read) and the case's new level. Returns the assessment id to signal.
 */
export async function insertRiskAssessment(ds: DataSource, caseId: string, level: RiskLevel, at: Date): Promise<string> {
  const id = randomUUID();
  const rows: { risk_level: RiskLevel }[] = await ds.query(`SELECT risk_level FROM cases WHERE id = $1`, [caseId]);
  await ds.query(
    `INSERT INTO risk_assessments (id, case_id, organisation_id, assessor_id, instrument_version, answers_enc, score, level,
                                   previous_level, red_flags, assessed_at)
     VALUES ($1, $2, $3, $4, 'test-1', $5, 0, $6, $7, '{}', $8)`,
    [id, caseId, ORG.DOST_BAKU, USER['dost.manager'], randomBytes(40), level, rows[0]!.risk_level, at],
  );
  await ds.query(`UPDATE cases SET risk_level = $2 WHERE id = $1`, [caseId, level]);
  return id;
}

/** A protection order as ProtectionOrderService records it: applied now (issuance due in 24 h), or already issued. */
export async function insertProtectionOrder(
  ds: DataSource,
  caseId: string,
  opts: { appliedAt: Date; issued?: { at: Date; expiresAt: Date; alertAt: Date }; kind?: 'SHORT_TERM' | 'LONG_TERM' },
): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO protection_orders (id, case_id, organisation_id, kind, status, applied_by, applied_at, issue_due_at,
                                    issued_at, issued_recorded_by, expires_at, alert_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'SHORT_TERM' THEN $7::timestamptz + interval '24 hours' END, $8, $9, $10, $11)`,
    [
      id,
      caseId,
      ORG.DOST_BAKU,
      opts.kind ?? 'SHORT_TERM',
      opts.issued ? 'ISSUED' : 'APPLIED',
      USER['dost.lawyer'],
      opts.appliedAt,
      opts.issued?.at ?? null,
      opts.issued ? USER['dost.lawyer'] : null,
      opts.issued?.expiresAt ?? null,
      opts.issued?.alertAt ?? null,
    ],
  );
  return id;
}
