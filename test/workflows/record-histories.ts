/**
 * Records workflow histories for the replay test: `npm run workflows:record-histories`
 * (= `node scripts/ts-run.js test/workflows/record-histories.ts`).
 *
 * Runs the real worker and activities against a throwaway embedded PostgreSQL and our embedded Temporal server
 * (time skipping), drives a few scenarios, and writes each execution's history to test/workflows/histories/*.json.
 * Payloads are recorded with the plain JSON converter (synthetic ids only) so the replay needs no key.
 * Re-record only when a workflow change is deliberately not replay-compatible (and then use patched()).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import {
  caseWorkflowId,
  intakeWorkflowId,
  IntakeStep,
  PoliceNotificationMode,
  protectionOrderWorkflowId,
  referralWorkflowId,
  safetyPlanReviewWorkflowId,
} from '@lib/contracts';
import { ConsentPurpose, DataCategory, LegalBasis, OrganisationType, RiskLevel } from '@lib/domain';
import { createDataSource, runMigrations, seedDemoData, startEmbeddedPostgres } from '@lib/persistence';
import { ReferralProcessClient } from '@lib/temporal';
import { startWorker } from '../../apps/worker/src/worker';
import {
  caseWithSsaReferral,
  insertCase,
  insertConsent,
  insertProtectionOrder,
  insertRiskAssessment,
  ORG,
  tasksOf,
  USER,
} from './support/fixtures';
import { cachedWorkflowBundle, eventually, quietRuntime, ROOT, TEMPORAL_SERVER_EXE } from './support/harness';
import { freePort } from '../support/processes';


async function main(): Promise<void> {
  quietRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'nrm-record-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), unsafeFast: true });
  const ds = await createDataSource(pg.url, { poolSize: 4 });
  await runMigrations(ds);
  await seedDemoData(ds);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEMPORAL_SERVER_EXE } },
  });
  const taskQueue = `record-${randomUUID()}`;
  const worker = await startWorker({
    dataSource: ds,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dataConverter: {},
    workflowBundle: await cachedWorkflowBundle(),
  });
  const facade = new ReferralProcessClient(env.client, taskQueue);
  const now = async (): Promise<Date> => new Date(Number(await env.currentTimeMs()));
  const outDir = join(ROOT, 'test', 'workflows', 'histories');
  mkdirSync(outDir, { recursive: true });
  const save = async (name: string, workflowId: string): Promise<void> => {
    const handle = env.client.workflow.getHandle(workflowId);
    await eventually(() =>
      handle.describe().then(
        () => true,
        () => false,
      ),
    );
    await handle.result();
    writeFileSync(join(outDir, `${name}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
    process.stdout.write(`recorded ${name}\n`);
  };
  const responseTask = (referralId: string) =>
    eventually(async () => (await tasksOf(ds, { referralId })).find((t) => t.type === 'REFERRAL_RESPONSE'));

  // Names given on the command line record only the scenarios that save them (the others keep their recorded files).
  const only = new Set(process.argv.slice(2));
  const want = (...names: string[]): boolean => only.size === 0 || names.some((n) => only.has(n));
  try {
    if (want('referral-accepted-completed')) {
      // 1. referral accepted then completed
      const a = await caseWithSsaReferral(ds, await now());
      await facade.startReferral(a.caseId, a.referralId);
      await responseTask(a.referralId);
      await facade.acceptReferral(a.referralId, USER['ssa.officer']);
      await facade.completeReferral(a.referralId, USER['ssa.officer'], 'Placed');
      await save('referral-accepted-completed', referralWorkflowId(a.referralId));
    }

    if (want('referral-expired')) {
      // 2. referral missing its response deadline (reminders, escalation)
      const b = await caseWithSsaReferral(ds, await now());
      await facade.startReferral(b.caseId, b.referralId);
      await responseTask(b.referralId);
      await save('referral-expired', referralWorkflowId(b.referralId));
    }

    if (want('referral-withdrawn-by-consent', 'case-consent-withdrawal-and-closure')) {
      // 3. case: referral, consent withdrawal, closure with approval
      const c = await caseWithSsaReferral(ds, await now());
      await facade.startReferral(c.caseId, c.referralId);
      await responseTask(c.referralId);
      await ds.query(`UPDATE consents SET withdrawn_at = $2 WHERE id = $1`, [c.consentId, await now()]);
      await facade.signalConsentWithdrawn(c.caseId, c.consentId, USER['dost.manager']);
      await save('referral-withdrawn-by-consent', referralWorkflowId(c.referralId));
      await facade.requestClosure(c.caseId, USER['dost.manager']);
      await facade.approveClosure(c.caseId, USER['dost.supervisor']);
      await save('case-consent-withdrawal-and-closure', caseWorkflowId(c.caseId));
    }

    if (want('dost-intake-legal-override')) {
      // 4. DOST intake with a legal override and an SSA application
      const openedAt = await now();
      const caseId = await insertCase(ds, { openedAt, riskLevel: RiskLevel.MEDIUM });
      await insertConsent(ds, {
        caseId,
        grantedAt: new Date(openedAt.getTime() - 1000),
        recipientOrganisationType: OrganisationType.SSA,
        categories: [DataCategory.HEALTH],
        purposes: [ConsentPurpose.SHELTER_PLACEMENT],
      });
      await facade.startCaseWorkflow(caseId, { startIntake: true, openedBy: USER['dost.intake'] });
      const step = (s: IntakeStep) =>
        eventually(async () =>
          (await tasksOf(ds, { caseId })).find((t) => t.dedupe_key?.endsWith(`/step/${s}`)),
        );
      await step(IntakeStep.QUEUE_TICKET);
      await facade.completeIntakeStep(caseId, {
        step: IntakeStep.QUEUE_TICKET,
        actorId: USER['dost.intake'],
      });
      await step(IntakeStep.DESK);
      await facade.completeIntakeStep(caseId, { step: IntakeStep.DESK, actorId: USER['dost.intake'] });
      await step(IntakeStep.INTERVIEW);
      await facade.completeIntakeStep(caseId, {
        step: IntakeStep.INTERVIEW,
        actorId: USER['dost.lawyer'],
        assessment: { riskLevel: RiskLevel.HIGH, needsShelter: true },
      });
      await step(IntakeStep.POLICE_NOTIFICATION);
      await facade.notifyPolice(caseId, {
        actorId: USER['dost.manager'],
        mode: PoliceNotificationMode.LEGAL_OVERRIDE,
        legalBasis: LegalBasis.STATUTORY_DUTY,
        justification: 'Statutory duty of the DOST centre to inform the police of the incident',
      });
      await facade.countersignLegalOverride(caseId, USER['dost.supervisor']);
      await step(IntakeStep.SSA_APPLICATION);
      await facade.completeIntakeStep(caseId, {
        step: IntakeStep.SSA_APPLICATION,
        actorId: USER['dost.manager'],
      });
      await save('dost-intake-legal-override', intakeWorkflowId(caseId));
    }

    if (want('case-risk-level-change')) {
      // 5. case: a reassessment to HIGH (follow-ups re-planned, risk conference task), then closure with approval
      const riskCase = await insertCase(ds, { openedAt: await now(), riskLevel: RiskLevel.LOW });
      await facade.startCaseWorkflow(riskCase);
      await eventually(async () =>
        (await tasksOf(ds, { caseId: riskCase })).find((t) => t.type === 'FOLLOW_UP'),
      );
      const assessmentId = await insertRiskAssessment(ds, riskCase, RiskLevel.HIGH, await now());
      await facade.signalRiskLevelChanged(riskCase, assessmentId);
      await eventually(async () =>
        (await tasksOf(ds, { caseId: riskCase })).find((t) => t.type === 'RISK_CONFERENCE'),
      );
      await facade.requestClosure(riskCase, USER['dost.manager']);
      await facade.approveClosure(riskCase, USER['dost.supervisor']);
      await save('case-risk-level-change', caseWorkflowId(riskCase));
    }

    if (want('protection-order-issued-breached-extended-expired')) {
      // 6. protection order: applied, issuance overdue (escalation), issued, breached, extended, expiry alert, expired
      const poCase = await insertCase(ds, { openedAt: await now(), riskLevel: RiskLevel.HIGH });
      const appliedAt = await now();
      const orderId = await insertProtectionOrder(ds, poCase, { appliedAt });
      await facade.startProtectionOrder(poCase, orderId);
      await env.sleep('25 hours');
      await eventually(async () =>
        (await tasksOf(ds, { caseId: poCase })).find((t) => t.type === 'ESCALATION'),
      );
      const issuedAt = await now();
      const day = 24 * 3_600_000;
      await ds.query(
        `UPDATE protection_orders SET status = 'ISSUED', issued_at = $2, issued_recorded_by = $3, expires_at = $4, alert_at = $5 WHERE id = $1`,
        [
          orderId,
          issuedAt,
          USER['dost.lawyer'],
          new Date(issuedAt.getTime() + 20 * day),
          new Date(issuedAt.getTime() + 13 * day),
        ],
      );
      await facade.protectionOrderChanged(poCase, orderId);
      const breachId = randomUUID();
      await ds.query(
        `INSERT INTO protection_order_breaches (id, order_id, case_id, reported_by, reporter_organisation_id, occurred_at, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [breachId, orderId, poCase, USER['dost.manager'], ORG.DOST_BAKU, await now()],
      );
      await facade.protectionOrderBreached(poCase, orderId, breachId);
      await eventually(async () =>
        (await tasksOf(ds, { caseId: poCase })).find((t) => t.type === 'RISK_REASSESSMENT'),
      );
      await ds.query(
        `UPDATE protection_orders SET expires_at = $2, alert_at = $3, extension_count = 1 WHERE id = $1`,
        [orderId, new Date(issuedAt.getTime() + 40 * day), new Date(issuedAt.getTime() + 33 * day)],
      );
      await facade.protectionOrderChanged(poCase, orderId);
      await save('protection-order-issued-breached-extended-expired', protectionOrderWorkflowId(orderId));
    }

    if (want('safety-plan-review-reminded-moved-done')) {
      // 7. safety plan review: reminded at the review date, the date moved (signal), reminded again, item DONE
      const planCase = await insertCase(ds, { openedAt: await now(), riskLevel: RiskLevel.HIGH });
      const itemId = randomUUID();
      const day = 24 * 3_600_000;
      const start = await now();
      await ds.query(
        `INSERT INTO safety_plan_items (id, case_id, organisation_id, responsible_organisation_id, action, due_at, review_at, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $3, 'EMERGENCY_PLAN', $4, $5, $6, $7, $7)`,
        [itemId, planCase, ORG.DOST_BAKU, new Date(start.getTime() + day), new Date(start.getTime() + 7 * day), USER['dost.manager'], start],
      );
      await facade.safetyPlanItemChanged(itemId);
      await env.sleep('8 days');
      await eventually(async () => (await tasksOf(ds, { caseId: planCase })).find((t) => t.type === 'SAFETY_PLAN_REVIEW'));
      await ds.query(`UPDATE safety_plan_items SET review_at = $2 WHERE id = $1`, [itemId, new Date(start.getTime() + 21 * day)]);
      await facade.safetyPlanItemChanged(itemId);
      await env.sleep('14 days');
      await eventually(async () => (await tasksOf(ds, { caseId: planCase })).filter((t) => t.type === 'SAFETY_PLAN_REVIEW').length === 2);
      await ds.query(`UPDATE safety_plan_items SET status = 'DONE' WHERE id = $1`, [itemId]);
      await facade.safetyPlanItemChanged(itemId);
      await save('safety-plan-review-reminded-moved-done', safetyPlanReviewWorkflowId(itemId));
    }
  } finally {
    await worker.shutdown();
    await env.teardown();
    await ds.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
