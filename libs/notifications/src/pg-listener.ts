import { Client } from 'pg';

/**
 * A dedicated PostgreSQL connection LISTENing on one channel (NOTIFY is delivered on commit only), reconnecting with
 * backoff when the connection drops. `onReconnect` lets the owner catch up on what it may have missed meanwhile;
 * `onLost` tells it at once that announcements may be missed from now on (until `onReconnect`).
 */
export class PgListener {
  private client: Client | null = null;
  private stopped = false;
  private retryMs = 250;
  private readonly ready: Promise<void>;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly onReconnect: () => void = () => undefined,
    private readonly onLost: () => void = () => undefined,
  ) {
    this.ready = this.connect(false);
  }

  /**
   * One round trip on the LISTENing connection (false when it is down). PostgreSQL delivers the notifications
   * committed before the round trip started ahead of its answer (a listening backend sends pending notifications
   * before ReadyForQuery), and `onPayload` runs as they are read: once this resolves true, they have been handled.
   */
  async roundTrip(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Resolves once the first LISTEN is in place. */
  started(): Promise<void> {
    return this.ready;
  }

  private async connect(reconnect: boolean): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'nrm-notifications-listener',
    });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) this.onPayload(n.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      if (!reconnect) throw error;
      this.lost(client);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 250;
    if (reconnect) this.onReconnect();
  }

  private lost(client: Client): void {
    if (this.client !== client && this.client !== null) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.onLost();
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => void this.connect(true), wait).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
