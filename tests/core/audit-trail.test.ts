import { describe, expect, it } from 'vitest';
import {
  brokeringEntries,
  decisionEntries,
  entryDate,
  historyLines,
  letterEntry,
  methodologyEntry,
  noticeEntries,
  noticeLetterEntry,
  proposalEntries,
} from '../../functions/core/audit/trail';
import type { WarningNotice } from '../../functions/core/intervention/warning-notices';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import type { Assessment } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY } from '../builders';

const run = { term: '2027-spring', startedAt: '2027-01-05T06:00:00.000Z', executionId: 'exec-1' };
const gamma: Assessment = {
  term: '2027-spring',
  urn: '100003',
  category: 'C',
  proposedCategory: 'A',
  previousCategory: 'C',
  changed: false,
  methodologyId: 'default-2026',
  reasons: [
    {
      category: 'A',
      rule: 'report-card-expected-or-above',
      text: 'Ofsted graded every area at the expected standard or above',
      evidence: 'Ofsted report card, 3 Feb 2026',
    },
  ],
  moderation: {
    decision: 'override',
    by: 'Ashdown AAG',
    rationale: 'A second term of strong reports first',
    decidedAt: '2027-01-12T10:00:00.000Z',
    submittedBy: 'arn:aws:iam::111122223333:user/ashdown-clerk',
  },
  supportChoice: {
    providerUrn: '100006',
    rationale: 'Led a similar recovery',
    by: 'Ashdown AAG',
    decidedAt: '2027-01-12T10:00:00.000Z',
  },
};

describe('the dates in the audit trail', () => {
  it("dates each entry by the day it happened (the run's date, a decision's, a letter's), and shows when it was recorded where that differs", () => {
    // A term replayed on its own date: the run's date is 5 Jan 2027, the records are made on 7 Dec 2026.
    const replayed = { ...run, startedAt: '2026-12-07T02:00:00.000Z', today: '2027-01-05' };
    const [proposal] = proposalEntries(replayed, 'default-2026', [gamma]);
    expect(proposal).toMatchObject({ at: '2026-12-07T02:00:00.000Z', on: '2027-01-05' });
    expect(entryDate(proposal!)).toBe('5 Jan 2027 (recorded 7 Dec 2026)');
    const letter = letterEntry(replayed, {
      urn: '100001',
      role: 'headteacher',
      change: { from: 'A', to: 'C' },
      at: '2026-12-07T02:03:00.000Z',
      messageId: 'm-2',
      dated: '2027-01-05',
    });
    expect(letter).toMatchObject({
      on: '2027-01-05',
      what: 'sent the letter to the headteacher on the change from A to C, dated 5 Jan 2027',
    });
    // A decision is dated the day the AAG put it in.
    expect(decisionEntries(replayed, [gamma])[0]?.on).toBe('2027-01-12');
    // Recorded on the day it happened: one date.
    expect(entryDate({ at: '2027-01-05T06:00:00.000Z', on: '2027-01-05' })).toBe('5 Jan 2027');
    expect(historyLines([proposal!])[1]).toMatch(
      /^ {2}5 Jan 2027 \(recorded 7 Dec 2026\) {2}proposal: proposed category A/,
    );
  });
});

describe('the audit trail', () => {
  it('records the proposal with the reasons it rests on, and the AAG decision with who put it in and why', () => {
    expect(proposalEntries(run, 'default-2026', [gamma])).toEqual([
      {
        subject: '100003',
        entryId: '2027-1#01#2027-01-05T06:00:00.000Z',
        term: '2027-spring',
        kind: 'proposal',
        at: run.startedAt,
        on: '2027-01-05',
        executionId: 'exec-1',
        by: 'the risk assessment, under methodology default-2026',
        what: 'proposed category A (from C)',
        evidence: 'Ofsted graded every area at the expected standard or above (Ofsted report card, 3 Feb 2026)',
      },
    ]);
    const [decision, choice] = decisionEntries(run, [gamma]);
    expect(decision).toMatchObject({
      kind: 'AAG decision',
      at: '2027-01-12T10:00:00.000Z',
      by: 'Ashdown AAG (put in by arn:aws:iam::111122223333:user/ashdown-clerk)',
      what: 'overrode the proposed category A with C',
      evidence: 'A second term of strong reports first',
    });
    expect(choice).toMatchObject({
      kind: 'AAG choice of support',
      what: 'chose support school URN 100006',
      evidence: 'Led a similar recovery',
    });
  });

  it("records brokering with why last term's support changed, and a letter by its recipient's role, never an address", () => {
    const support: BrokeredSupport = {
      term: '2027-spring',
      urn: '100001',
      district: 'Ashdown',
      category: 'C',
      brokered: true,
      provider: { urn: '100002', name: 'Beta', matchedWithin: 'district' },
      leader: { id: 'l', name: 'Lia Officer', designation: 'LIO' },
      visitsThisTerm: 1,
      needsAnalysisMeeting: false,
      unmet: [],
      changedBecause: ["Barford, last term's support school, is now in category C"],
    };
    expect(brokeringEntries(run, [support])[0]).toMatchObject({
      what: 'support school Beta (URN 100002, found in the district); LIO Lia Officer; 1 adviser visit this term',
      evidence: "Barford, last term's support school, is now in category C",
    });
    const sent = letterEntry(run, {
      urn: '100001',
      role: 'chair of governors',
      change: { from: 'A', to: 'C' },
      at: '2027-01-05T06:10:00.000Z',
      messageId: 'm-1',
    });
    expect(sent).toMatchObject({
      kind: 'letter',
      what: 'sent the letter to the chair of governors on the change from A to C',
      evidence: 'SES message m-1',
    });
    expect(JSON.stringify(sent)).not.toMatch(/@/);
  });

  it('gives an entry the same id each time it is built from the same run, so a retried function adds it once', () => {
    expect(proposalEntries(run, 'x', [gamma])[0]!.entryId).toBe(proposalEntries(run, 'x', [gamma])[0]!.entryId);
    expect(proposalEntries({ ...run, startedAt: '2027-01-06T06:00:00.000Z' }, 'x', [gamma])[0]!.entryId).not.toBe(
      proposalEntries(run, 'x', [gamma])[0]!.entryId,
    );
  });

  it('reads as the cycle works, term by term: proposal, decision, brokering, letters', () => {
    const autumn = { ...run, term: '2026-autumn', startedAt: '2026-09-03T06:00:00.000Z' };
    const entries = [
      letterEntry(run, { urn: '100003', role: 'headteacher', at: '2027-01-05T06:10:00.000Z' }),
      ...decisionEntries(run, [gamma]),
      ...proposalEntries(run, 'default-2026', [gamma]),
      ...proposalEntries(autumn, 'default-2026', [
        { ...gamma, term: '2026-autumn', proposedCategory: 'C', moderation: undefined, supportChoice: undefined },
      ]),
      methodologyEntry(run, DEFAULT_METHODOLOGY),
    ];
    const lines = historyLines(entries.filter((e) => e.subject === '100003'));
    expect(lines.filter((l) => l !== '' && !l.startsWith('   '))).toEqual([
      'Autumn term 2026',
      '  3 Sep 2026   proposal: proposed category C (unchanged from C)',
      'Spring term 2027',
      '  5 Jan 2027   proposal: proposed category A (from C)',
      '  12 Jan 2027  AAG decision: overrode the proposed category A with C',
      '  12 Jan 2027  AAG choice of support: chose support school URN 100006',
      '  5 Jan 2027   letter: sent the letter to the headteacher',
    ]);
  });

  it('records each step of a warning notice taken this term once, whichever stage records it, and its letters by role', () => {
    const notice: WarningNotice = {
      term: '2027-spring',
      urn: '100004',
      district: 'Ashdown',
      kind: 'warning notice',
      status: 'escalated',
      concerns: [],
      actionRequired: [],
      policy: 'notices-2026',
      proposedIn: '2026-autumn',
      issuedOn: '2026-09-15',
      complianceDate: '2026-12-11',
      history: [
        { term: '2026-autumn', on: '2026-09-03', what: 'proposed: issue a warning notice', by: 'the cycle' },
        {
          term: '2027-spring',
          on: '2027-01-05',
          what: 'not complied with by 11 Dec 2026: flagged to the ECB for the next step',
          by: 'the cycle',
          rationale: 'The task group found the impact of support insufficient',
        },
        {
          term: '2027-spring',
          on: '2027-01-14',
          what: 'the ECB escalated the notice',
          by: 'ECB, 14/01/2027',
          rationale: 'Propose an IEB',
        },
      ],
    };
    const entries = noticeEntries(run, [notice]);
    expect(entries.map((e) => [e.entryId, e.kind, e.what, e.by, e.evidence])).toEqual([
      [
        '2027-1#08#2027-01-05T06:00:00.000Z#01',
        'warning notice',
        'not complied with by 11 Dec 2026: flagged to the ECB for the next step',
        'the cycle',
        'The task group found the impact of support insufficient',
      ],
      [
        '2027-1#08#2027-01-05T06:00:00.000Z#02',
        'warning notice',
        'the ECB escalated the notice',
        'ECB, 14/01/2027',
        'Propose an IEB',
      ],
    ]);
    // The proposal stage and the decision stage of one run record the same entries: the table keeps one of each.
    expect(noticeEntries(run, [notice]).map((e) => e.entryId)).toEqual(entries.map((e) => e.entryId));
    expect(noticeEntries(run, [{ ...notice, kind: 'DfE referral' }])[0]!.what).toBe(
      'referral to the DfE: not complied with by 11 Dec 2026: flagged to the ECB for the next step',
    );
    expect(
      noticeLetterEntry(run, {
        urn: '100004',
        role: 'DfE regional team',
        event: 'issued',
        at: '2027-01-14T09:00:00.000Z',
        messageId: 'm-1',
      }),
    ).toMatchObject({
      kind: 'warning notice letter',
      entryId: '2027-1#09#2027-01-14T09:00:00.000Z#DfE-regional-team',
      what: 'sent the letter of the warning notice issued to the DfE regional team',
      evidence: 'SES message m-1',
    });
  });
});
