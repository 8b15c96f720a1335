import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyWebhook } from '@lib/notifications';

/** A real SMTP server (smtp-server) that accepts every message and keeps its raw text. */
export async function startSmtpSink(): Promise<{ url: string; messages: string[]; stop(): Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedWebhook {
  deliveryId: string;
  body: Record<string, any>;
  raw: string;
}

/**
 * A real HTTP receiver doing the documented check: signature, timestamp tolerance, and deduplication by delivery id.
 * `down = true` answers 503 (a receiver outage). `accepted` holds each delivery id once; `duplicates` counts repeats.
 */
export async function startWebhookReceiver(secret: () => string): Promise<{
  url: string;
  accepted: ReceivedWebhook[];
  rejected: number;
  duplicates: number;
  attemptsWhileDown: number;
  down: boolean;
  stop(): Promise<void>;
}> {
  const state = {
    url: '',
    accepted: [] as ReceivedWebhook[],
    rejected: 0,
    duplicates: 0,
    attemptsWhileDown: 0,
    down: false,
    stop: (): Promise<void> => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.down) {
        state.attemptsWhileDown += 1;
        res.writeHead(503).end();
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const check = verifyWebhook(
        secret(),
        {
          signature: req.headers['x-nrm-signature'] as string,
          timestamp: req.headers['x-nrm-timestamp'] as string,
        },
        raw,
      );
      if (check !== 'OK') {
        state.rejected += 1;
        res.writeHead(401).end();
        return;
      }
      const deliveryId = String(req.headers['x-nrm-delivery-id']);
      if (state.accepted.some((a) => a.deliveryId === deliveryId)) state.duplicates += 1;
      else state.accepted.push({ deliveryId, body: JSON.parse(raw) as Record<string, any>, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
