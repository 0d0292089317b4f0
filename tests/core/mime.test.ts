import { describe, expect, it } from 'vitest';
import { buildMessageMime, buildMime, letterFromMime, type MessageContent } from '../../functions/core/letters/mime';
import { aLetter } from '../builders';

const message = (over: Partial<MessageContent> = {}): MessageContent => ({
  from: 'School Improvement Team <improvement@ardenshire.example>',
  to: { name: 'Ann Head', email: 'head@alpha.sch.example' },
  replyTo: 'improvement@ardenshire.example',
  subject: 'Category letter',
  text: 'Dear Ann Head',
  html: '<p>Dear Ann Head</p>',
  ...over,
});
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const lines = (raw: string) => raw.split('\r\n');

describe('the message SES sends', () => {
  it('is laid out as a multipart/alternative message, its boundary drawn from the seed alone', () => {
    const raw = buildMessageMime(message(), new Date('2026-12-07T10:00:00Z'), 'letter-1');
    const boundary = /boundary="([^"]+)"/.exec(raw)![1]!;
    expect(boundary).toMatch(/^=_letter_[0-9a-f]{24}$/);
    expect(buildMessageMime(message({ text: 'other' }), new Date(), 'letter-1')).toContain(boundary);
    expect(buildMessageMime(message(), new Date(), 'letter-2')).not.toContain(boundary);
    expect(lines(raw)).toEqual([
      'From: "School Improvement Team" <improvement@ardenshire.example>',
      'To: "Ann Head" <head@alpha.sch.example>',
      'Reply-To: improvement@ardenshire.example',
      'Subject: Category letter',
      'Date: Mon, 07 Dec 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64('Dear Ann Head'),
      `--${boundary}`,
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64('<p>Dear Ann Head</p>'),
      `--${boundary}--`,
      '',
    ]);
  });

  it('encodes a name or subject outside printable ASCII, strips quotes and line breaks from a name, and leaves a bare address', () => {
    const raw = buildMessageMime(
      message({
        from: 'improvement@ardenshire.example',
        to: { name: 'Siân "the head" O\\Brien\r\n', email: 'head@alpha.sch.example' },
        subject: 'Ysgol Gymraeg – categori',
      }),
      new Date('2026-12-07T10:00:00Z'),
      'seed',
    );
    expect(lines(raw).slice(0, 4)).toEqual([
      'From: improvement@ardenshire.example',
      `To: =?UTF-8?B?${base64('Siân the head OBrien')}?= <head@alpha.sch.example>`,
      'Reply-To: improvement@ardenshire.example',
      `Subject: =?UTF-8?B?${base64('Ysgol Gymraeg – categori')}?=`,
    ]);
    const plain = buildMessageMime(
      message({ to: { name: 'Ann "A" Head', email: 'a@b.example' }, from: 'Team <t@x.example> extra' }),
      new Date(),
      's',
    );
    expect(lines(plain).slice(0, 2)).toEqual(['From: Team <t@x.example> extra', 'To: "Ann A Head" <a@b.example>']);
  });

  it('breaks a long body into lines of 76 characters of base64', () => {
    const text = 'x'.repeat(200);
    const raw = buildMessageMime(message({ text }), new Date(), 'seed');
    const encoded = base64(text);
    expect(encoded).toHaveLength(268);
    expect(raw).toContain(
      `\r\n\r\n${encoded.slice(0, 76)}\r\n${encoded.slice(76, 152)}\r\n${encoded.slice(152, 228)}\r\n${encoded.slice(228)}\r\n--`,
    );
  });

  it("dates a letter's message when it is sent, but never the day before the letter's own date", () => {
    const letter = aLetter('100001', { date: '2027-01-05' });
    const dateOf = (sent: string) => lines(buildMime(letter, new Date(sent))).find((l) => l.startsWith('Date: '));
    expect(dateOf('2027-01-04T23:59:00.000Z')).toBe('Date: Tue, 05 Jan 2027 23:59:00 +0000');
    expect(dateOf('2027-01-05T08:00:00.000Z')).toBe('Date: Tue, 05 Jan 2027 08:00:00 +0000');
    expect(dateOf('2027-01-06T08:00:00.000Z')).toBe('Date: Wed, 06 Jan 2027 08:00:00 +0000');
  });
});

describe('a message read back as its reader saw it', () => {
  it("gives the subject, date, recipient's name and text, whether the name was quoted or encoded", () => {
    const text = `Dear Siân,\n\n${'A long line of the letter. '.repeat(10)}`;
    const raw = buildMessageMime(
      message({ to: { name: 'Siân Jones', email: 's@x.example' }, subject: 'Llythyr – letter', text }),
      new Date('2026-12-07T10:00:00Z'),
      'seed',
    );
    expect(letterFromMime(raw)).toEqual({
      subject: 'Llythyr – letter',
      date: 'Mon, 07 Dec 2026 10:00:00 +0000',
      toName: 'Siân Jones',
      text,
    });
    const quoted = buildMessageMime(message(), new Date('2026-12-07T10:00:00Z'), 'seed');
    expect(letterFromMime(quoted)?.toName).toBe('Ann Head');
    expect(
      letterFromMime(quoted.replace('To: "Ann Head" <head@alpha.sch.example>', 'To: Ann Head <a@b>'))?.toName,
    ).toBe('Ann Head');
    expect(
      letterFromMime(quoted.replace('To: "Ann Head" <head@alpha.sch.example>', 'To: Ann <a@b> Head'))?.toName,
    ).toBe('Ann <a@b> Head');
  });

  it('gives nothing for a message with no body, no boundary or no plain text', () => {
    const raw = buildMessageMime(message(), new Date('2026-12-07T10:00:00Z'), 'seed');
    expect(letterFromMime('Subject: x')).toBeUndefined();
    expect(letterFromMime(raw.replace(/boundary="[^"]+"/, 'boundary=none'))).toBeUndefined();
    expect(letterFromMime(raw.replace('Content-Type: text/plain', 'Content-Type: text/enriched'))).toBeUndefined();
    expect(letterFromMime(raw.replace(/\r\nTo: [^\r]*/, ''))?.toName).toBe('');
    expect(letterFromMime(raw.replace(/\r\nSubject: [^\r]*/, '').replace(/\r\nDate: [^\r]*/, ''))).toMatchObject({
      subject: '',
      date: '',
    });
  });
});
