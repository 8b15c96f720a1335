import { Module } from '@nestjs/common';
import { CasesModule } from '@lib/cases';
import { TasksModule } from '@lib/tasks';
import { RiskAssessmentService } from './risk-assessment.service';
import { ProtectionOrderService } from './protection-order.service';
import { RiskConferenceService } from './risk-conference.service';
import { riskInstrumentProvider } from './risk-instrument.provider';
import { SafetyPlanService } from './safety-plan.service';

/**
 * Risk assessment and risk conferences (issue 16). Needs the global PersistenceModule, CryptoModule and AuditModule.
 * Loads and validates the instrument (RISK_INSTRUMENT_FILE) when the application starts: an invalid file fails the start.
 */
@Module({
  imports: [CasesModule, TasksModule],
  providers: [riskInstrumentProvider, RiskAssessmentService, RiskConferenceService, ProtectionOrderService, SafetyPlanService],
  exports: [riskInstrumentProvider, RiskAssessmentService, RiskConferenceService, ProtectionOrderService, SafetyPlanService],
})
export class RiskModule {}
