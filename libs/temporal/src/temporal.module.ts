import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Connection } from '@temporalio/client';
import { ReferralProcessClient } from './referral-process.client';
import { temporalConfigFromEnv, type TemporalConfig } from './temporal-config';
import { WORKFLOW_START_OPTIONS, WorkflowStartDispatcher, type WorkflowStartOptions } from './workflow-start.dispatcher';

export const TEMPORAL_CONFIG = Symbol('TEMPORAL_CONFIG');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

/** Closes the client connection once, on application shutdown. */
@Injectable()
export class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Provides `ReferralProcessClient` (the typed facade) and the `WorkflowStartDispatcher` (the workflow-start outbox) to
 * the API. Config from TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE unless given (the lead's single-process start passes the
 * embedded server's address). The connection is lazy: the API starts, and serves reads, while Temporal is down.
 */
@Module({})
export class TemporalModule {
  static forRoot(config?: TemporalConfig, starts: WorkflowStartOptions = {}): DynamicModule {
    return {
      module: TemporalModule,
      global: true,
      providers: [
        { provide: TEMPORAL_CONFIG, useFactory: (): TemporalConfig => config ?? temporalConfigFromEnv() },
        {
          provide: 'TEMPORAL_FACADE_AND_CONNECTION',
          inject: [TEMPORAL_CONFIG],
          useFactory: (c: TemporalConfig) => ReferralProcessClient.connect(c),
        },
        {
          provide: ReferralProcessClient,
          inject: ['TEMPORAL_FACADE_AND_CONNECTION'],
          useFactory: (x: { facade: ReferralProcessClient }) => x.facade,
        },
        {
          provide: TEMPORAL_CONNECTION,
          inject: ['TEMPORAL_FACADE_AND_CONNECTION'],
          useFactory: (x: { connection: Connection }) => x.connection,
        },
        TemporalConnectionCloser,
        { provide: WORKFLOW_START_OPTIONS, useValue: starts },
        WorkflowStartDispatcher,
      ],
      exports: [ReferralProcessClient, WorkflowStartDispatcher],
    };
  }

  /** An already connected facade (tests: the time-skipping environment's client and a per-test task queue). */
  static forClient(facade: ReferralProcessClient, starts: WorkflowStartOptions = {}): DynamicModule {
    return {
      module: TemporalModule,
      global: true,
      providers: [
        { provide: ReferralProcessClient, useValue: facade },
        { provide: WORKFLOW_START_OPTIONS, useValue: starts },
        WorkflowStartDispatcher,
      ],
      exports: [ReferralProcessClient, WorkflowStartDispatcher],
    };
  }
}
