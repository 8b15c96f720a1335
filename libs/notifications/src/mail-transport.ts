import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
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

/**
 * SMTP over a pool of at most 4 kept-open connections when SMTP_URL is set (the pool options must be in the transport's
 * own options: nodemailer's second argument holds message defaults, and a pool given there was silently ignored, which
 * opened a connection and said EHLO for every message), else `.eml` files in the mailbox directory (one per delivery id).
 */
export function createMailTransport(config: MailConfig): MailTransport {
  if (config.smtpUrl) {
    const transporter = createTransport({ url: config.smtpUrl, pool: true, maxConnections: 4 });
    const url = new URL(config.smtpUrl);
    return {
      describe: `${url.protocol}//${url.host}`,
      send: async (mail) => {
        await transporter.sendMail(envelope(config, mail));
      },
      close: () => transporter.close(),
    };
  }
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  mkdirSync(config.mailboxDir, { recursive: true });
  return {
    describe: config.mailboxDir,
    send: async (mail) => {
      const info = (await transporter.sendMail(envelope(config, mail))) as { message: Buffer };
      // Named by delivery id: a retried delivery overwrites its own file, never adds a second one.
      writeFileSync(join(config.mailboxDir, `${mail.deliveryId}.eml`), info.message);
    },
    close: () => transporter.close(),
  };
}
