export * from './risk-instrument.loader';
export * from './risk-instrument.provider';
export * from './risk-assessment.service';
export * from './risk-conference.service';
export * from './risk.module';
export * from './protection-order.service';
export * from './safety-plan.service';
