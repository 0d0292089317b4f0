import { describe, expect, it } from 'vitest';
import { confirmUndecided, lettersWaitForDecision } from '../../functions/core/assessment/moderation';
import type { WarningNotice } from '../../functions/core/intervention/warning-notices';
import {
  composeLetter,
  letterKey,
  lettersForChange,
  listInWords,
  whatFollows,
} from '../../functions/core/letters/letters';
import { buildMime } from '../../functions/core/letters/mime';
import { noticeLetters } from '../../functions/core/letters/notice-letters';
import { letterCount, lettersBetween, termLetters } from '../../functions/core/letters/term-letters';
import type { Assessment, Contact } from '../../functions/core/types';
import { AUTHORITY, DEFAULT_METHODOLOGY, school } from '../builders';

const authority = AUTHORITY;
const changed: Assessment = {
  term: '2026-autumn',
  urn: '100001',
  category: 'C',
  previousCategory: 'A',
  previousTerm: '2026-summer',
  changed: true,
  methodologyId: 'default-2026',
  reasons: [
    {
      category: 'C',
      rule: 'report-card-needs-attention',
      text: 'Ofsted found an area that needs attention',
      evidence: 'Ofsted report card, 3 Feb 2026: achievement - needs attention',
    },
    {
      category: 'B',
      rule: 'new-headteacher',
      text: 'The school has a new headteacher',
      evidence: 'new headteacher since 1 Sep 2026',
    },
  ],
};
const contacts: Contact[] = [
  { urn: '100001', role: 'headteacher', name: 'Ann Head', email: 'head@alpha.example' },
  { urn: '100001', role: 'chair of governors', name: 'Carl Chair', email: 'chair@alpha.example' },
  { urn: '100001', role: 'trust board chair', name: 'Tess Trust', email: 'chair@trust.example' },
];

describe('letters on a category change', () => {
  it('go to the headteacher and chair of a maintained school', () => {
    const { letters, missing } = lettersForChange(
      '2026-09-03',
      changed,
      school({ urn: '100001' }),
      contacts,
      authority,
      DEFAULT_METHODOLOGY,
    );
    expect(letters.map((l) => l.role)).toEqual(['headteacher', 'chair of governors']);
    expect(missing).toEqual([]);
  });

  it('go to the trust board chair too for an academy', () => {
    const { letters } = lettersForChange(
      '2026-09-03',
      changed,
      school({ urn: '100001', isAcademy: true, trustName: 'Arden Learning Trust' }),
      contacts,
      authority,
      DEFAULT_METHODOLOGY,
    );
    expect(letters.map((l) => l.to.email)).toEqual([
      'head@alpha.example',
      'chair@alpha.example',
      'chair@trust.example',
    ]);
    expect(letters[2]?.text).toContain('You are receiving this as chair of the board of Arden Learning Trust.');
  });

  it('report a missing contact instead of skipping it in silence', () => {
    const { letters, missing } = lettersForChange(
      '2026-09-03',
      changed,
      school({ urn: '100001', isAcademy: true }),
      contacts.slice(0, 1),
      authority,
      DEFAULT_METHODOLOGY,
    );
    expect(letters).toHaveLength(1);
    expect(missing).toEqual(['chair of governors', 'trust board chair']);
  });

  it('are not written when the category has not changed', () => {
    expect(
      lettersForChange(
        '2026-09-03',
        { ...changed, changed: false },
        school({ urn: '100001' }),
        contacts,
        authority,
        DEFAULT_METHODOLOGY,
      ).letters,
    ).toEqual([]);
  });

  it('say what changed, why, with the inspection date, and what follows', () => {
    const letter = composeLetter({
      date: '2026-09-03',
      assessment: changed as Assessment & { previousCategory: 'A' },
      school: school({ urn: '100001', name: 'Alpha Primary School' }),
      contact: contacts[0]!,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(letter.subject).toBe('Alpha Primary School: school improvement category changed from A to C');
    expect(letter.text).toContain('3 Sep 2026');
    expect(letter.text).toContain("the school's category has changed from A to C");
    expect(letter.text).toContain(
      '- Ofsted found an area that needs attention (Ofsted report card, 3 Feb 2026: achievement - needs attention)',
    );
    expect(letter.text).toContain('Other evidence we considered:\n- The school has a new headteacher');
    expect(letter.text).toContain('visit the school once a term');
    expect(letter.text).toContain('team@ardenshire.example');
    expect(letter.replyTo).toBe('team@ardenshire.example');
    expect(letter.key).toBe(letterKey('2026-autumn', '100001', 'A', 'C', 'headteacher', letter.to.email));
    // The address is part of the letter's identity, as a hash: a new headteacher is a new letter.
    expect(letter.key).toMatch(/^2026-autumn#100001#A->C#headteacher#[0-9a-f]{16}$/);
    expect(letterKey('2026-autumn', '100001', 'A', 'C', 'headteacher', 'new.head@school.example')).not.toBe(letter.key);
    expect(letterKey('2026-autumn', '100001', 'A', 'C', 'headteacher', ` ${letter.to.email.toUpperCase()} `)).toBe(
      letter.key,
    );
    expect(letter.legacyKey).toBe('2026-autumn#100001#A->C#headteacher');
  });

  it('says "improved" when the category gets better, and offers D schools a needs-analysis meeting', () => {
    const improved = composeLetter({
      date: '2026-09-03',
      assessment: { ...changed, category: 'A', previousCategory: 'C' } as Assessment & { previousCategory: 'C' },
      school: school({ urn: '100001' }),
      contact: contacts[0]!,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(improved.subject).toContain('improved from C to A');
    const d = composeLetter({
      date: '2026-09-03',
      assessment: { ...changed, category: 'D', previousCategory: 'C' } as Assessment & { previousCategory: 'C' },
      school: school({ urn: '100001', isAcademy: true }),
      contact: contacts[0]!,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(d.text).toContain(
      "needs-analysis discussion with the headteacher, the chair of governors and the trust's chief executive",
    );
    expect(d.text).toContain('2 visits a term');
  });

  it('escapes every value from the data in the HTML', () => {
    const letter = composeLetter({
      date: '2026-09-03',
      assessment: changed as Assessment & { previousCategory: 'A' },
      school: school({ urn: '100001', name: 'St <script>alert(1)</script> & "Co"' }),
      contact: { ...contacts[0]!, name: "O'Brien <b>" },
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(letter.html).not.toContain('<script>');
    expect(letter.html).toContain('St &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(letter.html).toContain('Dear O&#39;Brien &lt;b&gt;,');
  });
});

describe('the MIME message', () => {
  it('carries both parts, encodes non-ASCII headers, and decodes back to the letter', () => {
    const letter = composeLetter({
      date: '2026-09-03',
      assessment: changed as Assessment & { previousCategory: 'A' },
      school: school({ urn: '100001', name: 'Zoë’s School' }),
      contact: contacts[0]!,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
    const mime = buildMime(letter, new Date('2026-09-03T06:00:00Z'));
    expect(mime).toContain('To: "Ann Head" <head@alpha.example>');
    expect(mime).toContain('From: "Ardenshire County Council" <si@ardenshire.example>');
    expect(mime).toMatch(/^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/m);
    expect(mime).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(mime).toContain('Content-Type: text/html; charset=UTF-8');
    const subject = /^Subject: =\?UTF-8\?B\?(.+)\?=$/m.exec(mime)![1]!;
    expect(Buffer.from(subject, 'base64').toString('utf8')).toBe(letter.subject);
    const textPart = mime.split('Content-Transfer-Encoding: base64\r\n\r\n')[1]!.split('\r\n--')[0]!;
    expect(Buffer.from(textPart.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(letter.text);
  });
});

describe('what a letter tells its reader', () => {
  const academy = school({ urn: '100001', isAcademy: true, trustName: 'Arden Learning Trust' });
  const previous: Assessment = {
    term: '2026-summer',
    urn: '100001',
    category: 'A',
    changed: false,
    methodologyId: 'default-2026',
    reasons: [
      {
        category: 'A',
        rule: 'ofsted-good',
        text: 'Ofsted judged the school good',
        evidence: 'Ofsted graded inspection, 12 May 2022: good',
      },
    ],
  };
  const improved: Assessment = {
    term: '2027-spring',
    urn: '100001',
    category: 'B',
    previousCategory: 'D',
    changed: true,
    methodologyId: 'default-2026',
    reasons: [
      {
        category: 'B',
        rule: 'new-headteacher',
        text: 'The school has a new headteacher',
        evidence: 'new headteacher since 1 Jan 2027',
      },
    ],
  };
  const wasD: Assessment = {
    term: '2026-autumn',
    urn: '100001',
    category: 'D',
    changed: true,
    methodologyId: 'default-2026',
    reasons: [
      {
        category: 'D',
        rule: 'safeguarding-not-met',
        text: 'Ofsted found safeguarding was not effective',
        evidence: 'Ofsted graded inspection, 11 Dec 2023: safeguarding not effective',
      },
    ],
  };

  it('says why the previous category no longer applies, then the new reasons, each with its date', () => {
    const [letter] = lettersForChange('2027-01-20', improved, academy, contacts, authority, DEFAULT_METHODOLOGY, {
      previous: wasD,
    }).letters;
    expect(letter!.text).toContain(
      'Why the school is no longer in category D:\n- This no longer applies: Ofsted found safeguarding was not effective (Ofsted graded inspection, 11 Dec 2023: safeguarding not effective)',
    );
    expect(letter!.text).toContain(
      'Why the school is in this category:\n- The school has a new headteacher (new headteacher since 1 Jan 2027)',
    );
    expect(letter!.html).toContain('Why the school is no longer in category D</h2>');
    // Only what placed it in its previous category is listed as resolved.
    const [again] = lettersForChange('2027-01-20', improved, academy, contacts, authority, DEFAULT_METHODOLOGY, {
      previous,
    }).letters;
    expect(again!.text).not.toContain('no longer applies');
  });

  it('names the other recipients, is dated on the letter date, signed by the signatory, and says how to challenge it', () => {
    const signed = { ...authority, signatoryName: 'Dr Ruth Adeyemi', signatoryRole: 'Head of School Improvement' };
    const { letters } = lettersForChange('2027-01-20', improved, academy, contacts, signed, DEFAULT_METHODOLOGY);
    expect(letters[0]!.text).toContain(
      'Copied to: Carl Chair, chair of governors; Tess Trust, chair of the board of Arden Learning Trust',
    );
    expect(letters[2]!.text).toContain('Copied to: Ann Head, headteacher; Carl Chair, chair of governors');
    expect(letters[0]!.text).toContain('20 Jan 2027');
    expect(letters[0]!.text).toContain(
      'Yours sincerely,\nDr Ruth Adeyemi\nHead of School Improvement\nArdenshire County Council',
    );
    expect(letters[0]!.text).toContain(
      'If you think the category is wrong, please write to the School Improvement Team at team@ardenshire.example within 20 school days',
    );
  });

  it('spells out a designation the first time, and writes lists as sentences', () => {
    const follows = whatFollows(
      'D',
      academy,
      DEFAULT_METHODOLOGY,
      {
        term: '2027-spring',
        urn: '100001',
        district: 'Ashdown',
        category: 'D',
        brokered: true,
        provider: { urn: '100002', name: 'Beta Primary', matchedWithin: 'consortium' },
        leader: { id: 'l1', name: 'Priya Taylor', designation: 'NLE' },
        visitsThisTerm: 2,
        needsAnalysisMeeting: true,
        unmet: [],
      },
      {
        term: '2027-spring',
        urn: '100001',
        district: 'Ashdown',
        category: 'D',
        status: 'opened',
        chair: { id: 'l1', name: 'Priya Taylor', designation: 'NLE' },
        needsChair: false,
      },
    );
    expect(follows[0]).toContain('Priya Taylor (National Leader of Education, NLE)');
    expect(follows.find((f) => f.startsWith('A task group'))).toContain('Priya Taylor (NLE)');
    expect(follows.at(-1)).toBe(
      "We will arrange a needs-analysis discussion with the headteacher, the chair of governors and the trust's chief executive.",
    );
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b'])).toBe('a and b');
  });
});

describe("the term's letters, composed only as they are sent", () => {
  // Five schools, URNs of six and seven digits: changes of category (one school without a chair on file), an academy
  // with its trust's chair, and a notice the ECB issued to a school whose category also changed.
  const urns = ['100001', '1000015', '100002', '100003', '100004'];
  const contactsOf = (urn: string, roles: Contact['role'][]) =>
    roles.map((role) => ({ urn, role, name: `${role} of ${urn}`, email: `${role.replace(/ /g, '-')}@${urn}.example` }));
  const schools = [
    { ...school({ urn: '100001' }), contacts: contactsOf('100001', ['headteacher', 'chair of governors']) },
    { ...school({ urn: '1000015' }), contacts: contactsOf('1000015', ['headteacher']) },
    {
      ...school({ urn: '100002', isAcademy: true, trustName: 'Arden Learning Trust' }),
      contacts: contactsOf('100002', ['headteacher', 'chair of governors', 'trust board chair']),
    },
    { ...school({ urn: '100003' }), contacts: contactsOf('100003', ['headteacher', 'chair of governors']) },
    { ...school({ urn: '100004' }), contacts: contactsOf('100004', ['headteacher', 'chair of governors']) },
  ];
  const assessments = urns.map(
    (urn): Assessment => ({
      ...changed,
      urn,
      changed: urn !== '100003',
      previousCategory: urn === '100003' ? 'C' : 'A',
    }),
  );
  const notice: WarningNotice = {
    term: '2026-autumn',
    urn: '100004',
    district: 'Ashdown',
    kind: 'warning notice',
    status: 'issued',
    concerns: ['Leadership'],
    actionRequired: ['A plan'],
    policy: 'notices-2026',
    proposedIn: '2026-autumn',
    issuedOn: '2026-09-15',
    complianceDate: '2026-12-11',
    decided: { decision: 'issue', by: 'the ECB', on: '2026-09-15', rationale: 'Two terms without impact' },
    history: [],
  };
  const copies = {
    dfeRegionalTeam: { name: 'DfE West Midlands', email: 'rst@dfe.example' },
    ofsted: { name: 'Ofsted', email: 'enquiries@ofsted.example' },
  };
  const input = {
    term: '2026-autumn',
    date: '2026-09-15',
    schools,
    assessments,
    previous: new Map(),
    support: new Map(),
    taskGroups: new Map(),
    notices: [notice],
    authority,
    methodology: DEFAULT_METHODOLOGY,
    copies,
  };

  /** Every letter composed at once and ordered by key, as notify did before it composed them school by school. */
  const everyLetter = () =>
    [
      ...schools.flatMap(
        (s) =>
          lettersForChange(
            input.date,
            assessments.find((a) => a.urn === s.urn)!,
            s,
            s.contacts,
            authority,
            DEFAULT_METHODOLOGY,
          ).letters,
      ),
      ...noticeLetters(input.date, notice, schools[4]!, schools[4]!.contacts, authority, copies).letters,
    ].sort((a, b) => (a.key < b.key ? -1 : 1));

  it('are the letters, in the order, that composing every one and sorting their keys gives, and count the missing', () => {
    const bySchool = termLetters(input);
    const all = everyLetter();
    expect(letterCount(bySchool)).toBe(all.length);
    expect(all).toHaveLength(2 + 1 + 3 + 2 + 4);
    expect(lettersBetween(bySchool, 0, all.length).map((l) => l.letter.key)).toEqual(all.map((l) => l.key));
    expect(bySchool.map((s) => [s.urn, s.count, s.missing])).toEqual([
      ['100001', 2, 0],
      ['1000015', 1, 1],
      ['100002', 3, 0],
      ['100004', 6, 0],
    ]);
    expect(lettersBetween(bySchool, 0, all.length).filter((l) => l.noticeEvent === 'issued')).toHaveLength(4);
  });

  it('compose, for any stretch of the term, only the schools whose letters fall in it', () => {
    const all = everyLetter().map((l) => l.key);
    for (let from = 0; from <= all.length; from++) {
      for (let to = from; to <= all.length; to++) {
        const composed: string[] = [];
        const bySchool = termLetters(input).map((s) => ({
          ...s,
          compose: () => {
            composed.push(s.urn);
            return s.compose();
          },
        }));
        expect(lettersBetween(bySchool, from, to).map((l) => l.letter.key)).toEqual(all.slice(from, to));
        const needed = [
          ...new Set(
            everyLetter()
              .slice(from, to)
              .map((l) => l.urn),
          ),
        ];
        expect(composed).toEqual(needed);
      }
    }
  });
});

describe('the dates a letter gives', () => {
  it('carries its own date, and its email is never dated before it (a term replayed on its scheduled day sends now, dated then)', () => {
    const letter = composeLetter({
      date: '2027-01-05',
      assessment: changed as Assessment & { previousCategory: 'A' },
      school: school({ urn: '100001' }),
      contact: contacts[0]!,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(letter.date).toBe('2027-01-05');
    expect(buildMime(letter, new Date('2026-12-07T02:03:04.000Z'))).toContain('Date: Tue, 05 Jan 2027 02:03:04 +0000');
    expect(buildMime(letter, new Date('2027-01-20T09:00:00.000Z'))).toContain('Date: Wed, 20 Jan 2027 09:00:00 +0000');
  });
});

describe('who settled the category, as the letter says it', () => {
  const letterFor = (moderation: Assessment['moderation']) =>
    composeLetter({
      date: '2026-09-03',
      assessment: { ...changed, moderation } as Assessment & { previousCategory: 'A' },
      school: school({ urn: '100001' }),
      contact: contacts[0]!,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    }).text;
  it('says the AAG agreed only where it did', () => {
    expect(letterFor({ decision: 'agree', by: 'Ashdown AAG' })).toContain(
      'Following our risk assessment for the autumn term 2026, agreed by the Area Analysis Group, the school',
    );
    const undecided = letterFor({ decision: 'undecided', by: 'no AAG decision by the deadline: the proposal stands' });
    expect(undecided).not.toMatch(/agreed by the Area Analysis Group|Area Analysis Group has decided/);
    expect(undecided).toContain(
      "The Area Analysis Group did not decide on the proposed category by its deadline, so, as the Education Challenge Board's methodology provides, the proposed category stands.",
    );
    expect(letterFor({ decision: 'undecided', by: 'x', confirmedBy: 'the Education Challenge Board' })).toContain(
      'Following our risk assessment for the autumn term 2026, confirmed by the Education Challenge Board, the school',
    );
  });

  it("gives the AAG's own reason where it decided the category itself", () => {
    const overridden = letterFor({
      decision: 'override',
      by: 'Ashdown AAG',
      rationale: 'The recovery plan is not yet working',
      decidedAt: '2026-09-10T10:00:00Z',
    });
    expect(overridden).toContain('the Area Analysis Group has decided that the school');
    expect(overridden).toContain(
      '- The Area Analysis Group decided the category: The recovery plan is not yet working (its decision of 10 Sep 2026)',
    );
  });

  it('waits, under a methodology that holds them, for a decision no AAG made; goes once the ECB confirms it, or under one that sends', () => {
    const undecided = { moderation: { decision: 'undecided' as const, by: 'x' } };
    expect(lettersWaitForDecision(undecided, DEFAULT_METHODOLOGY)).toBe(true);
    expect(lettersWaitForDecision(confirmUndecided([{ ...changed, ...undecided }])[0]!, DEFAULT_METHODOLOGY)).toBe(
      false,
    );
    expect(lettersWaitForDecision(undecided, { ...DEFAULT_METHODOLOGY, undecidedProposals: { letters: 'send' } })).toBe(
      false,
    );
    expect(lettersWaitForDecision({ moderation: { decision: 'agree', by: 'Ashdown AAG' } }, DEFAULT_METHODOLOGY)).toBe(
      false,
    );
  });
});
