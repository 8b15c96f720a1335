import './graphql/enums';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import { AuditModule } from '@lib/audit';
import { type AuthConfig, BearerVerifier, authConfigFromEnv } from '@lib/auth';
import { CasesModule } from '@lib/cases';
import { ConsentsModule } from '@lib/consents';
import { CryptoModule, type FieldKeys } from '@lib/crypto';
import { DostIntakeModule } from '@lib/dost-intake';
import { MonitoringModule } from '@lib/monitoring';
import { NotificationsModule } from '@lib/notifications';
import { OrganisationsModule } from '@lib/organisations';
import { PersistenceModule } from '@lib/persistence';
import { ReferralsModule } from '@lib/referrals';
import { TasksModule } from '@lib/tasks';
import { type ReferralProcessClient, TemporalModule, type TemporalConfig } from '@lib/temporal';
import { AuditChainCheck } from './audit/audit-chain-check.service';
import { AuthModule } from './auth/auth.module';
import { type ApiConfig } from './config/api-config';
import { LiveNotifications } from './notifications/live-notifications.service';
import { subscriptionOptions } from './notifications/subscription-options';
import { RESOLVERS } from './resolvers';
import { GraphqlExceptionFilter } from './graphql/errors/graphql-exception.filter';
import { type GraphqlTuning, graphqlOptions } from './graphql/graphql-options';

export interface AppModuleOptions {
  config: ApiConfig;
  databaseUrl: string;
  poolSize?: number;
  /** Field-encryption keys; default: FIELD_ENCRYPTION_KEYS/BLIND_INDEX_KEY or local `.data/keys` (see @lib/crypto). */
  fieldKeys?: FieldKeys;
  /** Token verification; default from the environment (OIDC, or the local key under `.data/keys`). */
  authConfig?: AuthConfig;
  graphql?: GraphqlTuning;
  /**
   * The Temporal cluster (or embedded server) running the referral workflows. The processes always pass it
   * (apps/api main, npm start); only tests that exercise the platform alone build the app without it.
   */
  temporal?: TemporalConfig;
  /** Instead of `temporal`: an already connected facade (tests with the time-skipping environment). */
  referralProcess?: ReferralProcessClient;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ url: options.databaseUrl, poolSize: options.poolSize ?? 20, applicationName: 'nrm-api' }),
        CryptoModule.forRoot(options.fieldKeys ? { keys: options.fieldKeys } : {}),
        AuditModule,
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          ...graphqlOptions(options.config, options.graphql),
          subscription: subscriptionOptions(BearerVerifier.create(options.authConfig ?? authConfigFromEnv())),
        }),
        AuthModule.forRoot(options.authConfig),
        OrganisationsModule,
        TasksModule,
        CasesModule,
        ConsentsModule,
        ReferralsModule,
        MonitoringModule,
        DostIntakeModule,
        NotificationsModule,
        ...(options.referralProcess
          ? [TemporalModule.forClient(options.referralProcess)]
          : options.temporal
            ? [TemporalModule.forRoot(options.temporal)]
            : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphqlExceptionFilter }, AuditChainCheck, LiveNotifications, ...RESOLVERS],
    };
  }
}
