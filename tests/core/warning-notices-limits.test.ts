/**
 * Warning notices at their edges: the intelligence a notice becomes (issued, not complied, withdrawn; a referral or a
 * proposal none), each summary word for word; a compliance date the ECB gives, refused on the day it replaces or the
 * day it decides and taken the day after; the ECB's decisions applied (an extension with no date refused, a notice
 * kept in force with or without a new date, closed only when its status closes); and the carrying of last term's
 * notices (a compliance date passed only the day after it, an escalated notice judged too, a report of another school
 * or from before the notice never read).
 */
import { describe, expect, it } from 'vitest';
import {
  applyEcbNoticeDecisions,
  complianceDateTooSoon,
  ecbQuestionsCsv,
  noticesAsIntelligence,
  openNotices,
  proposeWarningNotices,
  type WarningNotice,
} from '../../functions/core/intervention/warning-notices';
import type { Assessment, TaskGroupReport } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school } from '../builders';

const URN = '100001';
const notice = (over: Partial<WarningNotice> = {}): WarningNotice => ({
  term: '2026-autumn',
  urn: URN,
  district: 'Ashdown',
  kind: 'warning notice',
  status: 'issued',
  concerns: ['Inadequate'],
  actionRequired: ['Agree a plan'],
  policy: 'notices-2026',
  proposedIn: '2026-summer',
  issuedOn: '2026-06-01',
  complianceDate: '2026-07-01',
  history: [],
  ...over,
});
/** The school in category D this autumn. */
const inD: Assessment = {
  term: '2026-autumn',
  urn: URN,
  category: 'D',
  reasons: [],
  changed: false,
  methodologyId: 'default-2026',
};
const event = (what: string, on: string) => ({ term: '2026-summer', on, what, by: 'ECB' });

describe('a notice as intelligence', () => {
  it('is in force from its date, to comply by its compliance date where it has one', () => {
    expect(noticesAsIntelligence([notice()])).toEqual([
      {
        urn: URN,
        type: 'warning notice',
        date: '2026-06-01',
        status: 'issued',
        summary: 'Warning notice issued by the ECB on 1 Jun 2026, to comply by 1 Jul 2026',
      },
    ]);
    expect(noticesAsIntelligence([notice({ complianceDate: undefined })])[0]!.summary).toBe(
      'Warning notice issued by the ECB on 1 Jun 2026',
    );
  });

  it('is nothing for a referral or a notice not yet issued', () => {
    expect(
      noticesAsIntelligence([notice({ kind: 'DfE referral' }), notice({ issuedOn: undefined, status: 'proposed' })]),
    ).toEqual([]);
  });

  it('is not complied with from its compliance date, and still in force from the day that was found', () => {
    const notComplied = notice({
      status: 'not complied',
      history: [
        event('the ECB issued the warning notice', '2026-06-01'),
        event('not complied with by 1 Jul 2026: flagged', '2026-09-03'),
      ],
    });
    expect(noticesAsIntelligence([notComplied])).toEqual([
      {
        urn: URN,
        type: 'warning notice',
        date: '2026-07-01',
        status: 'not complied',
        summary: 'Warning notice of 1 Jun 2026 not complied with by 1 Jul 2026',
      },
      {
        urn: URN,
        type: 'warning notice',
        date: '2026-09-03',
        status: 'issued',
        summary: 'Warning notice issued by the ECB on 1 Jun 2026, to comply by 1 Jul 2026',
      },
    ]);
  });

  it('is withdrawn from the day the ECB withdrew it, whatever is recorded after', () => {
    const withdrawn = notice({
      status: 'withdrawn',
      history: [event('the ECB withdrew the warning notice', '2026-10-02'), event('a note', '2026-11-01')],
    });
    expect(noticesAsIntelligence([withdrawn])).toEqual([
      {
        urn: URN,
        type: 'warning notice',
        date: '2026-10-02',
        status: 'withdrawn',
        summary: 'Warning notice of 1 Jun 2026 withdrawn by the ECB',
      },
    ]);
  });
});

describe('a compliance date the ECB gives', () => {
  const on = '2026-10-01';
  it('must be after the notice is given, where the policy sets no minimum', () => {
    expect(complianceDateTooSoon({}, { decision: 'issue', complianceDate: on }, { on })).toBe(
      "the compliance date 1 Oct 2026 is not after the notice's own date (1 Oct 2026)",
    );
    expect(complianceDateTooSoon({}, { decision: 'issue', complianceDate: '2026-10-02' }, { on })).toBeUndefined();
    expect(complianceDateTooSoon({}, { decision: 'issue' }, { on })).toBeUndefined();
  });

  it('must, for an extension or a notice kept in force, be later than the date it replaces and than today', () => {
    for (const decision of ['extend', 'keep in force'] as const) {
      expect(
        complianceDateTooSoon({ complianceDate: '2026-11-01' }, { decision, complianceDate: '2026-11-01' }, { on }),
      ).toBe('the new compliance date 1 Nov 2026 is not later than the date it replaces (1 Nov 2026)');
      expect(
        complianceDateTooSoon({ complianceDate: '2026-11-01' }, { decision, complianceDate: '2026-11-02' }, { on }),
      ).toBeUndefined();
      expect(complianceDateTooSoon({ complianceDate: '2026-09-01' }, { decision, complianceDate: on }, { on })).toBe(
        'the new compliance date 1 Oct 2026 is not after the day the ECB decides (1 Oct 2026)',
      );
    }
    expect(
      complianceDateTooSoon(
        { complianceDate: '2026-11-01' },
        { decision: 'withdraw', complianceDate: '2026-01-01' },
        { on },
      ),
    ).toBeUndefined();
  });
});

describe("the ECB's decisions applied", () => {
  const context = { on: '2026-10-01', by: 'ECB', complianceDays: 30 };
  const asked = (question: WarningNotice['question'], over: Partial<WarningNotice> = {}) =>
    notice({ question, ...over });

  it('refuse an extension with no date, and a decision on a school asked nothing', () => {
    const { notices, problems } = applyEcbNoticeDecisions(
      [asked('not complied: escalate', { status: 'not complied' }), notice({ urn: '100002' })],
      [
        { urn: URN, decision: 'extend', rationale: 'More time' },
        { urn: '100002', decision: 'withdraw', rationale: 'Improved' },
      ],
      context,
    );
    expect(problems).toEqual([
      'URN 100002: the ECB decided "withdraw", but it was asked nothing about this school this term; not applied',
      'URN 100001: "extend" needs the new compliance date; the question stays open',
    ]);
    expect(notices[0]).toMatchObject({ status: 'not complied', question: 'not complied: escalate' });
    expect(notices[0]!.decided).toBeUndefined();
  });

  it('keep a notice in force with a new date, or with its own, and close only a notice whose status closes', () => {
    const keep = (complianceDate?: string) =>
      applyEcbNoticeDecisions(
        [asked('withdraw the notice')],
        [{ urn: URN, decision: 'keep in force', rationale: 'Not yet', ...(complianceDate ? { complianceDate } : {}) }],
        context,
      ).notices[0]!;
    expect(keep('2026-12-01')).toMatchObject({ status: 'issued', complianceDate: '2026-12-01' });
    expect(keep('2026-12-01').history.at(-1)!.what).toBe(
      'the ECB kept the warning notice in force; compliance date 1 Dec 2026',
    );
    expect(keep()).toMatchObject({ status: 'issued', complianceDate: '2026-07-01' });
    expect(keep().history.at(-1)!.what).toBe('the ECB kept the warning notice in force; compliance date 1 Jul 2026');
    expect(keep().closedIn).toBeUndefined();
    const withdrawn = applyEcbNoticeDecisions(
      [asked('withdraw the notice')],
      [{ urn: URN, decision: 'withdraw', rationale: 'Improved' }],
      context,
    ).notices[0]!;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', closedIn: '2026-autumn' });
    expect(withdrawn.history.at(-1)!.what).toBe('the ECB withdrew the warning notice');
    expect(withdrawn.complianceDate).toBe('2026-07-01');
  });

  it('issue with the default compliance date, said in its record', () => {
    const issued = applyEcbNoticeDecisions(
      [asked('issue a warning notice', { status: 'proposed', issuedOn: undefined, complianceDate: undefined })],
      [{ urn: URN, decision: 'issue', rationale: 'Grounds met' }],
      context,
    ).notices[0]!;
    expect(issued).toMatchObject({ status: 'issued', issuedOn: '2026-10-01', complianceDate: '2026-10-31' });
    expect(issued.history.at(-1)!.what).toBe('the ECB issued the warning notice; compliance date 31 Oct 2026');
  });
});

describe("last term's notices, carried", () => {
  const policy = DEFAULT_METHODOLOGY.warningNotices!;
  const carry = (before: WarningNotice, reports: TaskGroupReport[], today = '2026-09-03') =>
    proposeWarningNotices({
      term: '2026-autumn',
      termStart: '2026-09-03',
      today,
      schools: [school({ urn: URN }), school({ urn: '100002' })],
      assessments: [inD],
      reports,
      previous: [before],
      policy,
    })[0]!;
  const report = (urn: string, term: string, impact: TaskGroupReport['impact']): TaskGroupReport => ({
    urn,
    term,
    impact,
    summary: '',
  });

  it('are judged once the compliance date has passed, not on it', () => {
    const due = notice({ term: '2026-summer', complianceDate: '2026-09-03' });
    expect(carry(due, [report(URN, '2026-summer', 'insufficient')]).question).toBeUndefined();
    expect(carry(due, [report(URN, '2026-summer', 'insufficient')], '2026-09-04').question).toBe(
      'not complied: escalate',
    );
  });

  it('judge an escalated notice too, asking to withdraw it where the task group now finds improvement', () => {
    const escalated = notice({ term: '2026-summer', status: 'escalated' });
    const carried = carry(escalated, [report(URN, '2026-summer', 'adequate')]);
    expect(carried).toMatchObject({ status: 'escalated', question: 'withdraw the notice' });
    expect(carried.history.at(-1)).toEqual({
      term: '2026-autumn',
      on: '2026-09-03',
      what: 'the compliance date has passed and the task group finds improvement: the ECB is asked to withdraw the notice',
      by: 'the cycle, by the warning-notice policy',
      rationale: 'The task group found the impact of support adequate in the summer term 2026',
    });
  });

  it("read only the school's own reports, from the term it was proposed", () => {
    const issued = notice({ term: '2026-summer', proposedIn: '2026-summer' });
    expect(carry(issued, [report('100002', '2026-summer', 'adequate')]).question).toBe('not complied: escalate');
    expect(carry(issued, [report(URN, '2026-spring', 'adequate')]).question).toBe('not complied: escalate');
    expect(carry(issued, [report(URN, '2026-summer', 'strong')]).question).toBe('withdraw the notice');
  });

  it('judge by the category where no report came since, and note no report when none was read', () => {
    const issued = notice({ term: '2026-summer' });
    const carried = carry(issued, []);
    expect(carried).toMatchObject({ status: 'not complied', question: 'not complied: escalate' });
    expect(carried.history.at(-1)).toEqual({
      term: '2026-autumn',
      on: '2026-09-03',
      what: 'not complied with by 1 Jul 2026: flagged to the ECB for the next step',
      by: 'the cycle, by the warning-notice policy',
    });
  });
});

describe("the ECB's sheet and the notices kept open", () => {
  it('asks only about notices with a question, each row as the ECB reads it', () => {
    const csv = ecbQuestionsCsv(
      [
        notice({ urn: '100002', question: 'withdraw the notice' }),
        notice({
          urn: URN,
          status: 'proposed',
          issuedOn: undefined,
          complianceDate: undefined,
          question: 'issue a warning notice',
        }),
        notice({ urn: '100003' }),
      ],
      [
        school({ urn: URN, name: 'Alpha Primary School' }),
        school({ urn: '100002', name: 'Beta Academy', isAcademy: true }),
      ],
      { letterDate: '2026-10-01', complianceDays: 30 },
    )
      .split(/\r?\n/)
      .filter((l) => l !== '');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain('100002,Beta Academy,Ashdown,academy,withdraw the notice,Inadequate,1 Jun 2026,');
    expect(csv[2]).toContain(
      '100001,Alpha Primary School,Ashdown,maintained,issue a warning notice,Inadequate,,,31/10/2026,',
    );
  });

  it('keep open a notice in force, asked about or decided, never one closed and done with', () => {
    const closed = notice({ urn: '100004', status: 'withdrawn' });
    const kept = [
      notice({ urn: URN }),
      notice({ urn: '100002', status: 'withdrawn', question: 'withdraw the notice' }),
      notice({
        urn: '100003',
        status: 'not issued',
        decided: { decision: 'do not issue', on: '2026-10-01', by: 'ECB', rationale: 'r' },
      }),
    ];
    expect(openNotices([...kept, closed])).toEqual(kept);
  });
});

describe('proposing this term', () => {
  const policy = DEFAULT_METHODOLOGY.warningNotices!;
  const run = (over: Partial<Parameters<typeof proposeWarningNotices>[0]>) =>
    proposeWarningNotices({
      term: '2026-autumn',
      termStart: '2026-09-03',
      schools: [school({ urn: URN })],
      assessments: [],
      reports: [],
      previous: [],
      policy,
      ...over,
    });

  it('drops a notice of a school no longer in the cycle, and asks again about one not complied with', () => {
    expect(run({ previous: [notice({ urn: '100009', term: '2026-summer' })] })).toEqual([]);
    expect(run({ previous: [notice({ term: '2026-summer', status: 'not complied' })] })[0]).toMatchObject({
      status: 'not complied',
      question: 'not complied: escalate',
    });
  });

  it('keeps what the ECB decided in an earlier run of the same term, and nothing undecided or of another term', () => {
    const decided = notice({
      decided: { decision: 'withdraw', on: '2026-10-01', by: 'ECB', rationale: 'r' },
      status: 'withdrawn',
    });
    expect(run({ decidedThisTerm: [decided] })).toEqual([decided]);
    expect(run({ decidedThisTerm: [notice({ status: 'withdrawn' })] })).toEqual([]);
    expect(run({ decidedThisTerm: [{ ...decided, term: '2026-summer' }] })).toEqual([]);
  });

  it('proposes a notice on two insufficient reports in a row, saying so in its record', () => {
    const [proposed] = run({
      assessments: [inD],
      reports: [
        { urn: URN, term: '2026-spring', impact: 'insufficient', summary: '' },
        { urn: URN, term: '2026-summer', impact: 'insufficient', summary: 'No progress' },
      ],
    });
    expect(proposed!.history).toEqual([
      {
        term: '2026-autumn',
        on: '2026-09-03',
        what: 'proposed: issue a warning notice',
        by: 'the cycle, by the warning-notice policy',
        rationale: 'in category D, and the task group found the impact of support insufficient in its last 2 reports',
      },
    ]);
    expect(proposed!.concerns).toEqual([
      'The task group found the impact of support insufficient in the spring term 2026',
      'The task group found the impact of support insufficient in the summer term 2026: No progress',
    ]);
  });
});
