/** Builds the raw MIME message (multipart/alternative, UTF-8, base64 bodies) that SES sends for a letter. */
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

/**
 * The message for a letter, sent at `sent`: its Date header is that time, but never a day before the letter's own date
 * (a term replayed on its scheduled day sends its letters now, dated then: the email is not dated before its letter).
 */
export function buildMime(letter: Letter, sent: Date): string {
  const time = sent.toISOString();
  const date = time.slice(0, 10) < letter.date ? new Date(`${letter.date}${time.slice(10)}`) : sent;
  const boundary = `=_letter_${createHash('sha256').update(letter.key).digest('hex').slice(0, 24)}`;
  const from = /^(.*) <(.+)>$/.exec(letter.from);
  const headers = [
    `From: ${from ? encodeAddress(from[1]!, from[2]!) : letter.from}`,
    `To: ${encodeAddress(letter.to.name, letter.to.email)}`,
    `Reply-To: ${letter.replyTo}`,
    `Subject: ${encodeHeader(letter.subject)}`,
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
    base64Lines(letter.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(letter.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
