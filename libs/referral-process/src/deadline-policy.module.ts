import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DEADLINE_POLICY_SOURCE, type DeadlinePolicySource } from '@lib/referrals';
import { loadDeadlinePolicyFromEnv } from './deadline-policy.loader';

/**
 * Provides DEADLINE_POLICY_SOURCE to the whole application: by default the policy file named by DEADLINE_POLICY_FILE
 * (re-read when it changes), else the domain default; the same source the worker's activities read.
 */
@Global()
@Module({})
export class DeadlinePolicyModule {
  static forRoot(source: DeadlinePolicySource = () => loadDeadlinePolicyFromEnv()): DynamicModule {
    return {
      module: DeadlinePolicyModule,
      providers: [{ provide: DEADLINE_POLICY_SOURCE, useValue: source }],
      exports: [DEADLINE_POLICY_SOURCE],
    };
  }
}
