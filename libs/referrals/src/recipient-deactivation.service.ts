import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR_ID } from '@lib/audit';
import { ReferralEventType, ReferralStatus } from '@lib/domain';
import { inTransaction } from '@lib/persistence';
import { RECIPIENT_DEACTIVATED_REASON, recipientIsDeactivated } from './recipient-deactivation';
import { ReferralLifecycleWriter } from './referral-lifecycle.writer';
import { ReferralEntity } from './referral.entity';

/**
 * Sends a PENDING referral of a deactivated recipient back to its sender, applied directly: the same lifecycle writer
 * the referral workflow's activity uses (DECLINE by the system, REROUTE task to the sender, timeline, audit). Used
 * when the API runs without Temporal; with it, the API asks the referral workflow to decline instead.
 */
@Injectable()
export class RecipientDeactivationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReferralLifecycleWriter) private readonly lifecycle: ReferralLifecycleWriter,
  ) {}

  async sendBack(referralId: string, requestId: string | null): Promise<void> {
    await inTransaction(this.dataSource, async (m) => {
      const r = await m.findOne(ReferralEntity, {
        where: { id: referralId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!r || r.status !== ReferralStatus.PENDING || !(await recipientIsDeactivated(m, r.toOrganisationId)))
        return;
      await this.lifecycle.apply(
        m,
        r,
        { type: ReferralEventType.DECLINE, reason: RECIPIENT_DEACTIVATED_REASON },
        { staffId: SYSTEM_ACTOR_ID, organisationId: r.toOrganisationId },
        { at: new Date(), requestId },
      );
    });
  }
}
