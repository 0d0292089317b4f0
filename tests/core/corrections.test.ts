/** A rerun that changes a category letters already announced writes a correction, and the report lists it. */
import { describe, expect, it } from 'vitest';
import {
  correctionLetters,
  correctionsDue,
  correctionsOfTerm,
  type SentLetter,
} from '../../functions/core/letters/corrections';
import { letterFileName, letterKey } from '../../functions/core/letters/letters';
import type { Assessment, Contact } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school } from '../builders';

const authority = {
  name: 'Ardenshire County Council',
  senderAddress: 'si@ardenshire.example',
  replyToAddress: 'team@ardenshire.example',
  contactName: 'School Improvement Team',
  contactPhone: '01632 960000',
};
const now: Assessment = {
  term: '2026-autumn',
  urn: '100001',
  category: 'C',
  previousCategory: 'C',
  changed: false,
  methodologyId: 'default-2026b',
  reasons: [
    {
      category: 'C',
      rule: 'ofsted-requires-improvement',
      text: 'Ofsted judged that the school requires improvement',
      evidence:
        'Ofsted graded inspection with a single-word judgement, 4 Feb 2025: overall effectiveness requires improvement',
    },
  ],
  moderation: { decision: 'agree', by: 'Ashdown AAG' },
};
const contacts: Contact[] = [
  { urn: '100001', role: 'headteacher', name: 'Ann Head', email: 'head@alpha.example' },
  { urn: '100001', role: 'chair of governors', name: 'Carl Chair', email: 'chair@alpha.example' },
  { urn: '100002', role: 'headteacher', name: 'Other Head', email: 'head@other.example' },
];
const sent = (role: string, email: string, sentAt: string, from = 'C', to = 'A'): SentLetter => ({
  letterKey: letterKey('2026-autumn', '100001', from, to, role as never, email),
  urn: '100001',
  role,
  status: 'sent',
  sentAt,
});
const told = [
  sent('headteacher', 'head@alpha.example', '2026-09-03T06:10:00.000Z'),
  sent('chair of governors', 'chair@alpha.example', '2026-09-03T06:10:01.000Z'),
];

describe('corrections to letters already sent', () => {
  it('are due where the letters announced a category the school no longer has, to each role told', () => {
    const due = correctionsDue([now], told, DEFAULT_METHODOLOGY);
    expect(due.get('100001')).toEqual({
      urn: '100001',
      said: { from: 'C', to: 'A', on: '2026-09-03' },
      now: 'C',
      previous: 'C',
      roles: ['headteacher', 'chair of governors'],
    });
    // Not where what was said still stands, nor for what was sent in this run (only what went before it counts).
    expect(correctionsDue([{ ...now, category: 'A', changed: true }], told, DEFAULT_METHODOLOGY).size).toBe(0);
    expect(correctionsDue([now], told, DEFAULT_METHODOLOGY, '2026-09-03T06:00:00.000Z').size).toBe(0);
    // A warning notice's letters announce no category; a letter not yet sent announces nothing.
    expect(
      correctionsDue(
        [now],
        [
          { ...told[0]!, letterKey: '2026-autumn#100001#warning-notice-issued#headteacher#h' },
          { ...told[1]!, status: 'sending' },
        ],
        DEFAULT_METHODOLOGY,
      ).size,
    ).toBe(0);
  });

  it("say what we wrote and when, what is now so and why, to the school's own people only, each once", () => {
    const correction = correctionsDue([now], told, DEFAULT_METHODOLOGY).get('100001')!;
    const { letters, missing } = correctionLetters({
      date: '2026-12-07',
      correction,
      assessment: now,
      school: school({ urn: '100001', name: 'Alpha Primary School' }),
      contacts,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(missing).toEqual([]);
    expect(letters.map((l) => l.to.email)).toEqual(['head@alpha.example', 'chair@alpha.example']);
    expect(letters[0]!.subject).toBe(
      "Alpha Primary School: a correction to our letter of 3 Sep 2026 on the school's improvement category",
    );
    expect(letters[0]!.text).toContain(
      "On 3 Sep 2026 we wrote that, following our risk assessment for the autumn term 2026, the school's category had changed from C to A. That was not right",
    );
    expect(letters[0]!.text).toContain(
      "The school's category for the autumn term 2026 is C, unchanged from last term.",
    );
    expect(letters[0]!.text).toContain(
      '- Ofsted judged that the school requires improvement (Ofsted graded inspection with a single-word judgement, 4 Feb 2025',
    );
    expect(letters[0]!.key).toMatch(/^2026-autumn#100001#correction#A->C#headteacher#[0-9a-f]{16}$/);
    expect(letterFileName(letters[0]!)).toBe('100001-correction-headteacher.eml');
    // Once the correction has gone, nothing more is due, and the report lists it as sent.
    const afterwards = [
      ...told,
      {
        letterKey: letters[0]!.key,
        urn: '100001',
        role: 'headteacher',
        status: 'sent',
        sentAt: '2026-12-07T09:00:00.000Z',
      },
      {
        letterKey: letters[1]!.key,
        urn: '100001',
        role: 'chair of governors',
        status: 'sent',
        sentAt: '2026-12-07T09:00:01.000Z',
      },
    ];
    expect(correctionsDue([now], afterwards, DEFAULT_METHODOLOGY).size).toBe(0);
    expect(correctionsOfTerm([now], afterwards, DEFAULT_METHODOLOGY)).toEqual([
      { urn: '100001', said: { from: 'C', to: 'A', on: '2026-09-03' }, now: 'C', status: { sent: '2026-12-07' } },
    ]);
    expect(correctionsOfTerm([now], told, DEFAULT_METHODOLOGY)).toEqual([
      { urn: '100001', said: { from: 'C', to: 'A', on: '2026-09-03' }, now: 'C', status: 'held for the ECB' },
    ]);
  });
});
