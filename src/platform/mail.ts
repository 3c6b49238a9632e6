import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text` (clients show one or the other). */
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SentMail {
  /** The Message-ID the transport gave the message. */
  messageId?: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects when it did not. */
  send(message: MailMessage): Promise<SentMail | void>;
}

/**
 * SMTP through nodemailer when SMTP_URL is set. Without it the message goes to the log, so a first
 * start on a laptop still lets the admin copy a reset or invitation link.
 */
export function createMailer(smtpUrl: string | undefined, from: string, log: Logger): Mailer {
  if (!smtpUrl) {
    return {
      async send(message) {
        log.info({ mail: { to: message.to, subject: message.subject } }, `E-mail (SMTP_URL not set, not sent):\n${message.text}`);
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
      });
      return typeof info.messageId === 'string' ? { messageId: info.messageId } : {};
    },
  };
}
