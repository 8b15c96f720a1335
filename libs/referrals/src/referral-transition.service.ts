import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Action, defineAbilityFor } from '@lib/authz';
import { type CaseActor, loadCaseTeam } from '@lib/cases';
import { DomainError, type ReferralEvent, ReferralEventType, applyReferralEvent } from '@lib/domain';
import { enqueueWorkflowStart, inTransaction } from '@lib/persistence';
import { ReferralLifecycleWriter, type ReferralPartyEvent } from './referral-lifecycle.writer';
import { type ReferralSide, referralSubject, requireSide } from './referral-parties';
import { ReferralEntity } from './referral.entity';

export interface TransitionRequest {
  referralId: string;
  expectedVersion: number;
  requestId: string | null;
}

const ACTION: Record<ReferralEventType, Action | null> = {
  [ReferralEventType.ACCEPT]: Action.Accept,
  [ReferralEventType.DECLINE]: Action.Decline,
  [ReferralEventType.COMPLETE]: Action.Complete,
  [ReferralEventType.WITHDRAW]: Action.Withdraw,
  [ReferralEventType.EXPIRE]: null,
  [ReferralEventType.ESCALATE]: null,
};

/**
 * withdraw (sender), and the checks of the recipient's accept / decline / complete (applied by the referral
 * workflow), per the domain state machine, with optimistic locking. Order of checks: not a party → NOT_FOUND; wrong party → FORBIDDEN; stale version or invalid transition →
 * CONFLICT; missing reason → BAD_USER_INPUT; role not allowed → FORBIDDEN. No GraphQL types.
 */
@Injectable()
export class ReferralTransitionService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReferralLifecycleWriter) private readonly lifecycle: ReferralLifecycleWriter,
  ) {}

  withdraw(actor: CaseActor, req: TransitionRequest & { reason: string }): Promise<ReferralEntity> {
    return this.transition(actor, req, 'SENDER', { type: ReferralEventType.WITHDRAW, reason: req.reason });
  }

  /**
   * The recipient's accept / decline / complete, checked without writing: the referral workflow applies the change
   * (the API authorizes and checks the version, the workflow's activity locks the row and writes). There is no other
   * path for these transitions.
   */
  checkRecipientTransition(actor: CaseActor, req: TransitionRequest, event: ReferralEvent): Promise<ReferralEntity> {
    return inTransaction(this.dataSource, (manager) => this.authorize(manager, actor, req, 'RECIPIENT', event, false));
  }

  private transition(actor: CaseActor, req: TransitionRequest, side: ReferralSide, event: ReferralPartyEvent): Promise<ReferralEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const referral = await this.authorize(manager, actor, req, side, event, true);
      await this.lifecycle.apply(manager, referral, event, actor, { at: new Date(), expectedVersion: req.expectedVersion, requestId: req.requestId });
      // The referral's workflow stops its timers (outbox: sent by the API after the commit, by the dispatcher if not).
      await enqueueWorkflowStart(manager, { kind: 'REFERRAL_WITHDRAWN', subjectId: referral.id, caseId: referral.caseId, actorId: null });
      return manager.findOneByOrFail(ReferralEntity, { id: referral.id });
    });
  }

  private async authorize(
    manager: EntityManager,
    actor: CaseActor,
    req: TransitionRequest,
    side: ReferralSide,
    event: ReferralEvent,
    lock: boolean,
  ): Promise<ReferralEntity> {
    if (!Number.isInteger(req.expectedVersion) || req.expectedVersion < 1) {
      throw DomainError.badInput('Invalid version', [{ path: ['input', 'expectedVersion'], message: 'must be a positive integer' }]);
    }
    const found = /^[0-9a-f-]{36}$/i.test(req.referralId)
      ? await manager.findOne(ReferralEntity, { where: { id: req.referralId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    const rows: { region: string }[] = found ? await manager.query('SELECT region FROM cases WHERE id = $1', [found.caseId]) : [];
    const facts = { region: rows[0]?.region ?? '', ...(found ? await loadCaseTeam(manager, found.caseId) : { teamIds: [], assignedOrganisationIds: [] }) };
    const referral = requireSide(actor, found, facts, side);
    if (referral.version !== req.expectedVersion) {
      throw DomainError.conflict(`Referral was changed by someone else (it is at version ${referral.version})`);
    }
    applyReferralEvent(referral.status, event); // throws INVALID_TRANSITION / BAD_INPUT before any write
    const action = ACTION[event.type];
    if (action === null || !defineAbilityFor(actor).can(action, referralSubject(referral, facts))) {
      throw DomainError.forbidden(`Your role cannot ${event.type.toLowerCase()} referrals`);
    }
    return referral;
  }
}
