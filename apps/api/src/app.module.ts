import './graphql/enums';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import { AuditModule } from '@lib/audit';
import { type AuthConfig, authConfigFromEnv, createTokenVerifier } from '@lib/auth';
import { CasesModule } from '@lib/cases';
import { ConsentsModule } from '@lib/consents';
import { CryptoModule, type FieldKeys } from '@lib/crypto';
import { DostIntakeModule } from '@lib/dost-intake';
import { MonitoringModule } from '@lib/monitoring';
import { NotificationsModule } from '@lib/notifications';
import { OrganisationsModule } from '@lib/organisations';
import { PersistenceModule } from '@lib/persistence';
import { DeadlinePolicyModule } from '@lib/referral-process';
import { ReferralsModule } from '@lib/referrals';
import { RiskModule } from '@lib/risk';
import { TasksModule } from '@lib/tasks';
import { type ReferralProcessClient, TemporalModule, type TemporalConfig, type WorkflowStartOptions } from '@lib/temporal';
import { AuditChainCheck } from './audit/audit-chain-check.service';
import { AuthModule } from './auth/auth.module';
import { type ApiConfig } from './config/api-config';
import { LiveNotifications } from './notifications/live-notifications.service';
import { subscriptionOptions } from './notifications/subscription-options';
import { RESOLVERS } from './resolvers';
import { GraphqlExceptionFilter } from './graphql/errors/graphql-exception.filter';
import { type GraphqlTuning, graphqlOptions } from './graphql/graphql-options';
import { InputGuardPipe } from './graphql/input-guard.pipe';

interface AppModuleBaseOptions {
  config: ApiConfig;
  databaseUrl: string;
  poolSize?: number;
  /** Field-encryption keys; default: FIELD_ENCRYPTION_KEYS/BLIND_INDEX_KEY or local `.data/keys` (see @lib/crypto). */
  fieldKeys?: FieldKeys;
  /** Token verification; default from the environment (OIDC, or the local key under `.data/keys`). */
  authConfig?: AuthConfig;
  graphql?: GraphqlTuning;
  /** The workflow-start dispatcher's tuning (poll interval, deadline); defaults suit production. */
  workflowStarts?: WorkflowStartOptions;
}

/**
 * Every referral transition goes through its workflow, so the API always has Temporal: the cluster (or embedded
 * server) to connect to, or an already connected facade (tests on the time-skipping environment).
 */
export type AppModuleOptions = AppModuleBaseOptions &
  ({ temporal: TemporalConfig; referralProcess?: undefined } | { referralProcess: ReferralProcessClient; temporal?: undefined });

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ url: options.databaseUrl, poolSize: options.poolSize ?? 20, applicationName: 'nrm-api', genericPlans: true }),
        CryptoModule.forRoot(options.fieldKeys ? { keys: options.fieldKeys } : {}),
        AuditModule,
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          ...graphqlOptions(options.config, options.graphql),
          subscription: subscriptionOptions(createTokenVerifier(options.authConfig ?? authConfigFromEnv())),
        }),
        AuthModule.forRoot(options.authConfig),
        OrganisationsModule,
        TasksModule,
        CasesModule,
        ConsentsModule,
        // The loaded, versioned deadline policy (DEADLINE_POLICY_FILE) for createReferral and countersignatures.
        DeadlinePolicyModule.forRoot(),
        ReferralsModule,
        MonitoringModule,
        DostIntakeModule,
        NotificationsModule,
        RiskModule,
        options.referralProcess
          ? TemporalModule.forClient(options.referralProcess, options.workflowStarts)
          : TemporalModule.forRoot(options.temporal, options.workflowStarts),
      ],
      providers: [
        { provide: APP_FILTER, useClass: GraphqlExceptionFilter },
        { provide: APP_PIPE, useClass: InputGuardPipe },
        AuditChainCheck,
        LiveNotifications,
        ...RESOLVERS,
      ],
    };
  }
}
