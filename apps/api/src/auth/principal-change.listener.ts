import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PgListener } from '@lib/notifications';
import { PRINCIPAL_CHANGE_PG_CHANNEL } from '@lib/persistence';
import { GroupBarrier } from './group-barrier';
import { PrincipalCache } from './principal-cache';

/**
 * Keeps this replica's PrincipalCache honest: every committed change to staff members or organisations, on any replica
 * or by any other writer, is announced by PostgreSQL (a trigger's NOTIFY on PRINCIPAL_CHANGE_PG_CHANNEL) and empties
 * the cache here. The cache serves only while this connection is LISTENing: it is suspended when the connection drops
 * and resumes, empty, once it is back.
 */
@Injectable()
export class PrincipalChangeListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PrincipalChangeListener');
  private listener: PgListener | null = null;
  private readonly barrier = new GroupBarrier(() => this.listener?.roundTrip() ?? Promise.resolve(false));

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PrincipalCache) private readonly cache: PrincipalCache,
  ) {}

  async onModuleInit(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) throw new Error('the principal cache needs the database URL');
    this.listener = new PgListener(
      url,
      PRINCIPAL_CHANGE_PG_CHANNEL,
      () => this.cache.invalidateAll(),
      () => {
        this.logger.log('listening for staff and organisation changes again: principal cache resumed');
        this.cache.resume();
      },
      () => {
        this.logger.warn('lost the connection that announces staff and organisation changes: principal cache off');
        this.cache.suspend();
      },
    );
    await this.listener.started();
    this.cache.resume();
  }

  /**
   * Resolves true once every change committed before this call has been announced here and has emptied the cache
   * (one round trip on the LISTENing connection, shared by the requests that arrive meanwhile); false when the
   * connection is down (then nothing may be served from the cache).
   */
  caughtUp(): Promise<boolean> {
    return this.barrier.wait();
  }

  async onModuleDestroy(): Promise<void> {
    this.cache.suspend();
    await this.listener?.stop();
  }
}
