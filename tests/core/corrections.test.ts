/** A rerun that changes a category letters already announced writes a correction, and the report lists it. */
import { describe, expect, it } from 'vitest';
import {
  type Correction,
  correctionKey,
  correctionLetters,
  correctionsDue,
  correctionsOfTerm,
  type SentLetter,
} from '../../functions/core/letters/corrections';
import { letterFileName, letterKey } from '../../functions/core/letters/letters';
import type { Assessment, Contact } from '../../functions/core/types';
import { COLOUR_METHODOLOGY, DEFAULT_METHODOLOGY, school } from '../builders';

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

describe('corrections at their edges', () => {
  const at = (day: string, s = 0) => `2026-${day}T06:10:0${s}.000Z`;
  const letter = (role: string, sentAt: string, from = 'C', to = 'A', urn = '100001'): SentLetter => ({
    letterKey: letterKey('2026-autumn', urn, from, to, role as never, `${role.replace(/ /g, '')}@alpha.example`),
    urn,
    role,
    status: 'sent',
    sentAt,
  });

  it('reads what a letter announced whatever the categories are called', () => {
    const due = correctionsDue(
      [{ ...now, category: 'red', methodologyId: COLOUR_METHODOLOGY.id, previousCategory: undefined }],
      [letter('headteacher', at('09-03'), 'amber', 'green')],
      COLOUR_METHODOLOGY,
    );
    expect(due.get('100001')).toEqual({
      urn: '100001',
      said: { from: 'amber', to: 'green', on: '2026-09-03' },
      now: 'red',
      roles: ['headteacher'],
    });
  });

  it('says the day the last letter of the announcement went, and tells each role once, in the words the records use', () => {
    const due = correctionsDue(
      [now],
      [
        letter('headteacher', at('09-03')),
        letter('chair-of-governors', at('09-03', 1)),
        letter('trust board chair', at('09-04')),
        letter('headteacher', at('09-04', 1)),
        letter('clerk', at('09-04', 2)),
      ],
      DEFAULT_METHODOLOGY,
    ).get('100001');
    expect(due?.said.on).toBe('2026-09-04');
    expect(due?.roles).toEqual(['headteacher', 'chair of governors', 'trust board chair']);
  });

  it('takes the latest announcement however the records are listed, and only the roles it told', () => {
    const sent = [
      {
        ...letter('headteacher', at('12-01'), 'A', 'B'),
        letterKey: correctionKey('2026-autumn', '100001', 'A', 'B', 'headteacher', 'h@x'),
      },
      letter('headteacher', at('09-03')),
      letter('chair of governors', at('09-03', 1)),
    ];
    expect(correctionsDue([now], sent, DEFAULT_METHODOLOGY).get('100001')).toMatchObject({
      said: { from: 'A', to: 'B', on: '2026-12-01' },
      roles: ['headteacher'],
    });
  });

  it('counts only what went before the run began, not what went at that moment', () => {
    const sent = [letter('headteacher', at('09-03')), letter('chair of governors', at('09-03', 1))];
    expect(correctionsDue([now], sent, DEFAULT_METHODOLOGY, at('09-03', 1)).get('100001')?.roles).toEqual([
      'headteacher',
    ]);
    expect(correctionsDue([now], sent, DEFAULT_METHODOLOGY, at('09-03', 2)).get('100001')?.roles).toEqual([
      'headteacher',
      'chair of governors',
    ]);
    expect(correctionsDue([now], [{ ...sent[0]!, sentAt: undefined }], DEFAULT_METHODOLOGY, at('09-03', 2)).size).toBe(
      0,
    );
  });

  it("keys a correction by its role with hyphens, and lists the term's corrections by URN, each against the letter it corrected", () => {
    expect(correctionKey('2026-autumn', '100001', 'A', 'C', 'chair of governors', 'c@x')).toMatch(
      /^2026-autumn#100001#correction#A->C#chair-of-governors#[0-9a-f]{16}$/,
    );
    const correctionOf = (urn: string, said: string, nowIs: string, sentAt: string): SentLetter => ({
      letterKey: correctionKey('2026-autumn', urn, said, nowIs, 'headteacher', 'h@x'),
      urn,
      role: 'headteacher',
      status: 'sent',
      sentAt,
    });
    const rows = correctionsOfTerm(
      [],
      [
        correctionOf('100002', 'A', 'C', at('12-01')),
        letter('headteacher', at('09-03'), 'C', 'A', '100002'),
        letter('headteacher', at('09-02'), 'D', 'B', '100002'),
        letter('headteacher', at('12-01'), 'A', 'B', '100001'),
        correctionOf('100001', 'B', 'C', at('12-02')),
        letter('headteacher', at('12-05'), 'C', 'B', '100001'),
      ],
      DEFAULT_METHODOLOGY,
    );
    expect(rows).toEqual([
      { urn: '100001', said: { from: 'A', to: 'B', on: '2026-12-01' }, now: 'C', status: { sent: '2026-12-02' } },
      { urn: '100002', said: { from: 'C', to: 'A', on: '2026-09-03' }, now: 'C', status: { sent: '2026-12-01' } },
    ]);
  });
});

describe('a correction letter, whole', () => {
  const correct = (correction: Partial<Correction>, extraContacts: Contact[] = []) =>
    correctionLetters({
      date: '2026-12-07',
      correction: {
        urn: '100001',
        said: { from: 'C', to: 'A', on: '2026-09-03' },
        now: 'C',
        roles: ['headteacher', 'chair of governors'],
        ...correction,
      },
      assessment: now,
      school: school({ urn: '100001', name: 'Alpha Primary School' }),
      contacts: [...extraContacts, ...contacts],
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });

  it('is the letter the headteacher reads, text and HTML', () => {
    const [head] = correct({ previous: 'B' }).letters;
    expect(head!.text.split('\n')).toEqual([
      'Ardenshire County Council',
      '7 Dec 2026',
      '',
      'Dear Ann Head,',
      '',
      'Alpha Primary School (URN 100001)',
      '',
      'Correction to our letter of 3 Sep 2026',
      '',
      "On 3 Sep 2026 we wrote that, following our risk assessment for the autumn term 2026, the school's category had changed from C to A. That was not right, and we are sorry for the confusion it will have caused.",
      '',
      "The risk assessment for the term has since been run again, under the Education Challenge Board's methodology Ardenshire categorisation of schools (A-D), for all three Ofsted eras (default-2026), and its outcome agreed. The school's category for the autumn term 2026 has changed from B to C. Category C means a school that needs support to improve, or is at serious risk of decline.",
      '',
      'Why the school is in this category:',
      '- Ofsted judged that the school requires improvement (Ofsted graded inspection with a single-word judgement, 4 Feb 2025: overall effectiveness requires improvement)',
      '',
      'What happens next:',
      '- A system leader or Learning Improvement Officer will visit the school once a term.',
      '- Your Area Analysis Group is brokering school-to-school support from a good or outstanding school, within your consortium or network where possible.',
      '- A task group, chaired by a system leader, will monitor the impact of that support and report to the Area Analysis Group.',
      '',
      'If you have questions about this correction, please contact the School Improvement Team at team@ardenshire.example or on 01632 960000. If you think the category is wrong, you may write to us within 20 school days of this letter, saying which evidence you disagree with and why.',
      '',
      'Yours sincerely,',
      'School Improvement Team',
      'Ardenshire County Council',
      '',
      'Copied to: Carl Chair, chair of governors',
      '',
      'This categorisation is confidential to the school, its governors and the local authority.',
      '',
    ]);
    expect(head!.html.split('\n')).toEqual([
      '<!doctype html>',
      '<html lang="en-GB"><head><meta charset="utf-8"><title>Alpha Primary School: a correction to our letter of 3 Sep 2026 on the school&#39;s improvement category</title></head>',
      '<body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em">',
      '<p style="font-weight: bold; color: #1d70b8">Ardenshire County Council</p>',
      '<p>7 Dec 2026</p>',
      '<p>Dear Ann Head,</p>',
      '<p><strong>Alpha Primary School</strong> (URN 100001)</p>',
      '<h1 style="font-size: 1.2em">Correction to our letter of 3 Sep 2026</h1>',
      '<p>On 3 Sep 2026 we wrote that, following our risk assessment for the autumn term 2026, the school&#39;s category had changed from C to A. That was not right, and we are sorry for the confusion it will have caused.</p><p>The risk assessment for the term has since been run again, under the Education Challenge Board&#39;s methodology Ardenshire categorisation of schools (A-D), for all three Ofsted eras (default-2026), and its outcome agreed. The school&#39;s category for the autumn term 2026 has changed from B to C. Category C means a school that needs support to improve, or is at serious risk of decline.</p>',
      '<h2 style="font-size: 1.1em">Why the school is in this category</h2>',
      '<ul><li>Ofsted judged that the school requires improvement <span style="color:#505a5f">(Ofsted graded inspection with a single-word judgement, 4 Feb 2025: overall effectiveness requires improvement)</span></li></ul>',
      '<h2 style="font-size: 1.1em">What happens next</h2>',
      '<ul><li>A system leader or Learning Improvement Officer will visit the school once a term.</li><li>Your Area Analysis Group is brokering school-to-school support from a good or outstanding school, within your consortium or network where possible.</li><li>A task group, chaired by a system leader, will monitor the impact of that support and report to the Area Analysis Group.</li></ul>',
      '<p>If you have questions about this correction, please contact the School Improvement Team at team@ardenshire.example or on 01632 960000. If you think the category is wrong, you may write to us within 20 school days of this letter, saying which evidence you disagree with and why.</p>',
      '<p>Yours sincerely,<br>School Improvement Team<br>Ardenshire County Council</p>',
      '<p>Copied to: Carl Chair, chair of governors</p>',
      '<p style="font-size: 0.85em; color: #505a5f">This categorisation is confidential to the school, its governors and the local authority.</p>',
      '</body></html>',
      '',
    ]);
  });

  it("says a category without a last term's as it is, and writes to the school's own people only, once each", () => {
    const { letters, missing } = correct({ roles: ['headteacher', 'chair of governors', 'trust board chair'] }, [
      { urn: '100002', role: 'chair of governors', name: 'Not Theirs', email: 'chair@other.example' },
    ]);
    expect(letters[0]!.text).toContain("The school's category for the autumn term 2026 is C. Category C means");
    expect(letters.map((l) => [l.role, l.to.email])).toEqual([
      ['headteacher', 'head@alpha.example'],
      ['chair of governors', 'chair@alpha.example'],
    ]);
    expect(missing).toEqual(['trust board chair']);
    expect(letters[1]!.text).toContain('Copied to: Ann Head, headteacher');
    expect(
      correct({}, [{ urn: '100001', role: 'headteacher', name: 'Also Head', email: 'also@alpha.example' }]).letters.map(
        (l) => l.to.name,
      ),
    ).toEqual(['Also Head', 'Carl Chair']);
  });
});
