import { describe, expect, it } from 'vitest';
import {
  agreeCategories,
  changesNeedConfirmation,
  checkDecisions,
  type DistrictAnswer,
  type DistrictResult,
  districtModeration,
  everyAagDecided,
  leaveAgreesToOutcomes,
  proposalsCsv,
  proposalsXlsx,
  readDecisions,
  roundAnswerSchema,
} from '../../functions/core/assessment/moderation';
import { parseCsvRows, toCsv } from '../../functions/core/csv';
import { systemLeadersSheet } from '../../functions/core/intake';
import { describeRejection, readSheet } from '../../functions/core/sheets';
import type { Assessment } from '../../functions/core/types';
import { readXlsxRows } from '../../functions/core/xlsx';
import { DEFAULT_METHODOLOGY, school } from '../builders';

const schools = [
  school({ urn: '100001', district: 'Ashdown', name: 'Alpha' }),
  school({ urn: '100002', district: 'Ashdown', name: 'Beta' }),
  school({ urn: '100003', district: 'Riverton', name: 'Gamma' }),
];
const proposal = (urn: string, category: string, previousCategory?: string): Assessment => ({
  term: '2027-spring',
  urn,
  category,
  proposedCategory: category,
  previousCategory,
  changed: previousCategory !== undefined && previousCategory !== category,
  methodologyId: 'default-2026',
  reasons: [{ category, rule: 'r', text: 'Reason', evidence: 'evidence' }],
});
const proposals = [proposal('100001', 'C', 'B'), proposal('100002', 'A', 'A'), proposal('100003', 'B', 'A')];

/**
 * The AAGs' decisions applied as the cycle applies them: checked once for the term (close-aag-round), the plain
 * agrees left to their districts' outcomes and the rest written, then agreed batch by batch (apply-decisions), each
 * batch seeing only its own schools and the decisions written about them. `writeEvery` writes every decision instead.
 */
function applyModeration(
  proposals: readonly Assessment[],
  allSchools: typeof schools,
  answers: readonly DistrictAnswer[],
  methodology: typeof DEFAULT_METHODOLOGY,
  batchSize = proposals.length,
  writeEvery = false,
) {
  const districtOf = new Map(allSchools.map((s) => [s.urn, s.district]));
  const checked = checkDecisions(answers, districtOf, methodology);
  const { outcomes, toWrite } = writeEvery
    ? { outcomes: checked.outcomes, toWrite: checked.accepted }
    : leaveAgreesToOutcomes(checked.outcomes, checked.accepted);
  const round = { outcomes, otherwise: 'deadline passed' as const };
  const decisions = new Map(toWrite.map((d) => [d.urn, d]));
  const assessments: Assessment[] = [];
  for (let i = 0; i < proposals.length; i += batchSize) {
    const batch = proposals.slice(i, i + batchSize);
    const own = new Map(batch.flatMap((p) => (decisions.has(p.urn) ? [[p.urn, decisions.get(p.urn)!] as const] : [])));
    assessments.push(...agreeCategories(batch, own, new Map(batch.map((p) => [p.urn, districtOf.get(p.urn)!])), round));
  }
  return {
    assessments,
    districts: districtModeration(round, allSchools, assessments),
    problems: checked.problems,
    written: toWrite.length,
  };
}

describe("applying the AAGs' decisions", () => {
  it('keeps the proposal and the decision, and judges the change on the agreed category', () => {
    const results: DistrictResult[] = [
      {
        district: 'Ashdown',
        outcome: 'decided',
        decidedAt: '2027-01-12T10:00:00Z',
        submittedBy: 'arn:aws:iam::111122223333:user/ashdown-aag-clerk',
        decisions: [
          {
            urn: '100001',
            decision: 'override',
            category: 'B',
            rationale: 'Recovery plan seen',
            decidedBy: 'Ashdown AAG',
          },
          { urn: '100002', decision: 'agree' },
        ],
      },
    ];
    const { assessments, districts, problems } = applyModeration(
      proposals,
      schools,
      results.map((sent) => ({ district: sent.district, sent })),
      DEFAULT_METHODOLOGY,
    );
    expect(problems).toEqual([]);
    expect(assessments[0]).toMatchObject({
      urn: '100001',
      proposedCategory: 'C',
      category: 'B',
      changed: false,
      moderation: {
        decision: 'override',
        by: 'Ashdown AAG',
        rationale: 'Recovery plan seen',
        submittedBy: 'arn:aws:iam::111122223333:user/ashdown-aag-clerk',
      },
    });
    expect(assessments[1]).toMatchObject({
      category: 'A',
      changed: false,
      moderation: { decision: 'agree', by: 'Ashdown AAG' },
    });
    // Riverton did not decide by the deadline: its proposal stands, and is a change, recorded and counted as undecided.
    expect(assessments[2]).toMatchObject({
      category: 'B',
      changed: true,
      moderation: { decision: 'undecided', by: 'no AAG decision by the deadline: the proposal stands' },
    });
    expect(districts).toEqual([
      { district: 'Ashdown', outcome: 'decided', agreed: 1, overridden: 1, undecided: 0 },
      { district: 'Riverton', outcome: 'deadline passed', agreed: 0, overridden: 0, undecided: 1 },
    ]);
  });

  it('agrees the same categories a batch of schools at a time as all at once, each batch seeing only its own decisions', () => {
    const answers: DistrictAnswer[] = [
      {
        district: 'Ashdown',
        sent: {
          district: 'Ashdown',
          outcome: 'decided',
          decidedAt: '2027-01-12T10:00:00Z',
          decisions: [
            { urn: '100002', decision: 'override', category: 'B', rationale: 'Head left', decidedBy: 'Ashdown AAG' },
          ],
        },
      },
      {
        district: 'Riverton',
        sent: {
          district: 'Riverton',
          outcome: 'decided',
          decidedAt: '2027-01-13T09:00:00Z',
          decisions: [
            { urn: '100003', decision: 'agree', supportSchool: '100001', rationale: 'Near', decidedBy: 'Riverton AAG' },
          ],
        },
      },
    ];
    const whole = applyModeration(proposals, schools, answers, DEFAULT_METHODOLOGY);
    const inBatches = applyModeration(proposals, schools, answers, DEFAULT_METHODOLOGY, 1);
    expect(inBatches).toEqual(whole);
    expect(whole.assessments.map((a) => [a.urn, a.category, a.moderation?.decision, a.changed])).toEqual([
      ['100001', 'C', 'agree', true],
      ['100002', 'B', 'override', true],
      ['100003', 'B', 'agree', true],
    ]);
    expect(whole.assessments[2]?.supportChoice).toMatchObject({
      providerUrn: '100001',
      by: 'Riverton AAG',
      decidedAt: '2027-01-13T09:00:00Z',
    });
    expect(whole.districts).toEqual([
      { district: 'Ashdown', outcome: 'decided', agreed: 1, overridden: 1, undecided: 0 },
      { district: 'Riverton', outcome: 'decided', agreed: 1, overridden: 0, undecided: 0 },
    ]);
  });

  it("leaves the plain agrees to their district's outcome, writing only what says more, and agrees the same categories", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      school({ urn: String(100101 + i), district: i < 8 ? 'Ashdown' : 'Riverton' }),
    );
    const theirProposals = many.map((s, i) => proposal(s.urn, i % 3 === 0 ? 'C' : 'A', 'A'));
    const agree = (urn: string, decidedBy?: string) => ({
      urn,
      decision: 'agree' as const,
      ...(decidedBy ? { decidedBy } : {}),
    });
    const answers: DistrictAnswer[] = [
      {
        district: 'Ashdown',
        sent: {
          district: 'Ashdown',
          outcome: 'decided',
          decidedAt: '2027-01-12T10:00:00Z',
          submittedBy: 'arn:aws:sts::111122223333:assumed-role/AshdownAag/clerk',
          decisions: [
            ...['100101', '100102', '100103', '100104'].map((urn) => agree(urn, 'Ashdown AAG (chair)')),
            agree('100105', 'Ashdown AAG (vice-chair)'),
            agree('100106'),
            {
              urn: '100107',
              decision: 'override',
              category: 'B',
              rationale: 'Head left',
              decidedBy: 'Ashdown AAG (chair)',
            },
            {
              urn: '100108',
              decision: 'agree',
              supportSchool: '100101',
              rationale: 'Near',
              decidedBy: 'Ashdown AAG (chair)',
            },
          ],
        },
      },
      // Riverton's sheet names nobody: its agrees stand as "Riverton AAG".
      {
        district: 'Riverton',
        sent: {
          district: 'Riverton',
          outcome: 'decided',
          decidedAt: '2027-01-13T09:00:00Z',
          decisions: ['100109', '100110', '100111', '100112'].map((urn) => agree(urn)),
        },
      },
    ];
    const left = applyModeration(theirProposals, many, answers, DEFAULT_METHODOLOGY, 5);
    const everyWritten = applyModeration(theirProposals, many, answers, DEFAULT_METHODOLOGY, 5, true);
    expect(left.assessments).toEqual(everyWritten.assessments);
    expect(left.districts).toEqual(everyWritten.districts);
    // Of twelve decisions, four say more than the outcome: another name, no name where the district had one, an
    // override, a choice.
    expect([left.written, everyWritten.written]).toEqual([4, 12]);
    expect(left.assessments.map((a) => a.moderation?.by)).toEqual([
      ...Array(4).fill('Ashdown AAG (chair)'),
      'Ashdown AAG (vice-chair)',
      'Ashdown AAG',
      'Ashdown AAG (chair)',
      'Ashdown AAG (chair)',
      ...Array(4).fill('Riverton AAG'),
    ]);
  });

  it('agrees every proposal of a round agreed automatically (a local run with --agree), with no district answering', () => {
    const round = { outcomes: [], otherwise: 'agreed automatically' as const };
    const agreed = agreeCategories(proposals, new Map(), new Map(schools.map((s) => [s.urn, s.district])), round);
    expect(agreed.map((a) => [a.category, a.moderation?.by])).toEqual([
      ['C', 'agreed automatically (local run)'],
      ['A', 'agreed automatically (local run)'],
      ['B', 'agreed automatically (local run)'],
    ]);
    expect(districtModeration(round, schools, agreed).map((d) => d.outcome)).toEqual([
      'agreed automatically',
      'agreed automatically',
    ]);
  });

  it("does not apply a decision about another district's school, or to a category the methodology lacks", () => {
    const results: DistrictAnswer[] = [
      {
        district: 'Ashdown',
        sent: {
          district: 'Ashdown',
          outcome: 'decided',
          decisions: [
            { urn: '100003', decision: 'override', category: 'A', rationale: 'x' },
            { urn: '100001', decision: 'override', category: 'E', rationale: 'y' },
          ],
        },
      },
    ];
    const { assessments, problems } = applyModeration(proposals, schools, results, DEFAULT_METHODOLOGY);
    expect(problems).toEqual([
      "Ashdown: URN 100003 is not a school of this district (it is Riverton's); the decision put in for the Ashdown AAG was refused",
      "Ashdown: URN 100001: 'E' is not a category of default-2026; the proposal stands",
    ]);
    expect(assessments.map((a) => a.category)).toEqual(['C', 'A', 'B']);
  });

  it("carries on the round's task token only that every AAG decided and how many, never decisions or rationales", () => {
    const answered = roundAnswerSchema.parse({
      outcome: 'decided',
      districts: 2,
      district: 'Ashdown',
      decisions: [{ urn: '100001', decision: 'override', category: 'B', rationale: 'Head on long-term sick leave' }],
    });
    expect(answered).toEqual({ outcome: 'decided', districts: 2 });
    expect(everyAagDecided(458)).toEqual({ outcome: 'decided', districts: 458 });
  });

  it("refuses a decision sent with one AAG's token for another district's school, whatever district the answer names", () => {
    // Sent with Ashdown's token, but labelled Riverton, deciding a Riverton school.
    const forged: DistrictAnswer = {
      district: 'Ashdown',
      sent: {
        district: 'Riverton',
        outcome: 'decided',
        submittedBy: 'arn:aws:sts::111122223333:assumed-role/AshdownAag/jbloggs',
        decisions: [
          { urn: '100003', decision: 'override', category: 'D', rationale: 'x', decidedBy: 'J Bloggs (Ashdown AAG)' },
        ],
      },
    };
    const { assessments, districts, problems } = applyModeration(proposals, schools, [forged], DEFAULT_METHODOLOGY);
    expect(problems).toEqual([
      "Ashdown: the answer sent with the Ashdown AAG's token names Riverton; it is taken as Ashdown's",
      "Ashdown: URN 100003 is not a school of this district (it is Riverton's); the decision put in for the Ashdown AAG by arn:aws:sts::111122223333:assumed-role/AshdownAag/jbloggs (decided by J Bloggs (Ashdown AAG)) was refused",
    ]);
    expect(assessments.find((a) => a.urn === '100003')).toMatchObject({
      category: 'B',
      moderation: { by: 'no AAG decision by the deadline: the proposal stands' },
    });
    expect(districts.find((d) => d.district === 'Riverton')?.outcome).toBe('deadline passed');
  });
});

describe("the AAG's sheet", () => {
  const withSupport: Assessment[] = [
    {
      ...proposals[0]!,
      proposedSupport: {
        provider: { urn: '100002', name: 'Beta' },
        leader: { id: 'nle-1', name: 'Sam Patel', designation: 'NLE' },
        visitsThisTerm: 1,
        unmet: [],
      },
    },
    proposals[1]!,
    proposals[2]!,
  ];
  /** The sheet as the AAG returns it: cells changed by header, for the school with this URN. */
  function edit(sheet: string, changes: Record<string, Record<string, string>>): string {
    const [headers, ...rows] = parseCsvRows(sheet).map((r) => r.cells);
    const col = (header: string) => headers!.indexOf(header);
    return toCsv(
      headers!,
      rows.map((row) => {
        const out = [...row];
        for (const [header, value] of Object.entries(changes[row[col('URN')]!] ?? {})) out[col(header)] = value;
        return out;
      }),
    );
  }

  it('goes out with every school of the district marked "agree", its previous category, and the support proposed', () => {
    const rows = parseCsvRows(proposalsCsv('Ashdown', withSupport, schools)).map((r) => r.cells);
    expect(rows[0]).toEqual([
      'AAG area',
      'URN',
      'School',
      'Phase',
      'Governance',
      'Trust',
      'Previous category',
      'Proposed category',
      'Change',
      'Reasons',
      'Proposed support school',
      'Proposed system leader',
      'Visits this term',
      'Early warning',
      'Decision',
      'Agreed category',
      'Support school (URN)',
      'System leader (id)',
      'Days a term',
      'Funded by',
      'Rationale',
      'Decided by',
    ]);
    expect(rows.slice(1).every((r) => r.length === rows[0]!.length)).toBe(true);
    const cell = (row: string[], header: string) => row[rows[0]!.indexOf(header)];
    // Each proposal with the school's previous category and whether it is a change, so the AAG sees what moves.
    expect(
      rows
        .slice(1)
        .map((r) => [
          r[1],
          cell(r, 'Previous category'),
          cell(r, 'Proposed category'),
          cell(r, 'Change'),
          cell(r, 'Decision'),
        ]),
    ).toEqual([
      ['100001', 'B', 'C', 'yes', 'agree'],
      ['100002', 'A', 'A', 'no', 'agree'],
    ]);
    expect([
      cell(rows[1]!, 'Proposed support school'),
      cell(rows[1]!, 'Proposed system leader'),
      cell(rows[1]!, 'Visits this term'),
    ]).toEqual(['Beta (100002)', 'Sam Patel, NLE (nle-1)', '1']);
  });

  it('comes back validated: an override needs its category and rationale, a choice of support its rationale', () => {
    const returned = edit(proposalsCsv('Ashdown', withSupport, schools), {
      100001: { Decision: 'override', 'Agreed category': 'B' },
      100002: { Decision: 'override', 'Agreed category': 'Z', Rationale: 'Because', 'Support school (URN)': '12' },
    });
    const { decisions, rejected } = readDecisions('aag-decisions.csv', parseCsvRows(returned), DEFAULT_METHODOLOGY);
    expect(decisions).toEqual([]);
    expect(rejected.map(describeRejection)).toEqual([
      "aag-decisions.csv row 2, Rationale: '' is not the reason for the override",
      "aag-decisions.csv row 3, Support school (URN): '12' is not a URN (6 or 7 digits)",
    ]);
    const supportOnly = edit(proposalsCsv('Ashdown', withSupport, schools), {
      100001: { 'Support school (URN)': '100009' },
    });
    expect(
      readDecisions('aag-decisions.csv', parseCsvRows(supportOnly), DEFAULT_METHODOLOGY).rejected.map(
        describeRejection,
      ),
    ).toEqual(["aag-decisions.csv row 2, Rationale: '' is not the reason for choosing the support"]);
  });

  it("takes the AAG's choice of support school and system leader to the brokering, with who chose and why", () => {
    const returned = edit(proposalsCsv('Ashdown', withSupport, schools), {
      100001: {
        'Support school (URN)': '100009',
        'System leader (id)': 'lle:ben-obrien:100009',
        Rationale: 'Led a similar recovery',
        'Decided by': 'Ashdown AAG',
      },
    });
    const { decisions, rejected } = readDecisions('aag-decisions.csv', parseCsvRows(returned), DEFAULT_METHODOLOGY);
    expect(rejected).toEqual([]);
    expect(decisions[0]).toEqual({
      district: 'Ashdown',
      urn: '100001',
      decision: 'agree',
      supportSchool: '100009',
      systemLeader: 'lle:ben-obrien:100009',
      rationale: 'Led a similar recovery',
      decidedBy: 'Ashdown AAG',
    });
    const sent: DistrictResult = {
      district: 'Ashdown',
      outcome: 'decided',
      decidedAt: '2027-01-12T10:00:00Z',
      decisions,
    };
    const { assessments } = applyModeration(withSupport, schools, [{ district: 'Ashdown', sent }], DEFAULT_METHODOLOGY);
    expect(assessments[0]?.supportChoice).toEqual({
      providerUrn: '100009',
      leaderId: 'lle:ben-obrien:100009',
      rationale: 'Led a similar recovery',
      by: 'Ashdown AAG',
      decidedAt: '2027-01-12T10:00:00Z',
    });
    expect(assessments[0]?.moderation?.decision).toBe('agree');
    expect(assessments[1]?.supportChoice).toBeUndefined();
  });

  it("reads a leader's id as the proposals wrote it, however its apostrophe, accents or case were typed, and refuses what is no id by name", () => {
    const typed = (id: string) =>
      readDecisions(
        'aag-decisions.csv',
        parseCsvRows(
          edit(proposalsCsv('Ashdown', withSupport, schools), {
            100001: { 'System leader (id)': id, Rationale: 'Knows the school' },
          }),
        ),
        DEFAULT_METHODOLOGY,
      );
    for (const id of [
      "lle:ben-o'brien:100009",
      'lle:ben-o\u2019brien:100009',
      'LLE:Ben-OBrien:100009',
      ' lle:ben-obrien:100009 ',
    ]) {
      expect(typed(id).rejected).toEqual([]);
      expect(typed(id).decisions[0]?.systemLeader).toBe('lle:ben-obrien:100009');
    }
    expect(typed('Ben O\u2019Brien').rejected.map(describeRejection)).toEqual([
      "aag-decisions.csv row 2, System leader (id): 'Ben O\u2019Brien' is not a system leader's id as the proposals show it: designation:name:home school URN (or la), e.g. lle:ben-obrien:140239",
    ]);
    // The sheet's own id for a leader is plain too: the one the proposals show is the one the run finds.
    const [fromSheet] = readSheet(
      systemLeadersSheet,
      'system-leaders.csv',
      parseCsvRows(
        'Name,Designation,Home school URN,Phases,Capacity\nBen O\u2019Brien,LLE,100009,primary,2\nZo\u00eb Ward,LIO,,primary,6\n',
      ),
    ).accepted.map((a) => a.value.id);
    expect(fromSheet).toBe('lle:ben-obrien:100009');
    expect(
      readSheet(
        systemLeadersSheet,
        'system-leaders.csv',
        parseCsvRows('Name,Designation,Home school URN,Phases,Capacity\nZo\u00eb Ward,LIO,,primary,6\n'),
      ).accepted[0]?.value.id,
    ).toBe('lio:zoe-ward:la');
  });

  it('takes the days and funding the AAG agrees for a school to the brokering, which costs them', () => {
    const returned = edit(proposalsCsv('Ashdown', withSupport, schools), {
      100001: {
        'Days a term': '15',
        'Funded by': "the school's own budget",
        Rationale: 'The governors asked for more days',
        'Decided by': 'Ashdown AAG',
      },
      100002: { 'Days a term': 'ten', Rationale: 'r' },
    });
    const { decisions, rejected } = readDecisions('aag-decisions.csv', parseCsvRows(returned), DEFAULT_METHODOLOGY);
    expect(rejected.map(describeRejection)).toEqual([
      "aag-decisions.csv row 3, Days a term: 'ten' is not a whole number",
    ]);
    expect(decisions[0]).toMatchObject({ urn: '100001', days: 15, fundedBy: "the school's own budget" });
    const sent: DistrictResult = {
      district: 'Ashdown',
      outcome: 'decided',
      decidedAt: '2027-01-12T10:00:00Z',
      decisions,
    };
    const { assessments } = applyModeration(withSupport, schools, [{ district: 'Ashdown', sent }], DEFAULT_METHODOLOGY);
    expect(assessments[0]?.supportChoice).toEqual({
      days: 15,
      fundedBy: "the school's own budget",
      rationale: 'The governors asked for more days',
      by: 'Ashdown AAG',
      decidedAt: '2027-01-12T10:00:00Z',
    });
    const withoutTheRationale = edit(proposalsCsv('Ashdown', withSupport, schools), {
      100001: { 'Days a term': '15' },
    });
    expect(
      readDecisions('aag-decisions.csv', parseCsvRows(withoutTheRationale), DEFAULT_METHODOLOGY).rejected.map(
        describeRejection,
      ),
    ).toEqual(["aag-decisions.csv row 2, Rationale: '' is not the reason for choosing the support"]);
  });

  it('goes out as a workbook too, which reads back as the same sheet', () => {
    const workbook = proposalsXlsx('Ashdown', withSupport, schools);
    const csvRows = parseCsvRows(proposalsCsv('Ashdown', withSupport, schools)).map((r) => r.cells);
    expect(readXlsxRows(workbook).map((r) => r.cells)).toEqual(csvRows);
  });
});

describe("the ECB's limit on one term's changes", () => {
  const limit = { maxChangeShare: 0.15, minChangesToHold: 10 };
  it('asks the ECB when more than the share of schools would change, saying how many', () => {
    expect(changesNeedConfirmation(42, 242, limit)).toEqual({
      needed: true,
      share: 42 / 242,
      reason:
        "42 of 242 schools (17%) would change category this term, more than the ECB's limit of 15%: no letter is sent until the ECB confirms the changes",
    });
  });
  it('lets a term within the limit, or with only a few changes, go without asking', () => {
    expect(changesNeedConfirmation(28, 242, limit).needed).toBe(false);
    expect(changesNeedConfirmation(5, 8, limit).needed).toBe(false);
    expect(changesNeedConfirmation(10, 20, limit).needed).toBe(true);
  });
});
