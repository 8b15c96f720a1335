import { EventEmitter, on } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor } from '@lib/authz';
import {
  DedicatedStatements,
  NOTIFICATION_CHANNEL,
  NotificationFeedService,
  type NotificationView,
  PgListener,
} from '@lib/notifications';
import { type InboxItem, InboxService } from '@lib/tasks';

type Topic = 'inbox' | 'notifications';

/** Subscribers checked per statement (each adds a few parameters and two predicates to it). */
const LIVE_CHECK_CHUNK = 50;
/** Connections of the live checks' own (dedicated-statements.ts: planned a few times per process, not per pool connection). */
const LIVE_CHECK_CONNECTIONS = 2;

/**
 * Live inbox and notifications for the GraphQL subscriptions of THIS API process. Every committed notification is
 * announced by PostgreSQL (LISTEN/NOTIFY: `<id>,<organisation id>`) to every API replica; each replica checks, for
 * each of its own subscribers in that organisation, what the same person could read by query (the inbox's scope for
 * the task, the notification feed's scope for the notification) and pushes only that. Nothing is pushed on a guess.
 */
@Injectable()
export class LiveNotifications implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveNotifications');
  private readonly emitter = new EventEmitter();
  private readonly subscribers = new Map<string, { actor: Actor; count: number }>();
  private listener: PgListener | null = null;
  private statements: DedicatedStatements | null = null;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NotificationFeedService) private readonly feed: NotificationFeedService,
    @Inject(InboxService) private readonly inbox: InboxService,
  ) {
    this.emitter.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) throw new Error('live notifications need the database URL');
    this.statements = new DedicatedStatements(url, {
      applicationName: 'nrm-api-live',
      connections: LIVE_CHECK_CONNECTIONS,
    });
    this.listener = new PgListener(url, NOTIFICATION_CHANNEL, (payload) => void this.announce(payload));
    await this.listener.started();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
    await this.statements?.end();
    this.emitter.removeAllListeners();
  }

  /** The events of one topic for this actor, as an async iterator that unsubscribes when the client stops. */
  async *stream(actor: Actor, topic: Topic): AsyncGenerator<InboxItem | NotificationView> {
    const entry = this.subscribers.get(actor.staffId) ?? { actor, count: 0 };
    entry.actor = actor;
    entry.count += 1;
    this.subscribers.set(actor.staffId, entry);
    const abort = new AbortController();
    try {
      for await (const [value] of on(this.emitter, `${topic}:${actor.staffId}`, { signal: abort.signal })) {
        yield value as InboxItem | NotificationView;
      }
    } catch (error) {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    } finally {
      abort.abort();
      entry.count -= 1;
      if (entry.count <= 0) this.subscribers.delete(actor.staffId);
    }
  }

  private async announce(payload: string): Promise<void> {
    const [id, organisationId] = payload.split(',');
    if (!id || !organisationId) return;
    const local = [...this.subscribers.values()].filter((s) => s.actor.organisationId === organisationId);
    if (local.length === 0) return;
    try {
      // One statement decides, for a chunk of local subscribers at once, what each may read (the feed's and the
      // inbox's own checks); the inbox item itself is read once, through the inbox's own query, by one who may see it.
      let task: InboxItem | null | undefined;
      for (let from = 0; from < local.length; from += LIVE_CHECK_CHUNK) {
        const actors = local.slice(from, from + LIVE_CHECK_CHUNK).map((s) => s.actor);
        const { taskId, views, taskOpenFor } = await this.feed.visibleToEach(actors, id, this.statements ?? undefined);
        const reader = taskOpenFor.indexOf(true);
        if (task === undefined && reader >= 0 && taskId !== null)
          task = await this.inbox.openItem(actors[reader]!, taskId, new Date(), this.statements ?? undefined);
        actors.forEach((actor, i) => {
          const notification = views[i];
          if (notification) this.emitter.emit(`notifications:${actor.staffId}`, notification);
          if (task && taskOpenFor[i]) this.emitter.emit(`inbox:${actor.staffId}`, task);
        });
      }
    } catch (error) {
      this.logger.error(
        `live notification ${id} not pushed: ${error instanceof Error ? error.name : 'error'}`,
      );
    }
  }
}
