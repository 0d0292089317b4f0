import { describe, expect, it } from 'vitest';
import { assessSchool } from '../../functions/core/assessment/categorisation';
import {
  applyEcbNoticeDecisions,
  ECB_DECISIONS_HEADERS,
  ecbQuestionsCsv,
  noticesAsIntelligence,
  proposeWarningNotices,
  readEcbDecisions,
  type WarningNotice,
} from '../../functions/core/intervention/warning-notices';
import { letterFileName } from '../../functions/core/letters/letters';
import { noticeLetters } from '../../functions/core/letters/notice-letters';
import { readRows } from '../../functions/core/sheets';
import type { Assessment, Contact, School, TaskGroupReport } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, keyJudgements, school } from '../builders';

const policy = DEFAULT_METHODOLOGY.warningNotices!;
const authority = {
  name: 'Ardenshire County Council',
  senderAddress: 'si@ardenshire.example',
  replyToAddress: 'team@ardenshire.example',
  contactName: 'School Improvement Team',
  contactPhone: '01632 960000',
  signatoryName: 'Dr Ruth Adeyemi',
  signatoryRole: 'Head of School Improvement',
};
const copies = {
  dfeRegionalTeam: { name: 'DfE West Midlands regional team', email: 'rt@dfe.example' },
  ofsted: { name: 'Ofsted, West Midlands region', email: 'wm@ofsted.example' },
};
const maintained = school({ urn: '100001', name: 'Southam Moor Primary School' });
const academy = school({
  urn: '100002',
  name: 'Fernhill Academy',
  isAcademy: true,
  trustName: 'Arden Learning Trust',
  typeGroup: 'Academies',
});
const contacts: Contact[] = [
  { urn: '100001', role: 'headteacher', name: 'Ms Priya Shah', email: 'head@southam.example' },
  { urn: '100001', role: 'chair of governors', name: 'Mr Tom Reed', email: 'chair@southam.example' },
];

const report = (
  urn: string,
  term: string,
  impact: TaskGroupReport['impact'],
  summary = 'Key actions overdue',
): TaskGroupReport => ({ urn, term, impact, summary });
/** A school inadequate in quality of education and leadership: category D by the default methodology. */
const inD = (s: School, term = '2026-autumn'): Assessment =>
  assessSchool(
    {
      school: s,
      inspections: [keyJudgements(s.urn, [4, 3, 3, 4], '2025-10-23')],
      intelligence: [],
      taskGroupReports: [],
      performance: [],
    },
    DEFAULT_METHODOLOGY,
    term,
    '2026-09-03',
    undefined,
  );
const inC = (s: School): Assessment =>
  assessSchool(
    {
      school: s,
      inspections: [keyJudgements(s.urn, [3, 3, 2, 3], '2025-10-23')],
      intelligence: [],
      taskGroupReports: [],
      performance: [],
    },
    DEFAULT_METHODOLOGY,
    '2026-autumn',
    '2026-09-03',
    undefined,
  );
const twoTermsInsufficient = (urn: string) => [
  report(urn, '2026-spring', 'insufficient', 'The plan has not been followed'),
  report(urn, '2026-summer', 'insufficient', 'Key actions overdue again'),
];

function autumn(extra: Partial<Parameters<typeof proposeWarningNotices>[0]> = {}) {
  return proposeWarningNotices({
    term: '2026-autumn',
    termStart: '2026-09-03',
    schools: [maintained, academy],
    assessments: [inD(maintained), inD(academy)],
    reports: [...twoTermsInsufficient('100001'), ...twoTermsInsufficient('100002')],
    previous: [],
    policy,
    ...extra,
  });
}

describe('warning notices: what the cycle proposes', () => {
  it('proposes a notice to a maintained school in D with two terms of insufficient impact, and refers an academy to the DfE instead', () => {
    const [notice, referral] = autumn();
    expect(notice).toMatchObject({
      urn: '100001',
      kind: 'warning notice',
      status: 'proposed',
      question: 'issue a warning notice',
      policy: 'notices-2026',
      proposedIn: '2026-autumn',
    });
    expect(notice!.concerns).toEqual([
      'Ofsted judged a key area inadequate (Ofsted graded inspection with key judgements and no overall grade, 23 Oct 2025: quality of education inadequate; leadership and management inadequate)',
      'The task group found the impact of support insufficient in the spring term 2026: The plan has not been followed',
      'The task group found the impact of support insufficient in the summer term 2026: Key actions overdue again',
    ]);
    expect(notice!.actionRequired).toEqual(policy.actionRequired);
    expect(referral).toMatchObject({
      urn: '100002',
      kind: 'DfE referral',
      status: 'proposed',
      question: 'refer the academy to the DfE',
    });
  });

  it('proposes nothing when one of the last two reports found the impact adequate, when the school is not in D, or without a policy', () => {
    const adequate = [report('100001', '2026-spring', 'insufficient'), report('100001', '2026-summer', 'adequate')];
    expect(autumn({ schools: [maintained], reports: adequate })).toEqual([]);
    expect(autumn({ schools: [maintained], reports: [report('100001', '2026-summer', 'insufficient')] })).toEqual([]);
    expect(autumn({ schools: [maintained], assessments: [inC(maintained)] })).toEqual([]);
    expect(autumn({ policy: undefined })).toEqual([]);
  });
});

describe("warning notices: the ECB's decisions", () => {
  const on = '2026-09-15';

  it('issues a notice with the compliance date the ECB set, or the policy default, and closes one it does not issue', () => {
    const set = applyEcbNoticeDecisions(
      autumn(),
      [
        { urn: '100001', decision: 'issue', complianceDate: '2026-12-11', rationale: 'Two terms without impact' },
        { urn: '100002', decision: 'do not refer', rationale: 'The trust has a credible plan' },
      ],
      { on, by: 'the ECB', complianceDays: 30 },
    );
    expect(set.problems).toEqual([]);
    expect(set.notices[0]).toMatchObject({
      status: 'issued',
      issuedOn: on,
      complianceDate: '2026-12-11',
      decided: { decision: 'issue', by: 'the ECB', rationale: 'Two terms without impact' },
    });
    expect(set.notices[0]!.question).toBeUndefined();
    expect(set.notices[0]!.history.at(-1)).toEqual({
      term: '2026-autumn',
      on,
      what: 'the ECB issued the warning notice; compliance date 11 Dec 2026',
      by: 'the ECB',
      rationale: 'Two terms without impact',
    });
    expect(set.notices[1]).toMatchObject({ status: 'not referred', closedIn: '2026-autumn' });
    const byDefault = applyEcbNoticeDecisions(autumn(), [{ urn: '100001', decision: 'issue', rationale: 'r' }], {
      on,
      by: 'the ECB',
      complianceDays: 30,
    });
    expect(byDefault.notices[0]!.complianceDate).toBe('2026-10-15');
  });

  it('names a decision that does not answer the question, or a school it was not asked about, and applies neither', () => {
    const outcome = applyEcbNoticeDecisions(
      autumn(),
      [
        { urn: '100001', decision: 'withdraw', rationale: 'r' },
        { urn: '100009', decision: 'issue', rationale: 'r' },
      ],
      { on, by: 'the ECB', complianceDays: 30 },
    );
    expect(outcome.problems).toEqual([
      'URN 100009: the ECB decided "issue", but it was asked nothing about this school this term; not applied',
      'URN 100001: "withdraw" does not answer "issue a warning notice" (expected issue or do not issue); the question stays open',
    ]);
    expect(outcome.notices[0]).toMatchObject({ status: 'proposed', question: 'issue a warning notice' });
  });

  it('keeps what the ECB decided when the term is run again: the same decision changes nothing, another is refused', () => {
    const decided = applyEcbNoticeDecisions(autumn(), [{ urn: '100001', decision: 'issue', rationale: 'r' }], {
      on,
      by: 'the ECB',
      complianceDays: 30,
    }).notices;
    const rerun = autumn({ decidedThisTerm: decided });
    expect(rerun[0]).toEqual(decided[0]);
    expect(
      applyEcbNoticeDecisions(rerun, [{ urn: '100001', decision: 'issue', rationale: 'r' }], {
        on: '2026-09-20',
        by: 'the ECB',
        complianceDays: 30,
      }),
    ).toEqual({ notices: rerun, problems: [] });
    expect(
      applyEcbNoticeDecisions(rerun, [{ urn: '100001', decision: 'do not issue', rationale: 'r' }], {
        on,
        by: 'the ECB',
        complianceDays: 30,
      }).problems,
    ).toEqual(['URN 100001: the ECB already decided "issue" this term; "do not issue" is not applied']);
  });
});

describe('warning notices: compliance, escalation and withdrawal', () => {
  const issued = applyEcbNoticeDecisions(
    autumn({ schools: [maintained] }),
    [{ urn: '100001', decision: 'issue', complianceDate: '2026-12-11', rationale: 'r' }],
    { on: '2026-09-15', by: 'the ECB', complianceDays: 30 },
  ).notices;
  const spring = (impact: TaskGroupReport['impact'], termStart = '2027-01-05') =>
    proposeWarningNotices({
      term: '2027-spring',
      termStart,
      schools: [maintained],
      assessments: [inD(maintained, '2027-spring')],
      reports: [report('100001', '2026-autumn', impact, 'Actions from the notice not completed')],
      previous: issued,
      policy,
    });

  it('flags a notice not complied with by its date to the ECB, and escalates it when the ECB decides so', () => {
    const [notice] = spring('insufficient');
    expect(notice).toMatchObject({ term: '2027-spring', status: 'not complied', question: 'not complied: escalate' });
    expect(notice!.decided).toBeUndefined();
    expect(notice!.history.at(-1)).toEqual({
      term: '2027-spring',
      on: '2027-01-05',
      what: 'not complied with by 11 Dec 2026: flagged to the ECB for the next step',
      by: 'the cycle, by the warning-notice policy',
      rationale:
        'The task group found the impact of support insufficient in the autumn term 2026: Actions from the notice not completed',
    });
    const escalated = applyEcbNoticeDecisions(
      [notice!],
      [{ urn: '100001', decision: 'escalate', rationale: 'Propose an IEB' }],
      { on: '2027-01-14', by: 'the ECB', complianceDays: 30 },
    ).notices[0]!;
    expect(escalated.status).toBe('escalated');
    // Still in force, and not complied with: category D, and eligible for intervention.
    const records = noticesAsIntelligence([escalated]);
    expect(records.map((r) => [r.date, r.status])).toEqual([
      ['2026-12-11', 'not complied'],
      ['2027-01-05', 'issued'],
    ]);
    const assessed = assessSchool(
      { school: maintained, inspections: [], intelligence: records, taskGroupReports: [], performance: [] },
      DEFAULT_METHODOLOGY,
      '2027-summer',
      '2027-04-20',
      undefined,
    );
    expect(assessed.category).toBe('D');
    expect(assessed.flags?.map((f) => f.flag)).toContain('eligible for intervention');
  });

  it('asks the ECB to withdraw a notice whose task group finds the impact strong, and closes it when it does', () => {
    const [notice] = spring('strong');
    expect(notice).toMatchObject({ status: 'issued', question: 'withdraw the notice' });
    const withdrawn = applyEcbNoticeDecisions(
      [notice!],
      [{ urn: '100001', decision: 'withdraw', rationale: 'The school has complied' }],
      { on: '2027-01-14', by: 'the ECB', complianceDays: 30 },
    ).notices[0]!;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', closedIn: '2027-spring' });
    expect(noticesAsIntelligence([withdrawn]).map((r) => [r.date, r.status])).toEqual([['2027-01-14', 'withdrawn']]);
  });

  it('asks nothing while the compliance date has not passed, and an unanswered question is asked again', () => {
    expect(spring('insufficient', '2026-12-01')[0]).toMatchObject({ status: 'issued' });
    expect(spring('insufficient', '2026-12-01')[0]!.question).toBeUndefined();
    const unanswered = proposeWarningNotices({
      term: '2027-spring',
      termStart: '2027-01-05',
      schools: [maintained],
      assessments: [inD(maintained)],
      reports: twoTermsInsufficient('100001'),
      previous: autumn({ schools: [maintained] }),
      policy,
    });
    expect(unanswered[0]).toMatchObject({
      status: 'proposed',
      question: 'issue a warning notice',
      proposedIn: '2026-autumn',
    });
  });
});

describe("the ECB's sheet", () => {
  it('lists each question with its evidence and a proposed compliance date, and reads back the decisions filled in', () => {
    const csv = ecbQuestionsCsv(autumn(), [maintained, academy], { letterDate: '2026-09-15', complianceDays: 30 });
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(ECB_DECISIONS_HEADERS.join(','));
    expect(lines[1]).toMatch(
      /^100001,Southam Moor Primary School,Ashdown,maintained,issue a warning notice,"Ofsted judged a key area inadequate .*; The task group found the impact of support insufficient in the summer term 2026: Key actions overdue again",/,
    );
    expect(lines[1]).toMatch(/,,15\/10\/2026,,$/);
    const filled = csv.replace(',,15/10/2026,,', ',issue,11/12/2026,Two terms without impact,"ECB, 15 Sep 2026"');
    const { decisions, rejected } = readEcbDecisions(
      'ecb-decisions.csv',
      readRows('ecb-decisions.csv', new TextEncoder().encode(filled)),
    );
    expect(rejected).toEqual([]);
    // The academy's row was left blank: not decided, asked again next term.
    expect(decisions).toEqual([
      {
        urn: '100001',
        decision: 'issue',
        complianceDate: '2026-12-11',
        rationale: 'Two terms without impact',
        decidedBy: 'ECB, 15 Sep 2026',
      },
    ]);
  });

  it('rejects a row it cannot use, naming the file, row, column, value and what was expected', () => {
    const sheet = [
      ECB_DECISIONS_HEADERS.join(','),
      '100001,,,,,,,maybe,,A reason,',
      '100002,,,,,,,issue,,,',
      '100003,,,,,,,extend,,Longer,',
    ].join('\n');
    const { decisions, rejected } = readEcbDecisions(
      'ecb-decisions.csv',
      readRows('ecb-decisions.csv', new TextEncoder().encode(sheet)),
    );
    expect(decisions).toEqual([]);
    expect(rejected).toEqual([
      {
        file: 'ecb-decisions.csv',
        row: 2,
        column: 'Decision',
        value: 'maybe',
        expected: 'one of issue, do not issue, refer, do not refer, escalate, extend, withdraw, keep in force',
      },
      {
        file: 'ecb-decisions.csv',
        row: 3,
        column: 'Rationale',
        value: '',
        expected: "the ECB's reason for its decision",
      },
      {
        file: 'ecb-decisions.csv',
        row: 4,
        column: 'Compliance date',
        value: '',
        expected: 'the new compliance date, to extend',
      },
    ]);
  });
});

describe("the ECB's compliance date", () => {
  const asked = () => [{ ...autumn()[0]!, question: 'issue a warning notice' as const }];
  const decide = (complianceDate: string) =>
    applyEcbNoticeDecisions(asked(), [{ urn: '100001', decision: 'issue', complianceDate, rationale: 'r' }], {
      on: '2026-12-20',
      by: 'the ECB',
      complianceDays: 30,
      minimumComplianceDays: 21,
    });
  it('is refused when it leaves the notice less than the days its actions need, with a clear message, and the question stays open', () => {
    const early = decide('2026-12-11');
    expect(early.problems).toEqual([
      "URN 100001: the compliance date 11 Dec 2026 leaves less than the 21 days the notice's actions need after its date (20 Dec 2026): the earliest it can be is 10 Jan 2027; the question stays open",
    ]);
    expect(early.notices[0]).toMatchObject({ status: 'proposed', question: 'issue a warning notice' });
    expect(early.notices[0]?.issuedOn).toBeUndefined();
    // The earliest date stands, as does the policy's own default.
    expect(decide('2027-01-10').notices[0]).toMatchObject({
      status: 'issued',
      issuedOn: '2026-12-20',
      complianceDate: '2027-01-10',
    });
    expect(
      applyEcbNoticeDecisions(asked(), [{ urn: '100001', decision: 'issue', rationale: 'r' }], {
        on: '2026-12-20',
        by: 'the ECB',
        complianceDays: 30,
        minimumComplianceDays: 21,
      }).notices[0]?.complianceDate,
    ).toBe('2027-01-19');
  });

  it('is refused for an extension that is no later than the date it extends', () => {
    const inForce = {
      ...autumn()[0]!,
      status: 'not complied' as const,
      question: 'not complied: escalate' as const,
      issuedOn: '2026-09-03',
      complianceDate: '2026-12-11',
    };
    const { problems } = applyEcbNoticeDecisions(
      [inForce],
      [{ urn: '100001', decision: 'extend', complianceDate: '2026-12-01', rationale: 'r' }],
      { on: '2027-01-05', by: 'the ECB', complianceDays: 30 },
    );
    expect(problems).toEqual([
      'URN 100001: the new compliance date 1 Dec 2026 is not later than the date it replaces (11 Dec 2026); the question stays open',
    ]);
  });
});

describe("a warning notice's letters", () => {
  const decide = (
    notices: WarningNotice[],
    decision: 'issue' | 'refer',
    rationale = 'Two terms of insufficient impact',
  ) =>
    applyEcbNoticeDecisions(
      notices,
      notices.map((n) => ({
        urn: n.urn,
        decision: n.kind === 'DfE referral' ? 'refer' : decision,
        complianceDate: '2026-12-11',
        rationale,
      })),
      { on: '2026-09-15', by: 'the ECB', complianceDays: 30 },
    ).notices;
  const [issued, referred] = decide(autumn(), 'issue');

  it('writes the notice to the governing body through its chair, copied to the headteacher, the DfE regional team and Ofsted, word for word', () => {
    const { letters, missing } = noticeLetters('2026-09-15', issued!, maintained, contacts, authority, copies);
    expect(missing).toEqual([]);
    expect(letters.map((l) => [l.role, l.to.email])).toEqual([
      ['chair of governors', 'chair@southam.example'],
      ['headteacher', 'head@southam.example'],
      ['DfE regional team', 'rt@dfe.example'],
      ['Ofsted', 'wm@ofsted.example'],
    ]);
    expect(letters[0]!.subject).toBe('Southam Moor Primary School: formal warning notice');
    expect(letters[0]!.text).toBe(
      [
        'Ardenshire County Council',
        '15 Sep 2026',
        '',
        'Dear Mr Tom Reed,',
        '',
        'Southam Moor Primary School (URN 100001)',
        '',
        'Formal warning notice (section 60 of the Education and Inspections Act 2006)',
        '',
        'The Education Challenge Board has agreed that the local authority gives the governing body of Southam Moor Primary School this formal warning notice. The Board is concerned that, without the action set out below, standards at the school are likely to remain unacceptably low.',
        '',
        'The concerns:',
        ...issued!.concerns.map((c) => `- ${c}`),
        '',
        'The action the governing body must take:',
        '- Agree with the local authority, within ten school days of this notice, an action plan that addresses each concern above, with dated milestones',
        "- Take up the support the Area Analysis Group has brokered, and make the school's leaders available to the task group at each meeting",
        '- Report progress against the plan to the full governing body at each meeting, and send the minutes to the local authority',
        '',
        'The governing body must comply with this notice by 11 Dec 2026.',
        '',
        "If the school has not complied by that date, the Education Challenge Board will consider the local authority's next steps, which may include appointing an Interim Executive Board or suspending the school's right to a delegated budget.",
        '',
        "The governing body may make representations about this notice to the School Improvement Team at team@ardenshire.example or on 01632 960000. The support the Area Analysis Group has brokered continues, and the task group will report on the school's progress against this notice.",
        '',
        'Yours sincerely,',
        'Dr Ruth Adeyemi',
        'Head of School Improvement',
        'Ardenshire County Council',
        '',
        "Copied to: Ms Priya Shah, headteacher; DfE West Midlands regional team (the DfE's regional team); Ofsted, West Midlands region (Ofsted)",
        '',
        'This letter is confidential to the school, its governors, the local authority and those it is copied to.',
        '',
      ].join('\n'),
    );
    // Every copy is the same letter to the governing body's chair, saying why its reader has it: never "Dear
    // <headteacher>".
    expect(letters[1]!.text).toContain('Dear Mr Tom Reed,\n');
    expect(letters[1]!.text).toContain("You are receiving a copy as the school's headteacher.");
    expect(letters[0]!.text).not.toContain('receiving a copy');
    expect(letters[3]!.text).toContain('Dear Mr Tom Reed,\n');
    expect(letters[3]!.text).toContain(
      'You are receiving a copy as Ofsted, as the statutory guidance on support and intervention in schools asks.',
    );
    expect(letters.every((l) => !l.text.includes('Dear Ms Priya Shah'))).toBe(true);
    expect(letters[0]!.html).toContain(
      '<h1 style="font-size: 1.2em">Formal warning notice (section 60 of the Education and Inspections Act 2006)</h1>',
    );
  });

  it('gives each letter a key of its own that a rerun reproduces, and a file name apart from the category letters', () => {
    const first = noticeLetters('2026-09-15', issued!, maintained, contacts, authority, copies).letters.map(
      (l) => l.key,
    );
    const again = noticeLetters('2026-09-20', issued!, maintained, contacts, authority, copies).letters.map(
      (l) => l.key,
    );
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(4);
    expect(first[1]).toMatch(/^2026-autumn#100001#warning-notice-issued#headteacher#[0-9a-f]{16}$/);
    expect(letterFileName({ urn: '100001', role: 'headteacher', key: first[1] })).toBe(
      '100001-warning-notice-issued-headteacher.eml',
    );
  });

  it("refers an academy to the DfE's regional team only, with the evidence and the ECB's reason", () => {
    const { letters, missing } = noticeLetters('2026-09-15', referred!, academy, [], authority, copies);
    expect(missing).toEqual([]);
    expect(letters.map((l) => l.role)).toEqual(['DfE regional team']);
    expect(letters[0]!.subject).toBe("Fernhill Academy (URN 100002): an academy referred to the DfE's regional team");
    expect(letters[0]!.text).toContain(
      "The local authority cannot give an academy a formal warning notice. The Education Challenge Board refers Fernhill Academy, an academy in Arden Learning Trust, to the DfE's regional team, with the evidence below, for the action the Department considers right.\n\nThe Board's reason: Two terms of insufficient impact.",
    );
    expect(letters[0]!.text).toContain('The evidence:\n- Ofsted judged a key area inadequate');
    expect(letters[0]!.text).not.toContain('receiving a copy');
    expect(letters[0]!.text).toContain(
      'This letter is confidential to the local authority and the Department for Education.',
    );
  });

  it("is the headteacher's copy in HTML, and the referral and withdrawal whole", () => {
    const { letters } = noticeLetters('2026-09-15', issued!, maintained, contacts, authority, copies);
    expect(letters[1]!.html.split('\n')).toEqual([
      '<!doctype html>',
      '<html lang="en-GB"><head><meta charset="utf-8"><title>Southam Moor Primary School: formal warning notice</title></head>',
      '<body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em">',
      '<p style="font-weight: bold; color: #1d70b8">Ardenshire County Council</p>',
      '<p>15 Sep 2026</p>',
      '<p>Dear Mr Tom Reed,</p>',
      '<p><strong>Southam Moor Primary School</strong> (URN 100001)</p>',
      '<h1 style="font-size: 1.2em">Formal warning notice (section 60 of the Education and Inspections Act 2006)</h1><p>The Education Challenge Board has agreed that the local authority gives the governing body of Southam Moor Primary School this formal warning notice. The Board is concerned that, without the action set out below, standards at the school are likely to remain unacceptably low.</p>',
      '<p>You are receiving a copy as the school&#39;s headteacher.</p>',
      '<h2 style="font-size: 1.1em">The concerns</h2><ul><li>Ofsted judged a key area inadequate (Ofsted graded inspection with key judgements and no overall grade, 23 Oct 2025: quality of education inadequate; leadership and management inadequate)</li><li>The task group found the impact of support insufficient in the spring term 2026: The plan has not been followed</li><li>The task group found the impact of support insufficient in the summer term 2026: Key actions overdue again</li></ul><h2 style="font-size: 1.1em">The action the governing body must take</h2><ul><li>Agree with the local authority, within ten school days of this notice, an action plan that addresses each concern above, with dated milestones</li><li>Take up the support the Area Analysis Group has brokered, and make the school&#39;s leaders available to the task group at each meeting</li><li>Report progress against the plan to the full governing body at each meeting, and send the minutes to the local authority</li></ul>',
      '<p>The governing body must comply with this notice by 11 Dec 2026.</p><p>If the school has not complied by that date, the Education Challenge Board will consider the local authority&#39;s next steps, which may include appointing an Interim Executive Board or suspending the school&#39;s right to a delegated budget.</p><p>The governing body may make representations about this notice to the School Improvement Team at team@ardenshire.example or on 01632 960000. The support the Area Analysis Group has brokered continues, and the task group will report on the school&#39;s progress against this notice.</p>',
      '<p>Yours sincerely,<br>Dr Ruth Adeyemi<br>Head of School Improvement<br>Ardenshire County Council</p>',
      '<p>Copied to: Mr Tom Reed, chair of governors; DfE West Midlands regional team (the DfE&#39;s regional team); Ofsted, West Midlands region (Ofsted)</p>',
      '<p style="font-size: 0.85em; color: #505a5f">This letter is confidential to the school, its governors, the local authority and those it is copied to.</p>',
      '</body></html>',
      '',
    ]);
    const referral = noticeLetters('2026-09-15', referred!, academy, [], authority, copies).letters[0]!;
    expect(referral.text.split('\n')).toEqual([
      'Ardenshire County Council',
      '15 Sep 2026',
      '',
      'Dear colleagues,',
      '',
      'Fernhill Academy (URN 100002)',
      '',
      "The local authority cannot give an academy a formal warning notice. The Education Challenge Board refers Fernhill Academy, an academy in Arden Learning Trust, to the DfE's regional team, with the evidence below, for the action the Department considers right.",
      '',
      "The Board's reason: Two terms of insufficient impact.",
      '',
      'The evidence:',
      '- Ofsted judged a key area inadequate (Ofsted graded inspection with key judgements and no overall grade, 23 Oct 2025: quality of education inadequate; leadership and management inadequate)',
      '- The task group found the impact of support insufficient in the spring term 2026: The plan has not been followed',
      '- The task group found the impact of support insufficient in the summer term 2026: Key actions overdue again',
      '',
      "The authority's Area Analysis Group continues to broker support for the school where the trust agrees. For more information, please contact the School Improvement Team at team@ardenshire.example or on 01632 960000.",
      '',
      'Yours sincerely,',
      'Dr Ruth Adeyemi',
      'Head of School Improvement',
      'Ardenshire County Council',
      '',
      'This letter is confidential to the local authority and the Department for Education.',
      '',
    ]);
    expect(referral.html.split('\n')).toEqual([
      '<!doctype html>',
      '<html lang="en-GB"><head><meta charset="utf-8"><title>Fernhill Academy (URN 100002): an academy referred to the DfE&#39;s regional team</title></head>',
      '<body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em">',
      '<p style="font-weight: bold; color: #1d70b8">Ardenshire County Council</p>',
      '<p>15 Sep 2026</p>',
      '<p>Dear colleagues,</p>',
      '<p><strong>Fernhill Academy</strong> (URN 100002)</p>',
      '<p>The local authority cannot give an academy a formal warning notice. The Education Challenge Board refers Fernhill Academy, an academy in Arden Learning Trust, to the DfE&#39;s regional team, with the evidence below, for the action the Department considers right.</p><p>The Board&#39;s reason: Two terms of insufficient impact.</p>',
      '',
      '<h2 style="font-size: 1.1em">The evidence</h2><ul><li>Ofsted judged a key area inadequate (Ofsted graded inspection with key judgements and no overall grade, 23 Oct 2025: quality of education inadequate; leadership and management inadequate)</li><li>The task group found the impact of support insufficient in the spring term 2026: The plan has not been followed</li><li>The task group found the impact of support insufficient in the summer term 2026: Key actions overdue again</li></ul>',
      '<p>The authority&#39;s Area Analysis Group continues to broker support for the school where the trust agrees. For more information, please contact the School Improvement Team at team@ardenshire.example or on 01632 960000.</p>',
      '<p>Yours sincerely,<br>Dr Ruth Adeyemi<br>Head of School Improvement<br>Ardenshire County Council</p>',
      '',
      '<p style="font-size: 0.85em; color: #505a5f">This letter is confidential to the local authority and the Department for Education.</p>',
      '</body></html>',
      '',
    ]);
  });

  it('writes the withdrawal to the same people, and names the recipients with no address', () => {
    const withdrawn = applyEcbNoticeDecisions(
      [{ ...issued!, term: '2027-spring', decided: undefined, question: 'withdraw the notice' } as WarningNotice],
      [{ urn: '100001', decision: 'withdraw', rationale: 'The school has complied with the notice' }],
      { on: '2027-01-14', by: 'the ECB', complianceDays: 30 },
    ).notices[0]!;
    const { letters, missing } = noticeLetters('2027-01-14', withdrawn, maintained, contacts.slice(0, 1), authority, {
      ofsted: copies.ofsted,
    });
    expect(missing).toEqual(['chair of governors', 'DfE regional team']);
    expect(letters.map((l) => l.role)).toEqual(['headteacher', 'Ofsted']);
    // With no chair on file it is still the governing body's letter, addressed to the office.
    expect(letters[0]!.text).toContain('Dear Chair of the governing body,\n');
    expect(letters[0]!.text).toContain("You are receiving a copy as the school's headteacher.");
    expect(letters[0]!.subject).toBe('Southam Moor Primary School: formal warning notice withdrawn');
    expect(letters[0]!.text).toContain(
      "The Education Challenge Board has withdrawn the formal warning notice given to the governing body of Southam Moor Primary School on 15 Sep 2026.\n\nThe Board's reason: The school has complied with the notice.",
    );
    expect(letters[0]!.key).toMatch(/^2027-spring#100001#warning-notice-withdrawn#headteacher#/);
    expect(letters[0]!.text).toContain(
      "\n\nThe school's category is reviewed at each term's risk assessment as usual. If you have questions, please contact the School Improvement Team at team@ardenshire.example or on 01632 960000.\n\nYours sincerely,",
    );
    expect(letters[0]!.html).toContain(
      '<p>You are receiving a copy as the school&#39;s headteacher.</p>\n\n<p>The school&#39;s category is reviewed at each term&#39;s risk assessment as usual.',
    );
    // No letter for a notice the ECB escalated or kept: only issue, withdraw and refer write.
    expect(
      noticeLetters(
        '2027-01-14',
        { ...withdrawn, decided: { ...withdrawn.decided!, decision: 'escalate' } },
        maintained,
        contacts,
        authority,
        copies,
      ).letters,
    ).toEqual([]);
  });
});
