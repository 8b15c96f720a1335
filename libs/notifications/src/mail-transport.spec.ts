import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createMailTransport } from './mail-transport';

/** The header's value, unfolded, its encoded words (`=?UTF-8?B?…?=`) decoded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const value = new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
  return value
    ?.replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

/** The body, decoded from quoted-printable when so labelled. */
function body(raw: string): string {
  const text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (!/^Content-Transfer-Encoding: quoted-printable$/im.test(raw)) return text;
  const bytes = text
    .replace(/=\r\n/g, '')
    .split(/(=[0-9A-F]{2})/)
    .map((part) => (/^=[0-9A-F]{2}$/.test(part) ? Buffer.from([parseInt(part.slice(1), 16)]) : Buffer.from(part, 'latin1')));
  return Buffer.concat(bytes).toString('utf8');
}

/** The SMTP transport against a real SMTP server (smtp-server on loopback): connections are pooled and reused. */
describe('mail transport (SMTP)', () => {
  let server: SMTPServer;
  let url = '';
  let connections = 0;
  const ids: string[] = [];
  const raws: string[] = [];

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
          raws.push(Buffer.concat(chunks).toString('utf8'));
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

  it('sends the message prebuilt: delivery id headers, and a Russian subject and body arrive exactly as rendered', async () => {
    const mail = createMailTransport({ smtpUrl: url, from: 'NRM уведомления <nrm@test.local>', mailboxDir: '/nonexistent' });
    const deliveryId = '00000000-0000-4000-8000-00000000abcd';
    const subject = 'Новое направление ожидает ответа: очень длинная тема, чтобы проверить перенос строк заголовка';
    const text = `Новое направление ожидает ответа.\nСрок: 2026-12-08 10:00 UTC\nhttps://console.test/tasks/${deliveryId}?a=1\n.\nКонец`;
    try {
      await mail.send({ deliveryId, to: 'officer@ssa.test', subject, text });
    } finally {
      mail.close();
    }
    const raw = raws.find((r) => r.includes(deliveryId))!;
    expect(raw).toMatch(/^Message-ID: <00000000-0000-4000-8000-00000000abcd@nrm.notifications>$/im);
    expect(raw).toMatch(/^X-NRM-Delivery-Id: 00000000-0000-4000-8000-00000000abcd$/im);
    expect(raw).toMatch(/^Auto-Submitted: auto-generated$/im);
    expect(raw.split('\r\n\r\n')[0]!.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(header(raw, 'Subject')).toBe(subject);
    expect(header(raw, 'From')).toBe('NRM уведомления <nrm@test.local>');
    expect(header(raw, 'To')).toBe('officer@ssa.test');
    expect(body(raw).replace(/\r\n$/, '')).toBe(text.replace(/\n/g, '\r\n')); // the SMTP data ends with a line break
  });

  it('sends an English message readable as it is (7bit), as a mail client shows it', async () => {
    const mail = createMailTransport({ smtpUrl: url, from: 'NRM <nrm@test.local>', mailboxDir: '/nonexistent' });
    const deliveryId = '00000000-0000-4000-8000-00000000abce';
    try {
      await mail.send({ deliveryId, to: 'a@test.local', subject: 'A new referral awaits your answer', text: 'A new referral awaits your answer\nhttps://console.test/tasks/x' });
    } finally {
      mail.close();
    }
    const raw = raws.find((r) => r.includes(deliveryId))!;
    expect(raw).toMatch(/^Subject: A new referral awaits your answer$/im);
    expect(raw).toMatch(/^Content-Transfer-Encoding: 7bit$/im);
    expect(raw).toContain('\r\n\r\nA new referral awaits your answer\r\nhttps://console.test/tasks/x');
  });

  it('without SMTP, keeps the same message in the local mailbox, one file per delivery id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrm-mailbox-'));
    const mail = createMailTransport({ smtpUrl: null, from: 'NRM <nrm@test.local>', mailboxDir: dir });
    const deliveryId = '00000000-0000-4000-8000-00000000abcf';
    try {
      await mail.send({ deliveryId, to: 'a@test.local', subject: 'Follow-up due', text: 'Follow-up due' });
      const raw = readFileSync(join(dir, `${deliveryId}.eml`), 'utf8');
      expect(raw).toMatch(/^X-NRM-Delivery-Id: 00000000-0000-4000-8000-00000000abcf$/im);
      expect(raw).toMatch(/^Subject: Follow-up due$/im);
    } finally {
      mail.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
