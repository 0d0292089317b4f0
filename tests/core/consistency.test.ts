/**
 * The checks that every statement is true: each passes on outputs that agree, and catches each way they can disagree.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../functions/core/csv';
import { composeLetter, letterKey } from '../../functions/core/letters/letters';
import {
  letterInconsistencies,
  outputInconsistencies,
  type TermOutputs,
} from '../../functions/core/reporting/consistency';
import { assessmentsCsv, type ReportInput, reportHtml, summarise } from '../../functions/core/reporting/report';
import type { Assessment, Contact } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school, singleWord } from '../builders';

const assess = (
  urn: string,
  category: string,
  moderation: Assessment['moderation'],
  previousCategory = category,
): Assessment => ({
  term: '2026-autumn',
  urn,
  category,
  proposedCategory: category,
  previousCategory,
  changed: previousCategory !== category,
  methodologyId: 'default-2026',
  moderation,
  reasons: [
    {
      category,
      rule: category === 'A' ? 'ofsted-good-or-outstanding' : 'ofsted-requires-improvement',
      text: 'Reason',
      evidence: 'Ofsted graded inspection with a single-word judgement, 14 Mar 2019: overall effectiveness good',
    },
  ],
});
const schools = [
  school({ urn: '100001', district: 'Ashdown' }),
  school({ urn: '100002', district: 'Ashdown' }),
  school({ urn: '100003', district: 'Riverton' }),
];
const assessments = [
  assess('100001', 'A', { decision: 'agree', by: 'Ashdown AAG' }),
  assess('100002', 'C', { decision: 'agree', by: 'Ashdown AAG' }, 'A'),
  assess('100003', 'C', { decision: 'undecided', by: 'no AAG decision by the deadline: the proposal stands' }),
];
const figures = {
  term: '2026-autumn',
  rejectedRows: 0,
  emailsSent: 2,
  emailsAlreadySent: 0,
  emailsFailed: 0,
  emailsPending: 0,
  durationMs: 1,
};
const base: ReportInput = {
  authorityName: 'Ardenshire',
  methodology: DEFAULT_METHODOLOGY,
  figures,
  schools,
  assessments,
  support: [],
  taskGroups: [],
  missingContacts: [],
  goodOrBetter: { good: 1, inspected: 3 },
};
const areaInput = (area: string, good: { good: number; inspected: number }): ReportInput => ({
  ...base,
  area,
  schools: schools.filter((s) => s.district === area),
  assessments: assessments.filter((a) => schools.find((s) => s.urn === a.urn)?.district === area),
  goodOrBetter: good,
});
const measuresCsv = (value = 33.3) =>
  toCsv(
    ['Scope', 'Measure id', 'Measure', 'Term', 'Value', 'Schools'],
    [
      ['the authority', 'good-or-better', 'Schools judged good or better', '2026-autumn', value, 3],
      ['Ashdown', 'good-or-better', 'Schools judged good or better', '2026-autumn', 50, 2],
      ['Riverton', 'good-or-better', 'Schools judged good or better', '2026-autumn', 0, 1],
    ],
  );
const sentTo = (urn: string, from: string, to: string) => ({
  letterKey: letterKey('2026-autumn', urn, from, to, 'headteacher', `head@${urn}.example`),
  urn,
  role: 'headteacher',
  status: 'sent',
  sentAt: '2026-09-03T06:00:00.000Z',
});
const outputs = (change: Partial<TermOutputs> = {}): TermOutputs => ({
  term: '2026-autumn',
  summary: summarise(base),
  reportHtml: reportHtml(base),
  areaReports: new Map([
    ['Ashdown', reportHtml(areaInput('Ashdown', { good: 1, inspected: 2 }))],
    ['Riverton', reportHtml(areaInput('Riverton', { good: 0, inspected: 1 }))],
  ]),
  measuresCsv: measuresCsv(),
  assessmentsCsv: assessmentsCsv(schools, assessments),
  schools,
  assessments,
  inspections: ['100001', '100002', '100003'].map((urn) => singleWord(urn, 2)),
  outcomes: new Map([
    ['Ashdown', 'decided'],
    ['Riverton', 'deadline passed'],
  ]),
  decisionsWritten: new Set(),
  sentLetters: [sentTo('100002', 'A', 'C')],
  methodology: DEFAULT_METHODOLOGY,
  ...change,
});

describe("the check of the term's outputs", () => {
  it('finds nothing wrong where every output agrees with the records and with each other', () => {
    expect(outputInconsistencies(outputs())).toEqual([]);
  });

  it('catches a figure that is not the same in summary.json and the report', () => {
    const found = outputInconsistencies(outputs({ summary: { ...summarise(base), emailsSent: 3 } }));
    expect(found).toEqual([
      {
        where: 'report.html, the term in figures',
        what: '"Letters sent this run" is 2, but summary.json\'s emailsSent is 3',
      },
    ]);
  });

  it("catches good or better that differs between a report and measures.csv, and an area report whose categories are not the authority's", () => {
    expect(outputInconsistencies(outputs({ measuresCsv: measuresCsv(84.6) })).map((f) => f.what)).toEqual([
      'good or better is 1 of 3 (33.3%) in the report, but 84.6% of 3 in measures.csv',
    ]);
    expect(
      outputInconsistencies(outputs({ reportHtml: reportHtml({ ...base, goodOrBetter: undefined }) })).map(
        (f) => f.what,
      ),
    ).toEqual(['gives no good-or-better figure in the term in figures, though measures.csv does']);
    const wrongArea = reportHtml({
      ...areaInput('Riverton', { good: 0, inspected: 1 }),
      assessments: [assess('100003', 'D', { decision: 'undecided', by: 'x' })],
    });
    expect(outputInconsistencies(outputs({ areaReports: new Map([['Riverton', wrongArea]]) }))[0]?.where).toBe(
      'aag/ report of Riverton',
    );
  });

  it('catches an AAG decision that was never made, and assessments.csv counting decisions otherwise than the summary', () => {
    const agreedAtTheDeadline = assessments.map((a) =>
      a.urn === '100003' ? { ...a, moderation: { decision: 'agree' as const, by: 'Riverton AAG' } } : a,
    );
    const found = outputInconsistencies(
      outputs({ assessments: agreedAtTheDeadline, assessmentsCsv: assessmentsCsv(schools, agreedAtTheDeadline) }),
    );
    expect(found.map((f) => f.what)).toEqual([
      'has 0 proposals no AAG decided, but summary.json has 1',
      'says its AAG agreed the proposal, but the Riverton AAG made no decision (deadline passed)',
    ]);
    // A decision the AAG put in, written onto the proposal, is one that was made.
    expect(
      outputInconsistencies(outputs({ assessments: agreedAtTheDeadline, decisionsWritten: new Set(['100003']) })).some(
        (f) => f.what.includes('made no decision'),
      ),
    ).toBe(false);
  });

  it('catches a school Ofsted lists called uninspected', () => {
    const uninspected = assessments.map((a) =>
      a.urn === '100001'
        ? {
            ...a,
            reasons: [
              {
                category: 'A',
                rule: 'no-inspection-yet',
                text: 'The school has not been inspected yet',
                evidence: 'no Ofsted inspection on record',
              },
            ],
          }
        : a,
    );
    expect(outputInconsistencies(outputs({ assessments: uninspected }))).toEqual([
      { where: 'the record of 100001', what: 'says the school has not been inspected, but Ofsted lists it' },
    ]);
  });

  it('catches a school whose letters announced another category than its own, with no correction listed', () => {
    expect(outputInconsistencies(outputs({ sentLetters: [sentTo('100002', 'A', 'B')] }))).toEqual([
      {
        where: 'the letters to 100002',
        what: 'announced category B, but the school is in C and the report lists no correction',
      },
    ]);
  });
});

describe('the check of each letter before it goes', () => {
  const authority = {
    name: 'Ardenshire County Council',
    senderAddress: 'si@a.example',
    replyToAddress: 'si@a.example',
    contactName: 'School Improvement Team',
    contactPhone: '01632 960000',
  };
  const contacts: Contact[] = [{ urn: '100002', role: 'headteacher', name: 'Bea Head', email: 'head@100002.example' }];
  const changed = assessments[1]!;
  const write = (assessment: Assessment, date = '2026-09-03', to = contacts[0]!) =>
    composeLetter({
      date,
      assessment: assessment as Assessment & { previousCategory: string },
      school: school({ urn: '100002' }),
      contact: to,
      authority,
      methodology: DEFAULT_METHODOLOGY,
    });
  const facts = { assessment: changed, contacts, copies: ['ofsted@example.org'] };

  it('lets a letter that says what the records say go', () => {
    expect(letterInconsistencies(write(changed), facts)).toEqual([]);
  });

  it('stops a letter that cites evidence dated after it', () => {
    const late = { ...changed, reasons: [{ ...changed.reasons[0]!, evidence: 'new headteacher since 1 Jan 2027' }] };
    expect(letterInconsistencies(write(late, '2026-12-06'), { ...facts, assessment: late }).map((f) => f.what)).toEqual(
      ['cites 1 Jan 2027, after its own date (2026-12-06): "- Reason (new headteacher since 1 Jan 2027)"'],
    );
  });

  it("stops a letter that says the AAG agreed what no AAG decided, or that goes to someone not the school's", () => {
    const letter = write(changed);
    const undecided = { ...changed, moderation: { decision: 'undecided' as const, by: 'x' } };
    expect(letterInconsistencies(letter, { ...facts, assessment: undecided }).map((f) => f.what)).toEqual([
      'says the Area Analysis Group agreed, but the record says undecided',
    ]);
    expect(
      letterInconsistencies({ ...letter, to: { name: 'Someone', email: 'head@elsewhere.example' } }, facts).map(
        (f) => f.what,
      ),
    ).toEqual(["goes to an address that is not one of the school's own contacts, nor a notice's copy"]);
    expect(
      letterInconsistencies(letter, { ...facts, assessment: { ...changed, category: 'D' } }).map((f) => f.what),
    ).toContain('announces a change from A to C, but the record is A to D');
  });

  it("claims no one's agreement where the record has no moderation at all", () => {
    const unmoderated = { ...changed, moderation: undefined };
    const letter = write(unmoderated);
    expect(letter.text).toContain(
      "Following our risk assessment for the autumn term 2026, the school's category has changed from A to C.",
    );
    expect(letterInconsistencies(letter, { ...facts, assessment: unmoderated })).toEqual([]);
  });

  it('stops a notice letter whose compliance date is not after its own date, and lets a past compliance date it reports go', () => {
    const notice = (line: string) => ({
      ...write(changed),
      text: `Ardenshire County Council\n5 Jan 2027\n\n${line}\n`,
      date: '2027-01-05',
    });
    expect(
      letterInconsistencies(notice('The governing body must comply with this notice by 11 Dec 2026.'), facts).map(
        (f) => f.what,
      ),
    ).toEqual(['sets a compliance date, 11 Dec 2026, that is not after its own date (2027-01-05)']);
    expect(
      letterInconsistencies(notice('The governing body must comply with this notice by 26 Jan 2027.'), facts),
    ).toEqual([]);
    expect(
      letterInconsistencies(
        notice('- The school has not complied with the warning notice (not complied with by 11 Dec 2026)'),
        facts,
      ),
    ).toEqual([]);
  });
});
