/** Each entry of the audit trail whole (functions/core/audit/trail.ts): what the record says, and when. */
import { describe, expect, it } from 'vitest';
import {
  brokeringEntries,
  correctionEntry,
  ecbEntry,
  historyLines,
  letterEntry,
  noticeLetterEntry,
  portalAuditEntry,
} from '../../functions/core/audit/trail';
import { lastTermSupport } from '../builders';

const run = { term: '2026-autumn', startedAt: '2026-12-07T09:00:00.000Z', executionId: 'exec-1' };

describe('each entry of the audit trail, whole', () => {
  it("records a portal action or refusal under the page's subject, by the person", () => {
    expect(
      portalAuditEntry({
        where: 'aag/ashdown',
        person: { id: 'sub-1', name: 'Priya Shah', email: 'p@x.example' },
        what: 'saved a draft',
        at: '2026-12-07T10:00:00.000Z',
        id: 'r1',
      }),
    ).toEqual({
      subject: 'portal:aag/ashdown',
      entryId: '2026-12-07T10:00:00.000Z#r1',
      term: '',
      kind: 'portal action',
      at: '2026-12-07T10:00:00.000Z',
      on: '2026-12-07',
      by: expect.stringContaining('Priya Shah'),
      what: 'saved a draft',
    });
    expect(
      portalAuditEntry({
        where: 'aag/ashdown',
        term: '2026-autumn',
        person: { id: 'sub-1', name: 'Priya Shah' },
        what: 'submit',
        refused: 'not the chair',
        at: '2026-12-07T10:00:00.000Z',
        id: 'r2',
      }),
    ).toMatchObject({ kind: 'portal refusal', term: '2026-autumn', evidence: 'refused: not the chair' });
  });

  it("records the ECB's confirmation or its refusal, on the term", () => {
    expect(ecbEntry(run, { confirmed: true, at: '2026-12-07T11:00:00.000Z', by: 'the ECB', reason: 'agreed' })).toEqual(
      {
        subject: 'term:2026-autumn',
        entryId: expect.stringMatching(/^2026-3#\d\d#2026-12-07T11:00:00\.000Z$/),
        term: '2026-autumn',
        kind: 'ECB decision',
        at: '2026-12-07T11:00:00.000Z',
        on: '2026-12-07',
        by: 'the ECB',
        what: "confirmed the term's changes: the letters may go",
        evidence: 'agreed',
        executionId: 'exec-1',
      },
    );
    expect(ecbEntry(run, { confirmed: false, at: '2026-12-07T11:00:00.000Z', by: 'the ECB' }).what).toBe(
      "did not confirm the term's changes: the letters are held",
    );
  });

  it("records each school's brokering: the support school and how it was found, the leader, the visits, the funding, what changed", () => {
    const [chosen, kept, found, none, unbrokered] = brokeringEntries(run, [
      lastTermSupport('100001', {
        provider: { urn: '100555', name: 'Oak', matchedWithin: 'district' },
        chosenByAag: { provider: true, leader: false, by: 'Priya' },
        leader: { id: 'l', name: 'Jo Reed', designation: 'NLE' },
        kept: { provider: false, leader: true },
        visitsThisTerm: 2,
        agreed: { days: 6, fundedBy: 'the authority', cost: 3000, byAag: true },
        changedBecause: ['the leader moved'],
        choiceRefused: ['Sam has no capacity'],
        changedAfterAgreed: ['the school closed'],
        unmet: ['a maths specialist'],
      }),
      lastTermSupport('100002', {
        provider: { urn: '100555', name: 'Oak', matchedWithin: 'district' },
        kept: { provider: true, leader: false },
        agreed: { days: 3, fundedBy: 'the school', cost: 1500 },
      }),
      lastTermSupport('100003', { provider: { urn: '100555', name: 'Oak', matchedWithin: 'consortium' } }),
      lastTermSupport('100004', {}),
      lastTermSupport('100005', { brokered: false, visitsThisTerm: 0 }),
    ]);
    expect(chosen).toMatchObject({
      subject: '100001',
      kind: 'brokering',
      by: "the Ashdown AAG's brokering",
      what: 'support school Oak (URN 100555, chosen by the AAG); NLE Jo Reed (kept from last term); 2 adviser visits this term; 6 days of support, funded by the authority (£3,000), as the AAG agreed',
      evidence:
        "the leader moved; the AAG's choice could not stand: Sam has no capacity; changed after the AAG agreed it: the school closed; referred to the TSC board: a maths specialist",
    });
    expect(kept?.what).toBe(
      'support school Oak (URN 100555, kept from last term); no system leader; 1 adviser visit this term; 3 days of support, funded by the school (£1,500)',
    );
    expect(kept?.evidence).toBeUndefined();
    expect(found?.what).toBe(
      'support school Oak (URN 100555, found in the consortium); no system leader; 1 adviser visit this term',
    );
    expect(none?.what).toBe('no support school; no system leader; 1 adviser visit this term');
    expect(unbrokered?.what).toBe('0 adviser visits this term');
  });

  it('records a letter sent to a role, dated, with its message, and what SES said of it later', () => {
    const sent = letterEntry(
      { ...run, today: '2026-12-08' },
      {
        urn: '100001',
        role: 'chair of governors',
        change: { from: 'B', to: 'C' },
        at: '2026-12-07T09:30:00.000Z',
        messageId: 'm-1',
        dated: '2026-12-05',
      },
    );
    expect(sent).toMatchObject({
      kind: 'letter',
      by: 'the cycle, through Amazon SES',
      what: 'sent the letter to the chair of governors on the change from B to C, dated 5 Dec 2026',
      evidence: 'SES message m-1',
      on: '2026-12-05',
    });
    expect(sent.entryId).toMatch(/#chair-of-governors$/);
    expect(
      letterEntry(
        { ...run, today: '2026-12-08' },
        { urn: '100001', role: 'headteacher', change: { to: 'C' }, at: '2026-12-07T09:30:00.000Z' },
      ),
    ).toMatchObject({
      what: 'sent the letter to the headteacher on the change to C',
      on: '2026-12-08',
    });
    expect(
      letterEntry(run, { urn: '100001', role: 'headteacher', at: '2026-12-09T01:00:00.000Z', outcome: 'bounced' }),
    ).toMatchObject({
      kind: 'letter outcome',
      by: 'Amazon SES',
      what: 'the letter to the headteacher: bounced',
      on: '2026-12-09',
    });
  });

  it("records a notice's letter and a correction, sent or held", () => {
    expect(
      noticeLetterEntry(run, {
        urn: '100001',
        role: 'Ofsted',
        event: 'issued',
        at: '2026-12-07T09:30:00.000Z',
        dated: '2026-12-07',
      }).what,
    ).toBe('sent the letter of the warning notice issued to Ofsted, dated 7 Dec 2026');
    expect(
      noticeLetterEntry(run, {
        urn: '100001',
        role: 'chair of governors',
        event: 'withdrawn',
        at: '2026-12-07T09:30:00.000Z',
        messageId: 'm',
      }),
    ).toMatchObject({
      what: 'sent the letter of the warning notice withdrawn to the chair of governors',
      evidence: 'SES message m',
      on: '2026-12-07',
    });
    const said = { from: 'B', to: 'C', on: '2026-09-03' };
    expect(
      correctionEntry(run, { urn: '100001', said, now: 'B', at: '2026-12-07T09:30:00.000Z', held: true }),
    ).toMatchObject({
      kind: 'letter correction',
      by: 'the cycle',
      what: "the letters of 3 Sep 2026 said the category changed from B to C; it is B: a correction is held until the ECB confirms the term's changes",
    });
    expect(
      correctionEntry(run, {
        urn: '100001',
        role: 'headteacher',
        said,
        now: 'B',
        at: '2026-12-07T09:30:00.000Z',
        dated: '2026-12-07',
        messageId: 'm',
      }),
    ).toMatchObject({
      by: 'the cycle, through Amazon SES',
      what: 'the letters of 3 Sep 2026 said the category changed from B to C; it is B: sent the correction to the headteacher, dated 7 Dec 2026',
      evidence: 'SES message m',
    });
  });

  it("prints a school's history term by term, oldest first, each entry's day, what and who", () => {
    const entries = [
      correctionEntry(run, {
        urn: '100001',
        said: { from: 'B', to: 'C', on: '2026-09-03' },
        now: 'B',
        at: '2026-12-07T09:30:00.000Z',
        held: true,
      }),
      ecbEntry(
        { ...run, term: '2026-summer', today: '2026-06-01' },
        { confirmed: true, at: '2026-06-02T09:00:00.000Z', by: 'the ECB', reason: 'ok' },
      ),
    ];
    expect(historyLines(entries)).toEqual([
      'Summer term 2026',
      "  1 Jun 2026 (recorded 2 Jun 2026)  ECB decision: confirmed the term's changes: the letters may go",
      '               by the ECB; ok',
      '',
      'Autumn term 2026',
      "  7 Dec 2026   letter correction: the letters of 3 Sep 2026 said the category changed from B to C; it is B: a correction is held until the ECB confirms the term's changes",
      '               by the cycle',
    ]);
  });
});
