import { Module } from '@nestjs/common';
import { CasesModule } from '@lib/cases';
import { TasksModule } from '@lib/tasks';
import { CaseClosureService } from './case-closure.service';
import { ConsentWithdrawalService } from './consent-withdrawal.service';
import { LegalOverrideService } from './legal-override.service';
import { ReferralCreationService } from './referral-creation.service';
import { ReferralLifecycleWriter } from './referral-lifecycle.writer';
import { ReferralQueryService } from './referral-query.service';
import { ReferralTransitionService } from './referral-transition.service';
import { RecipientDeactivationService } from './recipient-deactivation.service';

const SERVICES = [
  CaseClosureService,
  ConsentWithdrawalService,
  LegalOverrideService,
  ReferralCreationService,
  ReferralLifecycleWriter,
  ReferralQueryService,
  ReferralTransitionService,
  RecipientDeactivationService,
];

@Module({ imports: [CasesModule, TasksModule], providers: SERVICES, exports: SERVICES })
export class ReferralsModule {}
