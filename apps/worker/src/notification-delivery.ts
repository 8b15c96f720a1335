import { Client, Connection, type ConnectionLike } from '@temporalio/client';
import { FieldCipher, loadFieldKeys } from '@lib/crypto';
import {
  type MailTransport,
  type NotificationDeliveryOptions,
  OutboxDispatcher,
  createMailTransport,
  mailConfigFromEnv,
} from '@lib/notifications';
import { DEFAULT_TEMPORAL_NAMESPACE, type TemporalConnectionSecurity, encryptedDataConverter } from '@lib/temporal';

/** Delivery options from the environment: SMTP_URL/SMTP_FROM (else the local mailbox), CONSOLE_URL, the field keys. */
export function notificationDeliveryFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): NotificationDeliveryOptions & { mail: MailTransport } {
  return {
    mail: createMailTransport(mailConfigFromEnv(env)),
    cipher: new FieldCipher(loadFieldKeys(env)),
    consoleUrl:
      env.CONSOLE_URL && env.CONSOLE_URL !== '' ? env.CONSOLE_URL : `http://localhost:${env.PORT ?? '3000'}`,
  };
}

/**
 * NOTIFICATION_GATHER_MS: how long the relay gathers announcements before it claims a batch (default: the
 * dispatcher's, DEFAULT_GATHER_MS). Longer: fewer batch workflows (less CPU), e-mails and webhooks later by as much.
 */
export function gatherMsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.NOTIFICATION_GATHER_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0 || ms > 60_000)
    throw new Error('NOTIFICATION_GATHER_MS must be a whole number of milliseconds from 0 to 60000');
  return ms;
}

export interface RunningRelay {
  stop(): Promise<void>;
}

/**
 * The outbox relay of a worker process: a Temporal client and the dispatcher that starts one delivery workflow per
 * batch of committed notifications. Several workers may run it at once (rows are claimed with SKIP LOCKED).
 * Given `connection` (the worker's own native connection), it starts workflows on it and leaves it open; stop the
 * relay before the worker closes it. Otherwise it opens a gRPC connection of its own to `address` and closes it.
 */
export async function startNotificationRelay(options: {
  databaseUrl: string;
  connection?: ConnectionLike;
  address?: string;
  namespace?: string;
  /** TLS / mTLS / API key of the Temporal connection (the worker's own settings). */
  security?: TemporalConnectionSecurity;
  taskQueue?: string;
  /** Default: NOTIFICATION_GATHER_MS, else the dispatcher's default. */
  gatherMs?: number;
  onError?: (error: unknown) => void;
}): Promise<RunningRelay> {
  const gatherMs = options.gatherMs ?? gatherMsFromEnv();
  const shared = options.connection;
  if (!shared && !options.address) throw new Error('notification relay: a connection or an address is needed');
  const own = shared ? null : await Connection.connect({ address: options.address, ...(options.security ?? {}) });
  const connection: ConnectionLike = shared ?? (own as Connection);
  const client = new Client({
    connection,
    namespace: options.namespace ?? DEFAULT_TEMPORAL_NAMESPACE,
    dataConverter: encryptedDataConverter(),
  });
  const dispatcher = new OutboxDispatcher({
    databaseUrl: options.databaseUrl,
    client,
    ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
    ...(gatherMs !== undefined ? { gatherMs } : {}),
    // The rows stay undispatched and the next announcement or sweep retries them; the log names the error class only.
    onError:
      options.onError ??
      ((error: unknown) => process.stderr.write(`notification relay: ${error instanceof Error ? error.name : 'error'}, will retry\n`)),
  });
  try {
    await dispatcher.start();
  } catch (error) {
    await dispatcher.stop();
    await own?.close();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    stop: () =>
      (stopping ??= (async () => {
        await dispatcher.stop();
        await own?.close();
      })()),
  };
}
