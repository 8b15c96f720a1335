/**
 * Issue 12, finding 1: an id in upper case is the same record as in lower case. Before the UUID scalar, the id went
 * on as sent: hashed into audit events (while the uuid column stored it in lower case: audit:verify then reported a
 * broken chain), used in workflow ids (a second case workflow and a second DOST intake for one case) and in
 * acceptReferral's workflow lookup ("Workflow not found"). Everything here goes through GraphQL over HTTP with the real
 * worker and the embedded Temporal server.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { AuditVerifier } from '@lib/audit';
import { caseWorkflowId, intakeWorkflowId } from '@lib/contracts';
import { DEMO_ORG_IDS } from '@lib/persistence';
import { codeOf } from './support/api-harness';
import { CREATE_REFERRAL, INBOX, RECORD_CONSENT, key, openCase } from './support/operations';
import { eventually, startTemporalApi, type TemporalApi } from './support/temporal-api';

const START = `mutation($input: StartDostIntakeInput!) { startDostIntake(input: $input) { caseId phase } }`;
const ACCEPT = `mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status version } }`;
const REFERRAL = `query($id: UUID!) { referral(id: $id) { id status version caseId toOrganisationId } }`;

describe('upper-case ids are the same records (UUID scalar at the edge)', () => {
  let t: TemporalApi;

  beforeAll(async () => {
    t = await startTemporalApi();
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  const api = () => t.api;
  const workflowExists = async (workflowId: string): Promise<boolean> => {
    try {
      await t.env.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  };
  const auditOk = async () => (await new AuditVerifier().verify(api().db.dataSource)).ok;

  it('startDostIntake with the case id in upper case: one intake workflow, the second start is a CONFLICT, the audit chain verifies', async () => {
    const opened = await openCase(api());
    const upper = opened.id.toUpperCase();
    expect(upper).not.toBe(opened.id);

    const started = await api().ok('dost.manager', START, {
      input: { caseId: upper, idempotencyKey: key('start') },
    });
    expect(started.startDostIntake).toMatchObject({ caseId: opened.id, phase: 'QUEUE_TICKET' });
    // Once per case: the same case in lower case is the same intake.
    const again = await api().gql('dost.manager', START, {
      input: { caseId: opened.id, idempotencyKey: key('start') },
    });
    expect(codeOf(again)).toBe('CONFLICT');

    expect(await workflowExists(intakeWorkflowId(opened.id))).toBe(true);
    expect(await workflowExists(intakeWorkflowId(upper))).toBe(false);
    expect(await workflowExists(caseWorkflowId(upper))).toBe(false);
    expect(
      await api().count('timeline_entries', "case_id = $1 AND kind = 'INTAKE_STARTED'", [opened.id]),
    ).toBe(1);
    expect(await auditOk()).toBe(true);
  });

  it('recordConsent, createReferral and acceptReferral with upper-case ids act on the same case, referral and workflow', async () => {
    const opened = await openCase(api());
    await api().ok('dost.manager', RECORD_CONSENT, {
      input: {
        caseId: opened.id.toUpperCase(),
        grantor: 'SELF',
        recipientOrganisationId: DEMO_ORG_IDS.SSA.toUpperCase(),
        dataCategories: ['HEALTH'],
        purposes: ['SHELTER_PLACEMENT'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
    const created = (
      await api().ok('dost.manager', CREATE_REFERRAL, {
        input: {
          caseId: opened.id.toUpperCase(),
          toOrganisationId: DEMO_ORG_IDS.SSA.toUpperCase(),
          serviceType: 'SHELTER_PLACEMENT',
          purpose: 'SHELTER_PLACEMENT',
          dataCategories: ['HEALTH'],
          idempotencyKey: key('ref'),
        },
      })
    ).createReferral as { id: string; toOrganisationId: string };
    expect(created.toOrganisationId).toBe(DEMO_ORG_IDS.SSA);
    expect(await workflowExists(caseWorkflowId(opened.id.toUpperCase()))).toBe(false);

    // The task arrives once the workflow has re-checked consent; then accept with the referral id in upper case.
    await eventually(async () => {
      const edges = (await api().ok('ssa.officer', INBOX, { first: 100 })).inbox.edges as {
        node: { referralId: string | null };
      }[];
      return edges.some((e) => e.node.referralId === created.id);
    });
    const read = (await api().ok('ssa.officer', REFERRAL, { id: created.id.toUpperCase() })).referral as {
      id: string;
      version: number;
    };
    expect(read.id).toBe(created.id);
    const accepted = await api().gql('ssa.officer', ACCEPT, {
      input: { referralId: created.id.toUpperCase(), expectedVersion: read.version },
    });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptReferral).toMatchObject({ id: created.id, status: 'ACCEPTED' });
    expect((await t.facade.referralState(created.id)).status).toBe('ACCEPTED');
    expect(await auditOk()).toBe(true);
  });

  it('inline (literal) upper-case ids work the same as variables', async () => {
    const opened = await openCase(api());
    const res = await api().ok('dost.manager', `{ case(id: "${opened.id.toUpperCase()}") { id } }`);
    expect(res.case.id).toBe(opened.id);
  });
});
