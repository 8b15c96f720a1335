import { condition, setHandler } from '@temporalio/workflow';
import {
  type ProtectionOrderFacts,
  protectionOrderBreachSignal,
  protectionOrderChangedSignal,
  protectionOrderStateQuery,
  type ProtectionOrderWorkflowInput,
  type ProtectionOrderWorkflowResult,
} from '@lib/contracts';
import { acts, msUntil, nowIso } from './activities-proxy';

type Timer = { kind: 'ISSUE' | 'ALERT' | 'EXPIRE'; at: string } | null;

/**
 * One protection order, `protection-order-<orderId>`, a child of its case's workflow. Durable timers only: issuance
 * not recorded by its due instant (24 h after the application) escalates once; an issued order alerts the case owner
 * and the police at its alert instant (7 days before expiry) and expires at its expiry; an extension (signal) re-reads
 * the order and re-times both; a reported breach (signal) immediately creates the police and owner tasks, the
 * reassessment prompt and the monitoring alert. Ids in, ids out; the order is re-read from PostgreSQL on every change.
 */
export async function protectionOrderWorkflow(input: ProtectionOrderWorkflowInput): Promise<ProtectionOrderWorkflowResult> {
  const workflowId = `protection-order-${input.orderId}`;
  let changed = false;
  const breaches: string[] = [];
  /** Every breach signalled so far (a re-sent signal is ignored, also while the first is being handled). */
  const seen: string[] = [];
  let breachesHandled = 0;
  let issuanceEscalated = false;
  let alertedForExpiry: string | null = null;
  let f: ProtectionOrderFacts = await acts.loadProtectionOrder({ orderId: input.orderId });

  setHandler(protectionOrderChangedSignal, () => {
    changed = true;
  });
  setHandler(protectionOrderBreachSignal, ({ breachId }) => {
    if (seen.includes(breachId)) return;
    seen.push(breachId);
    breaches.push(breachId);
  });
  setHandler(protectionOrderStateQuery, () => ({
    orderId: input.orderId,
    status: f.status,
    issuanceEscalated,
    alertedForExpiry,
    breachesHandled,
  }));

  const nextTimer = (): Timer => {
    if (f.status === 'APPLIED') return issuanceEscalated || !f.issueDueAt ? null : { kind: 'ISSUE', at: f.issueDueAt };
    if (f.status === 'ISSUED' && f.expiresAt) {
      if (alertedForExpiry !== f.expiresAt && f.alertAt) return { kind: 'ALERT', at: f.alertAt };
      return { kind: 'EXPIRE', at: f.expiresAt };
    }
    return null;
  };

  while (f.status !== 'EXPIRED') {
    const timer = nextTimer();
    const woke = (): boolean => changed || breaches.length > 0;
    const signalled = timer ? await condition(woke, Math.max(1, msUntil(timer.at))) : (await condition(woke), true);

    // A breach is acted on at once, before anything else.
    while (breaches.length > 0) {
      const breachId = breaches.shift() as string;
      await acts.handleProtectionOrderBreach({ workflowId, at: nowIso(), orderId: input.orderId, breachId });
      breachesHandled += 1;
    }
    if (changed) {
      changed = false;
      f = await acts.loadProtectionOrder({ orderId: input.orderId });
      continue;
    }
    if (signalled || !timer) continue;
    switch (timer.kind) {
      case 'ISSUE':
        await acts.escalateProtectionOrderIssuance({ workflowId, at: nowIso(), orderId: input.orderId });
        issuanceEscalated = true;
        break;
      case 'ALERT':
        await acts.alertProtectionOrderExpiry({ workflowId, at: nowIso(), orderId: input.orderId, expiresAt: f.expiresAt as string });
        alertedForExpiry = f.expiresAt;
        break;
      case 'EXPIRE': {
        const r = await acts.expireProtectionOrder({ workflowId, at: nowIso(), orderId: input.orderId, expiresAt: f.expiresAt as string });
        f = r.expired ? { ...f, status: 'EXPIRED' } : await acts.loadProtectionOrder({ orderId: input.orderId });
        break;
      }
    }
  }
  return { orderId: input.orderId, status: f.status };
}
