import WebSocket from 'ws';

/** A minimal graphql-ws (graphql-transport-ws) client for tests: connect with a token, subscribe, collect `next` payloads. */
export class GraphqlWsClient {
  readonly events = new Map<string, Record<string, any>[]>();
  readonly errors: unknown[] = [];
  closeCode: number | null = null;
  private counter = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw: Buffer) => {
      const msg = JSON.parse(raw.toString()) as { type: string; id?: string; payload?: any };
      if (msg.type === 'next' && msg.id) this.events.get(msg.id)?.push(msg.payload?.data ?? {});
      if (msg.type === 'error') this.errors.push(msg.payload);
      if (msg.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
    });
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  /** Resolves after connection_ack; rejects when the server refuses (closes) the connection. */
  static connect(httpUrl: string, authorization: string | null): Promise<GraphqlWsClient> {
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.send(
          JSON.stringify({ type: 'connection_init', payload: authorization ? { authorization } : {} }),
        );
      });
      const onMessage = (raw: Buffer): void => {
        const msg = JSON.parse(raw.toString()) as { type: string };
        if (msg.type === 'connection_ack') {
          socket.off('message', onMessage);
          resolve(new GraphqlWsClient(socket));
        } else if (msg.type === 'connection_error') {
          reject(new Error('connection refused'));
        }
      };
      socket.on('message', onMessage);
      socket.once('close', (code) => reject(new Error(`closed ${code}`)));
      socket.once('error', reject);
    });
  }

  subscribe(query: string): string {
    this.counter += 1;
    const id = String(this.counter);
    this.events.set(id, []);
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
    return id;
  }

  received(id: string): Record<string, any>[] {
    return this.events.get(id) ?? [];
  }

  close(): void {
    this.socket.close();
  }
}
