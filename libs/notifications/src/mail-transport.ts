import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWord, encodeWords, foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as quotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';
import { localDataDir } from '@lib/persistence';

/** One e-mail as the delivery activity builds it: ids, enums and times only (notification-message.ts). */
export interface OutgoingMail {
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
  /** Where mail goes, for the start-up log: `smtp://host:port` (no credentials) or the mailbox directory. */
  readonly describe: string;
}

export interface MailConfig {
  /** `smtp://user:pass@host:port` or `smtps://…`; unset: the local mailbox directory. */
  smtpUrl: string | null;
  from: string;
  mailboxDir: string;
}

export const DEFAULT_MAIL_FROM = 'NRM notifications <no-reply@nrm.local>';

/** SMTP_URL, SMTP_FROM; without SMTP_URL the mailbox NOTIFICATION_MAILBOX_DIR, default `<data dir>/mailbox`. */
export function mailConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  dataDir: string = localDataDir(),
): MailConfig {
  return {
    smtpUrl: env.SMTP_URL && env.SMTP_URL !== '' ? env.SMTP_URL : null,
    from: env.SMTP_FROM && env.SMTP_FROM !== '' ? env.SMTP_FROM : DEFAULT_MAIL_FROM,
    mailboxDir: resolve(
      env.NOTIFICATION_MAILBOX_DIR && env.NOTIFICATION_MAILBOX_DIR !== ''
        ? env.NOTIFICATION_MAILBOX_DIR
        : join(dataDir, 'mailbox'),
    ),
  };
}

/**
 * The message's own headers carry the delivery id (Message-ID and X-NRM-Delivery-Id), so a receiver or a mail
 * client can tell a resent copy (an attempt retried after the server accepted it) from a new message.
 */
function envelope(config: MailConfig, mail: OutgoingMail): Parameters<Transporter['sendMail']>[0] {
  return {
    from: config.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.deliveryId}@nrm.notifications>`,
    headers: { 'X-NRM-Delivery-Id': mail.deliveryId, 'Auto-Submitted': 'auto-generated' },
  };
}

/** A plain addr-spec (ASCII, no quoting or comments): what the prebuilt message below supports. */
const SIMPLE_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const DELIVERY_ID = /^[0-9a-f-]{36}$/;

/** The sender as a header value and as the envelope's address, or null when it is not a plain address. */
function parseFrom(from: string): { header: string; address: string } | null {
  const [first, ...rest] = addressparser(from, { flatten: true });
  if (!first || rest.length > 0 || !SIMPLE_ADDRESS.test(first.address)) return null;
  const name = first.name.trim();
  const shown = !name
    ? ''
    : /^[\w ]*$/.test(name)
      ? name
      : /^[\x20-\x7e]*$/.test(name)
        ? `"${name.replace(/["\\]/g, '\\$&')}"`
        : encodeWord(name, 'B', 52);
  return { header: shown ? `${shown} <${first.address}>` : first.address, address: first.address };
}

/**
 * The e-mail as RFC 5322 text (one text/plain UTF-8 part), built with nodemailer's own encoders (encoded words for a
 * non-ASCII subject, quoted-printable for a non-ASCII or long-lined body, folded headers), for nodemailer to send as
 * `raw`: composing the same message through its MIME tree cost more CPU than the SMTP exchange. Null when the
 * addresses are not plain ones (then nodemailer composes the message itself).
 */
export function rawMessage(
  from: { header: string; address: string },
  mail: OutgoingMail,
  date: Date = new Date(),
): string | null {
  if (!SIMPLE_ADDRESS.test(mail.to) || !DELIVERY_ID.test(mail.deliveryId)) return null;
  const control = [...mail.subject].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  const subject = control
    ? encodeWord(mail.subject, 'B', 52)
    : encodeWords(mail.subject, 'B', 52, true);
  const text = mail.text.replace(/\r?\n/g, '\r\n');
  const plain = isPlainText(text) && !hasLongerLines(text, 76);
  const headers = [
    `From: ${from.header}`,
    `To: ${mail.to}`,
    `Subject: ${subject}`,
    `Message-ID: <${mail.deliveryId}@nrm.notifications>`,
    `X-NRM-Delivery-Id: ${mail.deliveryId}`,
    'Auto-Submitted: auto-generated',
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${plain ? '7bit' : 'quoted-printable'}`,
  ].map((line) => foldLines(line, 76));
  return `${headers.join('\r\n')}\r\n\r\n${plain ? text : wrapQuotedPrintable(quotedPrintable(text), 76)}`;
}

/** What nodemailer sends: the prebuilt message with its envelope when possible, else the fields to compose. */
function message(
  config: MailConfig,
  from: { header: string; address: string } | null,
  mail: OutgoingMail,
): Parameters<Transporter['sendMail']>[0] {
  const raw = from ? rawMessage(from, mail) : null;
  return raw && from ? { envelope: { from: from.address, to: [mail.to] }, raw } : envelope(config, mail);
}

/**
 * SMTP over a pool of at most 4 kept-open connections when SMTP_URL is set (the pool options must be in the transport's
 * own options: nodemailer's second argument holds message defaults, and a pool given there was silently ignored, which
 * opened a connection and said EHLO for every message), else `.eml` files in the mailbox directory (one per delivery id).
 */
export function createMailTransport(config: MailConfig): MailTransport {
  const from = parseFrom(config.from);
  if (config.smtpUrl) {
    const transporter = createTransport({ url: config.smtpUrl, pool: true, maxConnections: 4 });
    const url = new URL(config.smtpUrl);
    return {
      describe: `${url.protocol}//${url.host}`,
      send: async (mail) => {
        await transporter.sendMail(message(config, from, mail));
      },
      close: () => transporter.close(),
    };
  }
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  mkdirSync(config.mailboxDir, { recursive: true });
  return {
    describe: config.mailboxDir,
    send: async (mail) => {
      const info = (await transporter.sendMail(message(config, from, mail))) as { message: Buffer };
      // Named by delivery id: a retried delivery overwrites its own file, never adds a second one.
      writeFileSync(join(config.mailboxDir, `${mail.deliveryId}.eml`), info.message);
    },
    close: () => transporter.close(),
  };
}
