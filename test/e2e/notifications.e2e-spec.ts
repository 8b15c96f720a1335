/**
 * Notifications end to end: GraphQL API + real worker + embedded Temporal + the outbox relay, a real SMTP server
 * (smtp-server) and a real HTTP webhook receiver that checks signatures and deduplicates by delivery id.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueLocalToken } from '@lib/auth';
import { FieldCipher } from '@lib/crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { notificationBatchWorkflowId } from '@lib/contracts';
import { NotificationKind, OutboxDispatcher, createMailTransport, recordNotification } from '@lib/notifications';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { type ApiHarness } from './support/api-harness';
import { eventually, startTemporalApi, type TemporalApi } from './support/temporal-api';
import { GraphqlWsClient } from './support/graphql-ws-client';
import { CREATE_REFERRAL, INBOX, RECORD_CONSENT, SURVIVOR, key, openCase } from './support/operations';
import { startSmtpSink, startWebhookReceiver } from './support/test-receivers';
import { freePort } from '../support/processes';

const INBOX_SUB = `subscription { inboxTaskAdded { id type caseCode referralId dueAt } }`;
const NOTIFICATION_SUB = `subscription { notificationReceived { id kind taskId taskType referralId caseCode mandatory } }`;
const SET_CONTACT = `mutation($input: SetNotificationContactInput!) { setNotificationContact(input: $input) { email language } }`;
const SET_PREF = `mutation($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { preferences { kind channel enabled mandatory } } }`;
const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { id url active kinds } } }`;
const FAILED = `query { failedNotificationDeliveries(first: 20) { id kind channel attempts lastError } }`;
const FEED = `query { notifications(first: 50) { edges { node { id kind referralId caseCode } } hasNextPage } }`;
const WITHDRAW_CONSENT = `mutation($id: UUID!, $reason: String!) { withdrawConsent(consentId: $id, reason: $reason) { withdrawnReferralIds } }`;

const POLICE_ADMIN = randomUUID();

/** Waits until `read` (a synchronous look at what the receivers collected) returns something. */
const until = <T>(read: () => T | null | undefined | false, timeoutMs?: number): Promise<T> =>
  eventually(() => Promise.resolve(read()), timeoutMs);

describe('notifications (e2e)', () => {
  let stack: TemporalApi;
  let api: ApiHarness;
  let dispatcher: OutboxDispatcher;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let secret = '';
  const sockets: GraphqlWsClient[] = [];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    receiver = await startWebhookReceiver(() => secret);
    stack = await startTemporalApi({
      notifications: (a) => ({
        mail: createMailTransport({
          smtpUrl: smtp.url,
          from: 'NRM <nrm@test.local>',
          mailboxDir: '/nonexistent',
        }),
        cipher: new FieldCipher(a.fieldKeys),
        consoleUrl: 'https://console.test',
      }),
    });
    api = stack.api;
    dispatcher = new OutboxDispatcher({
      databaseUrl: api.db.url,
      client: stack.env.client,
      taskQueue: stack.taskQueue,
      gatherMs: 20,
    });
    await dispatcher.start();
    await api.db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles) VALUES ($1, $2, 'police.admin', 'Police Admin', '{ADMINISTRATOR}')`,
      [POLICE_ADMIN, DEMO_ORG_IDS.POLICE_BAKU],
    );
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await dispatcher?.stop();
    await stack?.stop();
    await receiver?.stop();
    await smtp?.stop();
  });

  async function subscribe(user: string): Promise<GraphqlWsClient> {
    const client = await GraphqlWsClient.connect(api.url, `Bearer ${await api.token(user)}`);
    sockets.push(client);
    return client;
  }

  async function consentAndReferToPolice(caseId: string): Promise<{ consentId: string; referralId: string }> {
    const consent = await api.ok('dost.manager', RECORD_CONSENT, {
      input: {
        caseId,
        grantor: 'SELF',
        recipientOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
        dataCategories: ['IDENTITY', 'CONTACT', 'INCIDENT_NARRATIVE'],
        purposes: ['LAW_ENFORCEMENT'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
    const referral = await api.ok('dost.manager', CREATE_REFERRAL, {
      input: {
        caseId,
        toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
        serviceType: 'INCIDENT_NOTIFICATION',
        purpose: 'LAW_ENFORCEMENT',
        dataCategories: ['IDENTITY', 'CONTACT', 'INCIDENT_NARRATIVE'],
        idempotencyKey: key('ref'),
      },
    });
    return {
      consentId: consent.recordConsent.id as string,
      referralId: referral.createReferral.id as string,
    };
  }

  it('closes the live connection when its token expires', async () => {
    const token = await issueLocalToken(DEMO_USER_IDS['police.officer'], 2, { keyDir: api.keyDir });
    const client = await GraphqlWsClient.connect(api.url, `Bearer ${token}`);
    sockets.push(client);
    client.subscribe(INBOX_SUB);
    await until(() => client.closeCode !== null, 10_000);
    expect(client.closeCode).toBe(4401);
  });

  it('refuses a live connection without a valid token', async () => {
    await expect(GraphqlWsClient.connect(api.url, null)).rejects.toThrow();
    await expect(GraphqlWsClient.connect(api.url, 'Bearer not-a-token')).rejects.toThrow();
  });

  it('escalations cannot be switched off (typed error); other kinds can', async () => {
    const refused = await api.gql('dost.supervisor', SET_PREF, {
      input: { kind: 'ESCALATION', channel: 'EMAIL', enabled: false },
    });
    expect(refused.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions.fields).toEqual([
      {
        path: 'input.enabled',
        message: 'mandatory: escalations and webhook failures cannot be switched off',
      },
    ]);
    const ok = await api.ok('dost.supervisor', SET_PREF, {
      input: { kind: 'REFERRAL_ACCEPTED', channel: 'EMAIL', enabled: false },
    });
    const prefs = ok.setNotificationPreference.preferences as {
      kind: string;
      channel: string;
      enabled: boolean;
    }[];
    expect(prefs.find((p) => p.kind === 'REFERRAL_ACCEPTED' && p.channel === 'EMAIL')?.enabled).toBe(false);
    expect(prefs.find((p) => p.kind === 'ESCALATION' && p.channel === 'EMAIL')?.enabled).toBe(true);
  });

  it('webhooks are registered by an administrator only, and the secret is shown once', async () => {
    const denied = await api.gql('police.officer', REGISTER, {
      input: { url: receiver.url, idempotencyKey: key('wh') },
    });
    expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const badUrl = await api.gql(POLICE_ADMIN, REGISTER, {
      input: { url: 'http://example.com/hook', idempotencyKey: key('wh') },
    });
    expect(badUrl.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(badUrl.errors)).not.toContain('example.com');
    const reg = await api.ok(POLICE_ADMIN, REGISTER, {
      input: { url: receiver.url, idempotencyKey: key('wh') },
    });
    secret = reg.registerWebhook.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const list = await api.ok(POLICE_ADMIN, `query { webhooks { id url active } }`);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect((await api.gql('police.officer', `query { webhooks { id } }`)).errors?.[0]?.extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('a referral reaches the recipient live, by e-mail without personal data, and by a signed webhook', async () => {
    await api.ok('police.officer', SET_CONTACT, { input: { email: 'officer@police.test', language: 'EN' } });
    await api.ok('ssa.officer', SET_CONTACT, { input: { email: 'officer@ssa.test', language: 'RU' } });
    const police = await subscribe('police.officer');
    const policeInbox = police.subscribe(INBOX_SUB);
    const policeFeed = police.subscribe(NOTIFICATION_SUB);
    const ssa = await subscribe('ssa.officer');
    const ssaInbox = ssa.subscribe(INBOX_SUB);
    const ssaFeed = ssa.subscribe(NOTIFICATION_SUB);
    await new Promise((r) => setTimeout(r, 200)); // subscriptions registered

    const c = await openCase(api);
    const { referralId } = await consentAndReferToPolice(c.id);

    const task = await until(() =>
      police.received(policeInbox).find((e) => e.inboxTaskAdded.referralId === referralId),
    );
    expect(task.inboxTaskAdded).toMatchObject({ type: 'REFERRAL_RESPONSE', caseCode: c.caseCode });
    const note = await until(() =>
      police.received(policeFeed).find((e) => e.notificationReceived.referralId === referralId),
    );
    expect(note.notificationReceived).toMatchObject({
      kind: 'NEW_REFERRAL',
      caseCode: c.caseCode,
      mandatory: true,
    }); // HIGH risk

    const mail = await until(() =>
      smtp.messages.find((m) => m.includes('officer@police.test') && m.includes(c.caseCode)),
    );
    expect(mail).toContain('A new referral awaits your answer');
    expect(mail).toContain('https://console.test/tasks/');
    expect(mail).toMatch(/X-NRM-Delivery-Id: [0-9a-f-]{36}/i);
    expect(mail).toMatch(/Message-ID: <[0-9a-f-]{36}@nrm.notifications>/i);
    for (const secretValue of [
      SURVIVOR.fullName,
      'Mammadova',
      SURVIVOR.phone,
      '123 45 67',
      SURVIVOR.address,
      'Nizami',
      SURVIVOR.narrative,
      SURVIVOR.healthNotes,
    ]) {
      expect(mail).not.toContain(secretValue);
    }

    const hook = await until(() =>
      receiver.accepted.find((w) => w.body.referralId === referralId && w.body.kind === 'NEW_REFERRAL'),
    );
    expect(hook.body).toMatchObject({
      caseCode: c.caseCode,
      taskType: 'REFERRAL_RESPONSE',
      organisationId: DEMO_ORG_IDS.POLICE_BAKU,
    });
    expect(hook.raw).not.toContain('Aysel');
    expect(receiver.rejected).toBe(0);

    // Nothing about another organisation's referral reaches SSA, on any channel.
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(ssa.received(ssaInbox))).not.toContain(referralId);
    expect(JSON.stringify(ssa.received(ssaFeed))).not.toContain(referralId);
    expect(smtp.messages.some((m) => m.includes('officer@ssa.test'))).toBe(false);
  });

  it("a notification to the organisation's queue shows the case code only to those who could open the case (e-mail and feed)", async () => {
    // A case only its opener (the case manager) works on; its own safety-plan item is a task in DOST's queue, so DOST's
    // case roles hear of it, the intake officer too, who is not on the case's team.
    const c = await openCase(api);
    await api.ok('dost.manager', SET_CONTACT, { input: { email: 'manager@dost.test', language: 'EN' } });
    await api.ok('dost.intake', SET_CONTACT, { input: { email: 'intake@dost.test', language: 'EN' } });
    const item = (
      await api.ok('dost.manager', `mutation($i: AddSafetyPlanItemInput!) { addSafetyPlanItem(input: $i) { id } }`, {
        i: { caseId: c.id, action: 'EMERGENCY_PLAN', responsibleOrganisationId: DEMO_ORG_IDS.DOST_BAKU, dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), reviewAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), idempotencyKey: key('plan') },
      })
    ).addSafetyPlanItem;
    expect(item.id).toBeDefined();
    const [notice]: { id: string }[] = await api.db.dataSource.query(
      `SELECT n.id FROM notifications n JOIN tasks t ON t.id = n.task_id WHERE t.case_id = $1 AND t.type = 'SAFETY_PLAN_ACTION'`,
      [c.id],
    );
    const mailTo = (address: string): Promise<string> =>
      until(() => smtp.messages.find((m) => m.includes(address) && m.includes(notice!.id)) ?? smtp.messages.find((m) => m.includes(address) && m.includes('safety plan action')));
    expect(await mailTo('manager@dost.test')).toContain(c.caseCode);
    const intakeMail = await mailTo('intake@dost.test');
    expect(intakeMail).toContain('safety plan action');
    expect(intakeMail).not.toContain(c.caseCode);
    const feedCode = async (user: string): Promise<(string | null)[]> =>
      (await api.ok(user, FEED)).notifications.edges.filter((e: any) => e.node.id === notice!.id).map((e: any) => e.node.caseCode);
    expect(await feedCode('dost.manager')).toEqual([c.caseCode]);
    expect(await feedCode('dost.intake')).toEqual([null]);
  });

  it('after consent withdrawal the cut-off recipient hears of it without the case code, and gets nothing about the case', async () => {
    const police = await subscribe('police.officer');
    const inbox = police.subscribe(INBOX_SUB);
    const feed = police.subscribe(NOTIFICATION_SUB);
    await new Promise((r) => setTimeout(r, 200));
    const c = await openCase(api);
    const { consentId, referralId } = await consentAndReferToPolice(c.id);
    await until(() => police.received(inbox).find((e) => e.inboxTaskAdded.referralId === referralId));
    const before = police.received(inbox).length;

    await api.ok('dost.manager', WITHDRAW_CONSENT, { id: consentId, reason: 'Survivor asked to stop' });
    const cut = await until(() =>
      police
        .received(feed)
        .find(
          (e) =>
            e.notificationReceived.kind === NotificationKind.CONSENT_WITHDRAWN &&
            e.notificationReceived.referralId === referralId,
        ),
    );
    expect(cut.notificationReceived.caseCode).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(police.received(inbox).length).toBe(before);
    expect(JSON.stringify(police.received(feed).slice(-1))).not.toContain(c.caseCode);
    // The query agrees: the feed no longer shows this case's code to the police.
    const feedNow = await api.ok('police.officer', FEED);
    const aboutIt = (
      feedNow.notifications.edges as { node: { referralId: string; caseCode: string | null } }[]
    ).filter((e) => e.node.referralId === referralId);
    expect(aboutIt.length).toBeGreaterThan(0);
    expect(aboutIt.every((e) => e.node.caseCode === null)).toBe(true);
    const inboxNow = await api.ok('police.officer', INBOX, { first: 50 });
    expect(JSON.stringify(inboxNow)).not.toContain(referralId);
  });

  it('receiver down for a while, then back: every webhook arrives exactly once by delivery id', async () => {
    receiver.down = true;
    const cases = [await openCase(api), await openCase(api), await openCase(api)];
    const referralIds: string[] = [];
    for (const c of cases) referralIds.push((await consentAndReferToPolice(c.id)).referralId);
    await until(() => receiver.attemptsWhileDown >= 2);
    receiver.down = false;
    await until(
      () =>
        referralIds.every((id) =>
          receiver.accepted.some((w) => w.body.referralId === id && w.body.kind === 'NEW_REFERRAL'),
        ),
      60_000,
    );
    const expected = await api.db.dataSource.query(
      `SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.channel = 'WEBHOOK' AND n.referral_id = ANY($1)`,
      [referralIds],
    );
    const received = receiver.accepted
      .filter((w) => referralIds.includes(w.body.referralId as string))
      .map((w) => w.deliveryId);
    expect(received.sort()).toEqual((expected as { id: string }[]).map((r) => r.id).sort());
    expect(receiver.duplicates).toBe(0);
    expect((await api.ok(POLICE_ADMIN, FAILED)).failedNotificationDeliveries).toEqual([]);
  }, 90_000);

  it('the relay plans a batch as it claims it: nobody to tell means no workflow; otherwise no planning activity', async () => {
    const db = api.db.dataSource;
    const batchOf = async (dedupeKey: string): Promise<{ id: string; batch_id: string }> =>
      eventually(async () => {
        const rows = await db.query<{ id: string; batch_id: string; dispatched: boolean }[]>(
          `SELECT id, batch_id, dispatched_at IS NOT NULL AS dispatched FROM notifications WHERE dedupe_key = $1`,
          [dedupeKey],
        );
        return rows[0]?.dispatched ? rows[0] : null;
      });
    // Whatever earlier tests left is dispatched first, so each batch below holds only its own notification.
    await eventually(async () => {
      const [row] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notifications WHERE dispatched_at IS NULL`,
      );
      return row?.n === 0;
    });

    // The legal clinic: no one there has an address, and it has no webhook.
    const quietKey = `test:quiet:${randomUUID()}`;
    await db.transaction((m) =>
      recordNotification(m, {
        kind: NotificationKind.SERVICE_TASK,
        organisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC,
        dedupeKey: quietKey,
      }),
    );
    const quiet = await batchOf(quietKey);
    const [none] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notification_deliveries WHERE notification_id = $1`,
      [quiet.id],
    );
    expect(none?.n).toBe(0);
    await expect(
      stack.env.client.workflow.getHandle(notificationBatchWorkflowId(quiet.batch_id)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);

    await api.ok('ssa.officer', SET_CONTACT, { input: { email: 'officer@ssa.test', language: 'EN' } });
    const loudKey = `test:loud:${randomUUID()}`;
    await db.transaction((m) =>
      recordNotification(m, {
        kind: NotificationKind.SERVICE_TASK,
        organisationId: DEMO_ORG_IDS.SSA,
        dedupeKey: loudKey,
      }),
    );
    const loud = await batchOf(loudKey);
    const handle = stack.env.client.workflow.getHandle(notificationBatchWorkflowId(loud.batch_id));
    await handle.result();
    const delivered = await db.query<{ id: string; status: string }[]>(
      `SELECT d.id, d.status FROM notification_deliveries d JOIN staff_members s ON s.id = d.staff_id
        WHERE d.notification_id = $1 AND s.username = 'ssa.officer'`,
      [loud.id],
    );
    expect(delivered).toEqual([{ id: expect.any(String), status: 'DELIVERED' }]);
    expect(smtp.messages.some((m) => m.includes(delivered[0]!.id))).toBe(true);
    // The workflow ran on the plan it was started with: its only local activity sent the e-mails.
    const { events } = await handle.fetchHistory();
    const localActivities = (events ?? []).flatMap((e) => {
      const data = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
      return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type] : [];
    });
    expect(localActivities).toEqual(['sendNotificationEmails']);
  });

  it('across API processes: a referral made through this API reaches a subscriber of another API process', async () => {
    const entry = resolve(__dirname, '..', '..', 'dist', 'apps', 'api', 'main.js');
    if (!existsSync(entry))
      throw new Error('build first (npm run build): the second API process runs dist/apps/api/main.js');
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'nrm-e2e-replica-'));
    const replica: ChildProcess = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        DATABASE_URL: api.db.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_KEY_DIR: api.keyDir,
        NRM_DATA_DIR: dataDir,
        TEMPORAL_ADDRESS: stack.env.address,
      },
      stdio: 'ignore',
    });
    try {
      const replicaUrl = `http://127.0.0.1:${port}/graphql`;
      await eventually(async () => {
        const res = await fetch(replicaUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ health }"}',
        }).catch(() => null);
        return res?.ok ?? false;
      }, 60_000);
      const remote = await GraphqlWsClient.connect(replicaUrl, `Bearer ${await api.token('police.officer')}`);
      sockets.push(remote);
      const inbox = remote.subscribe(INBOX_SUB);
      await new Promise((r) => setTimeout(r, 300));
      const c = await openCase(api);
      const { referralId } = await consentAndReferToPolice(c.id);
      const task = await until(() =>
        remote.received(inbox).find((e) => e.inboxTaskAdded.referralId === referralId),
      );
      expect(task.inboxTaskAdded).toMatchObject({ type: 'REFERRAL_RESPONSE', caseCode: c.caseCode });
    } finally {
      replica.kill('SIGTERM');
      await new Promise((r) => (replica.exitCode !== null ? r(null) : replica.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

