/** Builds the raw MIME message (multipart/alternative, UTF-8, base64 bodies) that SES sends for a letter or a notice. */
import { createHash } from 'node:crypto';
import type { Letter } from './letters';

function encodeHeader(value: string): string {
  // RFC 2047 encoded-word for anything outside printable ASCII.
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function encodeAddress(name: string, email: string): string {
  const safeName = name.replace(/["\\\r\n]/g, '');
  return /^[\x20-\x7e]*$/.test(safeName) ? `"${safeName}" <${email}>` : `${encodeHeader(safeName)} <${email}>`;
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
}

/** What a message says and to whom: a letter, or an AAG's notice (core/assessment/aag-notices.ts). */
export interface MessageContent {
  readonly from: string;
  readonly to: { readonly name: string; readonly email: string };
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * The message for a letter, sent at `sent`: its Date header is that time, but never a day before the letter's own date
 * (a term replayed on its scheduled day sends its letters now, dated then: the email is not dated before its letter).
 */
export function buildMime(letter: Letter, sent: Date): string {
  const time = sent.toISOString();
  const date = time.slice(0, 10) < letter.date ? new Date(`${letter.date}${time.slice(10)}`) : sent;
  return buildMessageMime(letter, date, letter.key);
}

/** A message dated `date`, its parts' boundary drawn from `boundarySeed` (so the same message is built the same). */
export function buildMessageMime(message: MessageContent, date: Date, boundarySeed: string): string {
  const boundary = `=_letter_${createHash('sha256').update(boundarySeed).digest('hex').slice(0, 24)}`;
  const from = /^(.*) <(.+)>$/.exec(message.from);
  const headers = [
    `From: ${from ? encodeAddress(from[1]!, from[2]!) : message.from}`,
    `To: ${encodeAddress(message.to.name, message.to.email)}`,
    `Reply-To: ${message.replyTo}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  return [
    ...headers,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** A letter as it was sent, read back from its message: what its reader saw. */
export interface LetterAsSent {
  readonly subject: string;
  /** The message's Date header, as sent. */
  readonly date: string;
  /** The recipient's name (not their address). */
  readonly toName: string;
  readonly text: string;
}

function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/gi, (_, b64: string) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
}

/** Reads back a message buildMessageMime built: its subject, date, recipient's name and plain text. */
export function letterFromMime(raw: string): LetterAsSent | undefined {
  const [head, ...rest] = raw.split('\r\n\r\n');
  if (!head || rest.length === 0) return undefined;
  const header = (name: string) =>
    head
      .split('\r\n')
      .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}: `))
      ?.slice(name.length + 2);
  const boundary = /boundary="([^"]+)"/.exec(header('Content-Type') ?? '')?.[1];
  if (!boundary) return undefined;
  const textPart = raw
    .split(`--${boundary}`)
    .find((part) => /Content-Type: text\/plain/i.test(part.split('\r\n\r\n')[0] ?? ''));
  if (!textPart) return undefined;
  const body = textPart.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\s+/g, '');
  const to = header('To') ?? '';
  const quoted = /^"(.*)" </.exec(to)?.[1];
  return {
    subject: decodeHeader(header('Subject') ?? ''),
    date: header('Date') ?? '',
    toName: quoted ?? decodeHeader(to.replace(/\s*<[^>]*>$/, '')),
    text: Buffer.from(body, 'base64').toString('utf8'),
  };
}
