/**
 * createReferral and the legal-override countersignature time the referral with the LOADED deadline policy
 * (DEADLINE_POLICY_FILE, injected as DEADLINE_POLICY_SOURCE), not the built-in default: a policy file whose HIGH
 * response deadline is 2 hours (the default says 4) gives a HIGH-risk referral 2 hours, under its version.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEADLINE_POLICY, DurationUnit, RiskLevel } from '@lib/domain';
import { DEMO_ORG_IDS } from '@lib/persistence';
import { DEADLINE_POLICY_FILE_ENV, loadDeadlinePolicyFromEnv } from '@lib/referral-process';
import { ApiHarness } from './support/api-harness';
import { CREATE_REFERRAL, consentToPolice, key, openCase } from './support/operations';

const H = 3_600_000;
const VERSION = 'e2e-high-response-2h';
const TIMING = `query($id: UUID!) { referral(id: $id) { id createdAt responseDueAt } }`;

describe('deadline policy loaded from DEADLINE_POLICY_FILE (e2e)', () => {
  let api: ApiHarness;
  const previous = process.env[DEADLINE_POLICY_FILE_ENV];

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nrm-policy-e2e-')), 'policy.json');
    const byRisk = DEFAULT_DEADLINE_POLICY.referral.byRisk;
    const policy = {
      ...DEFAULT_DEADLINE_POLICY,
      version: VERSION,
      referral: {
        ...DEFAULT_DEADLINE_POLICY.referral,
        byRisk: { ...byRisk, [RiskLevel.HIGH]: { ...byRisk[RiskLevel.HIGH], response: { amount: 2, unit: DurationUnit.HOURS } } },
      },
    };
    writeFileSync(file, JSON.stringify(policy));
    process.env[DEADLINE_POLICY_FILE_ENV] = file;
    // The worker reads the same file (the API reads it through DeadlinePolicyModule's default source).
    api = await ApiHarness.start({ policy: () => loadDeadlinePolicyFromEnv() });
  });
  afterAll(async () => {
    await api?.stop();
    if (previous === undefined) delete process.env[DEADLINE_POLICY_FILE_ENV];
    else process.env[DEADLINE_POLICY_FILE_ENV] = previous;
  });

  /** The details of the entry the API writes in the same transaction (the workflow re-pins deadlines later). */
  const entry = async (referralId: string, kind: string): Promise<Record<string, unknown>> => {
    const rows: { details: Record<string, unknown> }[] = await api.db.dataSource.query(
      `SELECT details FROM timeline_entries WHERE referral_id = $1 AND kind = $2`,
      [referralId, kind],
    );
    return rows[0]!.details;
  };

  /** A legal-override referral to the police, awaiting its countersignature. */
  const legalOverrideReferral = async (caseId: string): Promise<{ id: string }> =>
    (
      await api.ok('dost.manager', CREATE_REFERRAL, {
        input: {
          caseId,
          toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
          serviceType: 'INCIDENT_NOTIFICATION',
          purpose: 'LAW_ENFORCEMENT',
          dataCategories: [],
          legalOverride: { basis: 'STATUTORY_DUTY', justification: 'DOST duty to inform the police of the incident' },
          idempotencyKey: key('ref'),
        },
      })
    ).createReferral;

  it('createReferral on a HIGH-risk case: the 2-hour response deadline of the loaded policy, under its version', async () => {
    expect(DEFAULT_DEADLINE_POLICY.referral.byRisk[RiskLevel.HIGH].response).toEqual({ amount: 4, unit: DurationUnit.HOURS });
    const c = await openCase(api, 'dost.manager', { riskLevel: 'HIGH' });
    await consentToPolice(api, c.id);
    const created = (
      await api.ok('dost.manager', CREATE_REFERRAL, {
        input: {
          caseId: c.id,
          toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
          serviceType: 'INCIDENT_NOTIFICATION',
          purpose: 'LAW_ENFORCEMENT',
          dataCategories: ['IDENTITY', 'CONTACT', 'INCIDENT_NARRATIVE'],
          idempotencyKey: key('ref'),
        },
      })
    ).createReferral;
    const timing = (await api.ok('dost.manager', TIMING, { id: created.id })).referral;
    expect(Date.parse(created.responseDueAt) - Date.parse(timing.createdAt)).toBe(2 * H);
    expect(await entry(created.id, 'REFERRAL_CREATED')).toMatchObject({ policyVersion: VERSION });
  });

  it('the countersignature of a legal-override referral times it with the loaded policy, under its version', async () => {
    const c = await openCase(api, 'dost.manager', { riskLevel: 'HIGH' });
    const created = await legalOverrideReferral(c.id);
    await api.ok('dost.supervisor', `mutation($id: UUID!) { countersignLegalOverride(referralId: $id) { id } }`, { id: created.id });
    expect(await entry(created.id, 'REFERRAL_COUNTERSIGNED')).toMatchObject({ legalBasis: 'STATUTORY_DUTY', policyVersion: VERSION });
    // The countersign task the API wrote with the referral was due by the loaded 2 hours as well.
    const tasks: { due_at: Date; created_at: Date }[] = await api.db.dataSource.query(
      `SELECT t.due_at, r.created_at FROM tasks t JOIN referrals r ON r.id = t.referral_id
        WHERE t.referral_id = $1 AND t.type = 'LEGAL_OVERRIDE_COUNTERSIGN'`,
      [created.id],
    );
    expect(new Date(tasks[0]!.due_at).getTime() - new Date(tasks[0]!.created_at).getTime()).toBe(2 * H);
  });

  it('a legal-override referral countersigned hours after it was written: the workflow times it from the countersignature', async () => {
    const c = await openCase(api, 'dost.manager', { riskLevel: 'HIGH' });
    const created = await legalOverrideReferral(c.id);
    // The supervisor countersigns three hours after the request was written (more than the 2-hour response deadline).
    await api.db.dataSource.query(`UPDATE referrals SET created_at = created_at - interval '3 hours' WHERE id = $1`, [created.id]);
    await api.ok('dost.supervisor', `mutation($id: UUID!) { countersignLegalOverride(referralId: $id) { id } }`, { id: created.id });
    await api.referralOpened(created.id);
    const [row]: { countersigned_at: Date; response_due_at: Date; task_due: Date; status: string }[] = await api.db.dataSource.query(
      `SELECT r.countersigned_at, r.response_due_at, r.status, t.due_at AS task_due
         FROM referrals r JOIN tasks t ON t.referral_id = r.id AND t.type = 'REFERRAL_RESPONSE' WHERE r.id = $1`,
      [created.id],
    );
    // Counted from the creation it would already be overdue (and escalated at once).
    expect(new Date(row!.response_due_at).getTime() - new Date(row!.countersigned_at).getTime()).toBe(2 * H);
    expect(new Date(row!.task_due).getTime()).toBe(new Date(row!.response_due_at).getTime());
    expect(row!.status).toBe('PENDING');
  });
});
