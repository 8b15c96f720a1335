import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createMailTransport } from './mail-transport';

/** The SMTP transport against a real SMTP server (smtp-server on loopback): connections are pooled and reused. */
describe('mail transport (SMTP)', () => {
  let server: SMTPServer;
  let url = '';
  let connections = 0;
  const ids: string[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        connections += 1;
        callback();
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          ids.push(/^X-NRM-Delivery-Id: *(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? 'missing');
          callback();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends many messages over at most 4 kept-open connections, each with its delivery id', async () => {
    const mail = createMailTransport({ smtpUrl: url, from: 'NRM <nrm@test.local>', mailboxDir: '/nonexistent' });
    try {
      const sent = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      for (const deliveryId of sent.slice(0, 4)) await mail.send({ deliveryId, to: 'a@test.local', subject: 's', text: 't' });
      await Promise.all(sent.slice(4).map((deliveryId) => mail.send({ deliveryId, to: 'a@test.local', subject: 's', text: 't' })));
      expect([...ids].sort()).toEqual(sent);
      expect(connections).toBeGreaterThanOrEqual(1);
      expect(connections).toBeLessThanOrEqual(4);
    } finally {
      mail.close();
    }
  });
});
