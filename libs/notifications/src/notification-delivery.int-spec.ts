import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { WEBHOOK_DISABLE_AFTER_FAILURES } from '@lib/contracts';
import { FieldCipher, generateFieldKeys } from '@lib/crypto';
import { TaskType } from '@lib/domain';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { type MailTransport, type OutgoingMail } from './mail-transport';
import { NotificationDeliveryActivities } from './notification-delivery.activities';
import { NotificationKind } from './notification-kinds';
import { recordNotification } from './notification-outbox';

/** The delivery activities on a real PostgreSQL, without Temporal: what each attempt writes and sends. */
describe('notification delivery activities', () => {
  let db: TestDatabase;
  let acts: NotificationDeliveryActivities;
  const cipher = new FieldCipher(generateFieldKeys());
  const sent: OutgoingMail[] = [];
  let failMail = false;
  const mail: MailTransport = {
    describe: 'memory',
    send: (m) =>
      failMail
        ? Promise.reject(Object.assign(new Error('refused'), { responseCode: 451 }))
        : Promise.resolve(void sent.push(m)),
    close: () => undefined,
  };
  let server: Server;
  let status = 503;
  let url = '';

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    acts = new NotificationDeliveryActivities(db.dataSource, {
      mail,
      cipher,
      consoleUrl: 'https://console.test',
      webhookTimeoutMs: 2000,
    });
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await db?.drop();
  });

  async function batchOf(kind: NotificationKind, organisationId: string): Promise<string> {
    const batchId = randomUUID();
    await db.dataSource.transaction((m) =>
      recordNotification(m, {
        kind,
        organisationId,
        taskType: TaskType.REFERRAL_RESPONSE,
        dedupeKey: `test:${randomUUID()}`,
      }),
    );
    await db.dataSource.query(
      `UPDATE notifications SET batch_id = $1, batched_at = now() WHERE batch_id IS NULL`,
      [batchId],
    );
    return batchId;
  }

  async function addWebhook(organisationId: string): Promise<string> {
    const id = randomUUID();
    await db.dataSource.query(
      `INSERT INTO organisation_webhooks (id, organisation_id, url, secret_enc, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [
        id,
        organisationId,
        url,
        cipher.encrypt('whsec_test', { table: 'organisation_webhooks', column: 'secret_enc', rowId: id }),
        DEMO_USER_IDS['ssa.officer'],
      ],
    );
    return id;
  }

  it('plans once per recipient and channel, sends each e-mail once however often the attempt is retried', async () => {
    await db.dataSource.query(
      `INSERT INTO notification_settings (staff_id, email) VALUES ($1, 'ssa@test.local')`,
      [DEMO_USER_IDS['ssa.officer']],
    );
    const batchId = await batchOf(NotificationKind.NEW_REFERRAL, DEMO_ORG_IDS.SSA);
    const plan = await acts.planNotificationBatch({ batchId });
    expect(await acts.planNotificationBatch({ batchId })).toEqual(plan);
    expect(plan.emailDeliveryIds).toHaveLength(1);

    failMail = true;
    await expect(acts.sendNotificationEmails({ deliveryIds: plan.emailDeliveryIds })).rejects.toThrow(
      'not accepted',
    );
    const [failed] = await db.dataSource.query(
      `SELECT status, attempts, last_error FROM notification_deliveries WHERE id = $1`,
      plan.emailDeliveryIds,
    );
    expect(failed).toEqual({ status: 'PENDING', attempts: 1, last_error: 'SMTP_451' });

    failMail = false;
    await acts.sendNotificationEmails({ deliveryIds: plan.emailDeliveryIds });
    await acts.sendNotificationEmails({ deliveryIds: plan.emailDeliveryIds }); // a retried attempt after success
    expect(sent.filter((m) => m.deliveryId === plan.emailDeliveryIds[0])).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'ssa@test.local', subject: '[NRM] Yeni göndəriş cavab gözləyir' });
  });

  it('a personal kind ("assigned to you") is e-mailed to the named person only; other named kinds to the supervisors too', async () => {
    await db.dataSource.query(
      `INSERT INTO notification_settings (staff_id, email, language) VALUES ($1, 'manager@dost.test', 'en'), ($2, 'supervisor@dost.test', 'en')`,
      [DEMO_USER_IDS['dost.manager'], DEMO_USER_IDS['dost.supervisor']],
    );
    const planned = async (kind: NotificationKind): Promise<string[]> => {
      const batchId = randomUUID();
      await db.dataSource.transaction((m) =>
        recordNotification(m, {
          kind,
          organisationId: DEMO_ORG_IDS.DOST_BAKU,
          recipientStaffId: DEMO_USER_IDS['dost.manager'],
          taskId: randomUUID(),
          taskType: TaskType.FOLLOW_UP,
          dedupeKey: `test:${randomUUID()}`,
        }),
      );
      await db.dataSource.query(
        `UPDATE notifications SET batch_id = $1, batched_at = now() WHERE batch_id IS NULL`,
        [batchId],
      );
      const plan = await acts.planNotificationBatch({ batchId });
      const rows = await db.dataSource.query<{ email: string }[]>(
        `SELECT ns.email FROM notification_deliveries d JOIN notification_settings ns ON ns.staff_id = d.staff_id
          WHERE d.id = ANY($1) ORDER BY ns.email`,
        [plan.emailDeliveryIds],
      );
      return rows.map((r) => r.email);
    };
    expect(await planned(NotificationKind.TASK_ASSIGNED)).toEqual(['manager@dost.test']);
    expect(await planned(NotificationKind.CLOSURE_APPROVED)).toEqual(['manager@dost.test', 'supervisor@dost.test']);
  });

  it(`a webhook failing ${WEBHOOK_DISABLE_AFTER_FAILURES} times in a row is disabled, and its administrators are told once`, async () => {
    const webhookId = await addWebhook(DEMO_ORG_IDS.SHELTER);
    for (let i = 0; i < WEBHOOK_DISABLE_AFTER_FAILURES; i++) {
      const batchId = await batchOf(NotificationKind.NEW_REFERRAL, DEMO_ORG_IDS.SHELTER);
      const plan = await acts.planNotificationBatch({ batchId });
      const deliveries = plan.webhooks.find((w) => w.webhookId === webhookId);
      expect(deliveries?.deliveryIds).toHaveLength(1);
      await expect(acts.deliverWebhook(deliveries!)).rejects.toThrow('HTTP_503');
      await acts.recordDeliveryFailure({ deliveryIds: deliveries!.deliveryIds, webhookId });
      await acts.recordDeliveryFailure({ deliveryIds: deliveries!.deliveryIds, webhookId }); // retried: counted once
    }
    const [hook] = await db.dataSource.query(
      `SELECT active, consecutive_failures, disabled_at FROM organisation_webhooks WHERE id = $1`,
      [webhookId],
    );
    expect(hook).toMatchObject({ active: false, consecutive_failures: WEBHOOK_DISABLE_AFTER_FAILURES });
    expect(hook.disabled_at).not.toBeNull();
    const told = await db.dataSource.query(
      `SELECT organisation_id, mandatory, recipient_roles FROM notifications WHERE kind = 'WEBHOOK_DISABLED'`,
    );
    expect(told).toEqual([
      {
        organisation_id: DEMO_ORG_IDS.SHELTER,
        mandatory: true,
        recipient_roles: ['ADMINISTRATOR', 'ORGANISATION_ADMIN', 'SUPERVISOR'],
      },
    ]);
    // And one task in the organisation's inbox, for those who manage its webhooks (ids only).
    expect(
      await db.dataSource.query(`SELECT organisation_id, status, case_id FROM tasks WHERE type = 'WEBHOOK_FAILED'`),
    ).toEqual([{ organisation_id: DEMO_ORG_IDS.SHELTER, status: 'OPEN', case_id: null }]);
    const failed = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM notification_deliveries WHERE webhook_id = $1 AND status = 'FAILED'`,
      [webhookId],
    );
    expect(failed[0].n).toBe(WEBHOOK_DISABLE_AFTER_FAILURES);

    // Disabled: the next batch plans no delivery to it.
    const next = await acts.planNotificationBatch({
      batchId: await batchOf(NotificationKind.NEW_REFERRAL, DEMO_ORG_IDS.SHELTER),
    });
    expect(next.webhooks.find((w) => w.webhookId === webhookId)).toBeUndefined();
  });

  it('a success resets the failure count', async () => {
    const webhookId = await addWebhook(DEMO_ORG_IDS.NGO_LEGAL_CLINIC);
    const first = await acts.planNotificationBatch({
      batchId: await batchOf(NotificationKind.NEW_REFERRAL, DEMO_ORG_IDS.NGO_LEGAL_CLINIC),
    });
    status = 503;
    const d1 = first.webhooks.find((w) => w.webhookId === webhookId)!;
    await expect(acts.deliverWebhook(d1)).rejects.toThrow();
    await acts.recordDeliveryFailure({ deliveryIds: d1.deliveryIds, webhookId });
    status = 204;
    const second = await acts.planNotificationBatch({
      batchId: await batchOf(NotificationKind.NEW_REFERRAL, DEMO_ORG_IDS.NGO_LEGAL_CLINIC),
    });
    await acts.deliverWebhook(second.webhooks.find((w) => w.webhookId === webhookId)!);
    const [hook] = await db.dataSource.query(
      `SELECT active, consecutive_failures FROM organisation_webhooks WHERE id = $1`,
      [webhookId],
    );
    expect(hook).toEqual({ active: true, consecutive_failures: 0 });
  });
});
