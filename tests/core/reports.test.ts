import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it, vi } from 'vitest';
import { drawChart } from '../../functions/adapters/charts';
import { parseCsv } from '../../functions/core/csv';
import type { MeasureRow } from '../../functions/core/measures/measures';
import { measureSums } from '../../functions/core/measures/measures';
import { measuresChart } from '../../functions/core/measures/measures-report';
import {
  type Chart,
  categoriesByArea,
  categoriesOverTerms,
  categoryColours,
  goodOrBetterOf,
  goodOrBetterOverTerms,
  letters,
  movements,
  ofstedBand,
  ofstedByEra,
} from '../../functions/core/reporting/charts';
import { chairsInConcern, newsForChairs } from '../../functions/core/reporting/consortia';
import {
  assessmentsCsv,
  missingContactsCsv,
  type ReportInput,
  reportHtml,
  summarise,
  warningNotices,
} from '../../functions/core/reporting/report';
import { visitsPlannedAndDone } from '../../functions/core/reporting/visits';
import type { Assessment, Inspection } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school } from '../builders';

const assessment = (
  urn: string,
  category: Assessment['category'],
  previousCategory?: Assessment['category'],
): Assessment => ({
  term: '2026-autumn',
  urn,
  category,
  previousCategory,
  changed: previousCategory !== undefined && previousCategory !== category,
  reasons: [{ category, rule: 'r', text: `Reason <${category}>`, evidence: 'evidence' }],
  methodologyId: 'default-2026',
});

const input: ReportInput = {
  authorityName: 'Ardenshire County Council',
  methodology: DEFAULT_METHODOLOGY,
  moderation: [
    { district: 'Ashdown', outcome: 'decided', agreed: 1, overridden: 0, undecided: 0 },
    { district: 'Riverton', outcome: 'deadline passed', agreed: 0, overridden: 0, undecided: 2 },
  ],
  figures: {
    term: '2026-autumn',
    rejectedRows: 2,
    emailsSent: 5,
    emailsAlreadySent: 1,
    emailsFailed: 0,
    emailsPending: 0,
    durationMs: 1234,
  },
  schools: [
    school({ urn: '100001', district: 'Ashdown', name: 'Alpha & Sons' }),
    school({ urn: '100002', district: 'Riverton' }),
    school({ urn: '100003', district: 'Riverton' }),
  ],
  assessments: [assessment('100001', 'D', 'C'), assessment('100002', 'A', 'A'), assessment('100003', 'C')],
  support: [
    {
      term: '2026-autumn',
      urn: '100001',
      district: 'Ashdown',
      category: 'D',
      brokered: true,
      provider: { urn: '100002', name: 'School 100002', matchedWithin: 'county' },
      visitsThisTerm: 2,
      needsAnalysisMeeting: true,
      unmet: [],
    },
  ],
  taskGroups: [
    { term: '2026-autumn', urn: '100001', district: 'Ashdown', category: 'D', status: 'opened', needsChair: true },
  ],
  missingContacts: [{ urn: '100001', role: 'chair of governors' }],
};

describe('reports', () => {
  it('is the whole report of a small term, line by line, from its body on', () => {
    const page = reportHtml(input);
    expect(page.slice(page.indexOf('<body>')).split('\n')).toEqual([
      '<body>',
      '<header>',
      '<h1>Ardenshire County Council: school improvement, autumn term 2026</h1>',
      '<p class="note">Confidential: for the Area Analysis Groups (AAGs) and the Education Challenge Board (ECB). Methodology: Ardenshire categorisation of schools (A-D), for all three Ofsted eras (default-2026, effective 2025-11-10).</p>',
      '<p class="key">Rows are shaded by category: <span class="worst">D: the most serious</span><span class="support">receiving brokered support</span><span>others</span></p>',
      '</header>',
      '<nav aria-label="Sections"><ul>',
      '<li><a href="#unmet">Needs the AAGs could not meet</a></li><li><a href="#summary">Summary</a></li><li><a href="#charts">Charts</a></li>',
      '<li><a href="#since-last-term">What changed since last term</a></li><li><a href="#by-area">Categories by AAG area</a></li><li><a href="#concern">Schools receiving support</a></li><li><a href="#chairs">For consortium and network chairs</a></li><li><a href="#warning-notices">Formal warning notices</a></li><li><a href="#at-risk">At risk</a></li><li><a href="#flags">Statutory flags</a></li>',
      '<li><a href="#capacity">Capacity for the TSC board</a></li><li><a href="#data-quality">Data quality</a></li>',
      '',
      '',
      '</ul></nav>',
      '<main>',
      '',
      '',
      '',
      '<section class="unmet" id="unmet"><h2>Needs the AAGs could not meet: requests to the Teaching Schools and Capacity (TSC) board</h2>',
      '<p>None: every school receiving support was matched with a support school and a system leader, and no request to the board is open.</p>',
      '</section>',
      '<h2 id="summary">Summary</h2>',
      '<table><caption>The term in figures</caption>',
      '<thead><tr><th scope="col">Figure</th><th scope="col" class="num">Number</th></tr></thead>',
      '<tbody><tr><th scope="row">Schools categorised</th><td class="num">3</td></tr><tr><th scope="row">Category changes</th><td class="num">1</td></tr><tr><th scope="row">Proposals overridden by an AAG</th><td class="num">0</td></tr><tr><th scope="row">Proposals no AAG decided by its deadline (they stand, undecided)</th><td class="num">0</td></tr><tr><th scope="row">Letters sent this run</th><td class="num">5</td></tr><tr><th scope="row">Letters already sent earlier</th><td class="num">1</td></tr><tr><th scope="row">Letters that could not be sent</th><td class="num">0</td></tr><tr><th scope="row">Letters left unfinished by a run that died, still within their lease after this run waited for it (the next run sends each, once)</th><td class="num">0</td></tr><tr><th scope="row">Letters held, not sent (for the ECB&#39;s confirmation, an AAG&#39;s decision, or by this stage)</th><td class="num">0</td></tr><tr><th scope="row">Corrections to letters sent earlier this term: sent this run</th><td class="num">0</td></tr><tr><th scope="row">Corrections held until the ECB confirms</th><td class="num">0</td></tr><tr><th scope="row">Letters that did not reach their reader (bounced, complained about)</th><td class="num">0</td></tr><tr><th scope="row">Schools missing a headteacher, chair of governors or trust board chair contact</th><td class="num">1</td></tr><tr><th scope="row">Input rows rejected</th><td class="num">2</td></tr><tr><th scope="row">Schools with school-to-school support brokered</th><td class="num">1</td></tr><tr><th scope="row">Schools with a need referred to the TSC board</th><td class="num">0</td></tr><tr><th scope="row">Task groups</th><td class="num">1</td></tr></tbody>',
      '</table>',
      '<p class="note" id="good-or-better">Good or better, here and in every chart, measure and report: A school is counted good or better when its latest graded inspection or report card found it good or outstanding (single-word judgements), every key judgement good or outstanding (key judgements without an overall grade), or every area at the expected standard or above with safeguarding met (report cards), and it is not in a category of concern; an ungraded inspection since does not change that. Schools with no graded inspection or report card, or whose latest gave no grade that could be read, are not counted.</p>',
      '',
      '<h2 id="charts">Charts</h2>',
      '',
      '<h2 id="since-last-term">What changed since last term</h2>',
      '',
      '',
      '',
      '<table><caption>Every category change this term (1)</caption>',
      '<thead><tr><th scope="col">School</th><th scope="col">URN</th><th scope="col">AAG area</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Reasons</th></tr></thead>',
      '<tbody><tr class="worst"><td><a href="schools/100001.html">Alpha &amp; Sons</a></td><td>100001</td><td>Ashdown</td><td>C</td><td>D</td><td>Reason &lt;D&gt; (evidence)<br></td></tr></tbody>',
      '</table>',
      '',
      '',
      '',
      '',
      '',
      '<h2 id="by-area">Categories by AAG area</h2>',
      '<table><caption>Schools in each category, by AAG area</caption>',
      '<thead><tr><th scope="col">AAG area</th><th scope="col" class="num">A</th><th scope="col" class="num">B</th><th scope="col" class="num">C</th><th scope="col" class="num">D</th><th scope="col" class="num">Total</th></tr></thead>',
      '<tbody><tr><th scope="row">Ashdown</th><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">1</td><td class="num">1</td></tr><tr><th scope="row">Riverton</th><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">2</td></tr><tr><th scope="row">The authority</th><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">1</td><td class="num">3</td></tr></tbody>',
      '</table>',
      '<div id="undecided"><table><caption>How each AAG dealt with its proposals</caption>',
      '<thead><tr><th scope="col">AAG area</th><th scope="col">Outcome</th><th scope="col" class="num">Agreed</th><th scope="col" class="num">Overridden</th><th scope="col" class="num">Undecided</th></tr></thead>',
      '<tbody><tr><th scope="row">Ashdown</th><td>decided</td><td class="num">1</td><td class="num">0</td><td class="num">0</td></tr><tr><th scope="row">Riverton</th><td><strong>no decisions by the deadline: the proposals stand, undecided</strong></td><td class="num">0</td><td class="num">0</td><td class="num">2</td></tr></tbody>',
      '</table>',
      '<p class="note">A proposal no AAG decides by its deadline stands as the school\'s category, recorded as undecided, never as agreed. This methodology holds the letters of such a change until the AAG decides (its decisions put in, and the term run again) or the ECB confirms (the term run again with confirmChanges).</p></div>',
      '',
      '<h2 id="concern">Schools receiving support: visits, brokered support and task groups</h2>',
      '<table><caption>Schools in a category that brings support (1)</caption>',
      '<thead><tr><th scope="col">School</th><th scope="col">Category</th><th scope="col">AAG area</th><th scope="col">Support school</th><th scope="col">System leader or LIO making the visits</th><th scope="col" class="num">Adviser visits this term</th><th scope="col">Task group chair</th><th scope="col">Latest task-group report</th><th scope="col">Referred to the TSC board</th></tr></thead>',
      '<tbody><tr class="worst"><td><a href="schools/100001.html">Alpha &amp; Sons</a></td><td>D</td><td>Ashdown</td><td>School 100002 (county)</td><td><em>none with capacity: asked of the TSC board</em></td><td class="num">2</td><td><em>needs a chair</em></td><td></td><td></td></tr></tbody>',
      '</table>',
      '',
      '',
      '<h2 id="chairs">For consortium and network chairs</h2>',
      '<p>Every consortium or network chair recorded on the consortia sheet leads a school that does not need support.</p>',
      '<table><caption>Schools newly in a category that brings support, for their consortium or network chair (1)</caption>',
      '<thead><tr><th scope="col">Consortium or network</th><th scope="col">Chair</th><th scope="col">Schools</th><th scope="col">From</th><th scope="col">To</th></tr></thead>',
      '<tbody><tr><td>Ashdown North Primary Consortium</td><td><em>no chair on the consortia sheet</em></td><td><a href="schools/100003.html">School 100003</a></td><td>none</td><td>C</td></tr></tbody>',
      '</table>',
      '<h2 id="warning-notices">Formal warning notices</h2>',
      '<p>The cycle has no warning notice or academy referral before the ECB this term.</p>',
      '',
      '<p>No formal warning notice is recorded for a school in this report.</p>',
      '<h2 id="at-risk">At risk: for the AAGs to review</h2>',
      '<p>No school outside the categories of concern is flagged by the early-warning policy this term.</p>',
      '<h2 id="flags">Statutory and national flags</h2>',
      '<p>No school is eligible for intervention, coasting or stuck on its inspection history.</p>',
      '<h2 id="capacity">Capacity for the Teaching Schools and Capacity (TSC) board</h2>',
      '<p>No system leaders are recorded for this term.</p>',
      '<h2 id="data-quality">Data quality</h2>',
      '<p>2 input rows were rejected; <code>rejected.csv</code> has a line for each problem, naming the file, row, column and value, and what was expected. Correct them in the source and run the term again.</p>',
      '',
      '<p>A letter cannot be sent without these contacts. Schools marked * changed category this term, so a letter is waiting: add the contact to the contacts sheet and run the term again (letters already sent are not sent twice).</p>',
      '<table><caption>Missing contacts (1)</caption>',
      '<thead><tr><th scope="col">School</th><th scope="col">URN</th><th scope="col">AAG area</th><th scope="col">Missing contact</th></tr></thead>',
      '<tbody><tr><td><a href="schools/100001.html">Alpha &amp; Sons</a> *</td><td>100001</td><td>Ashdown</td><td>chair of governors</td></tr></tbody>',
      '</table>',
      '',
      '</main>',
      '</body></html>',
      '',
    ]);
  });

  it('summarises the cycle', () => {
    expect(summarise(input)).toEqual({
      term: '2026-autumn',
      methodology: 'default-2026',
      schools: 3,
      categories: { A: 1, B: 0, C: 1, D: 1 },
      overridden: 0,
      undecided: 0,
      changes: 1,
      emailsSent: 5,
      emailsAlreadySent: 1,
      emailsFailed: 0,
      emailsPending: 0,
      lettersHeld: 0,
      lettersAwaitingDecision: 0,
      correctionsHeld: 0,
      correctionsSent: 0,
      missingContacts: 1,
      lettersToFollowUp: 0,
      rejectedRows: 2,
      rejectedProblems: 2,
      brokered: 1,
      unmetNeeds: 0,
      taskGroups: 1,
      durationMs: 1234,
    });
  });

  it("shows an AAG area's own system leaders' capacity as kept for it, its support schools by name wherever they are, and which figures are the authority's", () => {
    const ashdown: ReportInput = {
      ...input,
      area: 'Ashdown',
      schools: input.schools.filter((s) => s.district === 'Ashdown'),
      capacity: [{ designation: 'NLE', phase: 'primary', area: 'Ashdown', leaders: 2, capacity: 5, used: 4 }],
    };
    const page = reportHtml(ashdown);
    expect(page).toContain(
      '<td>NLE</td><td>primary</td><td>Ashdown</td><td class="num">2</td><td class="num">5</td><td class="num">4</td><td class="num">1</td>',
    );
    // Its support school is a Riverton school: named, not its URN.
    expect(page).toContain('<td>School 100002</td><td>elsewhere</td><td class="num">1</td>');
    expect(page).toContain('System leaders based in the Ashdown AAG area this term');
    expect(reportHtml({ ...ashdown, capacity: [] })).toContain(
      '<p>No system leaders are based in this area this term.</p>',
    );
    // Its figures are its own schools', but for the run's letters and the intake's rejected rows, which say so.
    expect(page).toContain('<th scope="row">Letters sent this run, across the authority</th><td class="num">5</td>');
    expect(page).toContain('<th scope="row">Input rows rejected, across the authority</th>');
    expect(reportHtml(input)).toContain('<th scope="row">Letters sent this run</th><td class="num">5</td>');
    expect(reportHtml(input)).toContain('<p>No system leaders are recorded for this term.</p>');
  });

  it('writes the report with categories by district and escapes the data', () => {
    const page = reportHtml(input);
    expect(page).toContain(
      '<tr><th scope="row">Riverton</th><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">2</td></tr>',
    );
    expect(page).toContain('Alpha &amp; Sons');
    expect(page).toContain('Reason &lt;D&gt;');
    expect(page).not.toContain('Reason <D>');
    expect(page).toContain('<em>needs a chair</em>');
    expect(page).toContain(
      '2 input rows were rejected; <code>rejected.csv</code> has a line for each problem, naming the file, row, column and value',
    );
    expect(page).toContain(
      '<tr><th scope="row">Riverton</th><td><strong>no decisions by the deadline: the proposals stand, undecided</strong></td><td class="num">0</td><td class="num">0</td><td class="num">2</td>',
    );
    expect(page).toContain('This methodology holds the letters of such a change until the AAG decides');
    // Every table says what it is, with its column headers in a thead.
    expect(page.match(/<table>/g)!.length).toBe(page.match(/<table><caption>/g)!.length);
    expect(page.match(/<table>/g)!.length).toBe(page.match(/<thead>/g)!.length);
  });

  it('lists each formal warning notice as its latest record leaves it, in force first, with both dates', () => {
    const records = [
      {
        urn: '100003',
        type: 'warning notice',
        date: '2026-06-12',
        status: 'issued',
        summary: 'Standards unacceptably low',
      },
      {
        urn: '100003',
        type: 'warning notice',
        date: '2026-12-09',
        status: 'withdrawn',
        summary: 'Withdrawn: the school complied',
      },
      { urn: '100001', type: 'warning notice', date: '2026-10-01', status: 'issued', summary: 'Safeguarding failures' },
      { urn: '100002', type: 'concern', date: '2026-10-01', status: 'open', summary: 'Not a notice' },
    ] as const;
    expect(warningNotices(records)).toEqual([
      { urn: '100001', status: 'in force', issued: '2026-10-01', summary: 'Safeguarding failures' },
      {
        urn: '100003',
        status: 'withdrawn',
        issued: '2026-06-12',
        withdrawn: '2026-12-09',
        summary: 'Withdrawn: the school complied',
      },
    ]);
    const page = reportHtml({ ...input, warningNotices: records });
    expect(page).toContain('<caption>Warning notices issued by the ECB: 1 in force, 1 withdrawn</caption>');
    expect(page).toContain(
      '<tr><td><a href="schools/100001.html">Alpha &amp; Sons</a></td><td>100001</td><td>Ashdown</td><td>D</td><td><strong>in force</strong></td><td>1 Oct 2026</td><td></td><td>Safeguarding failures</td></tr>',
    );
    expect(reportHtml(input)).toContain('<p>No formal warning notice is recorded for a school in this report.</p>');
  });

  it('sets the visits planned last term against the notes of those made in it, and flags the missed first', () => {
    const planned = [
      { ...input.support[0]!, urn: '100001', category: 'D', visitsThisTerm: 2 },
      { ...input.support[0]!, urn: '100003', category: 'C', visitsThisTerm: 1 },
    ];
    const note = (urn: string, date: string) => ({
      urn,
      date,
      visitor: 'Lia Officer (LIO)',
      focus: 'Reading',
      findings: 'Better',
      nextSteps: 'Group pupils',
    });
    // 100001: one visit in the term, one before it began (last year's), so one of two is missed. 100003: its one, made.
    const visits = visitsPlannedAndDone(
      planned,
      [
        note('100001', '2026-10-01'),
        note('100001', '2026-07-01'),
        note('100003', '2026-12-10'),
        note('100003', '2027-01-05'),
      ],
      '2026-09-03',
      '2027-01-05',
    );
    expect(visits.map((v) => [v.urn, v.planned, v.done, v.missed])).toEqual([
      ['100001', 2, 1, 1],
      ['100003', 1, 1, 0],
    ]);
    const page = reportHtml({ ...input, visits: { term: '2026-autumn', schools: visits } });
    expect(page).toContain(
      '2 of the 3 visits planned for the autumn term 2026 at 2 schools have their note. <strong>1 school missed 1 of the visits planned for the autumn term 2026</strong>',
    );
    expect(page).toContain('<caption>Schools that missed a visit planned for the autumn term 2026 (1)</caption>');
    expect(page).toContain(
      '<td class="num">2</td><td class="num">1</td><td class="num"><strong>1</strong></td><td>1 Oct 2026, Lia Officer (LIO): Reading. Better. Next steps: Group pupils</td><td><em>none yet</em></td>',
    );
  });

  it('lists the schools with a statutory flag, with its evidence', () => {
    const flagged = {
      ...input.assessments[2]!,
      flags: [{ flag: 'stuck' as const, evidence: 'below good at the inspections of 10 Jan 2024 and 10 Jan 2021' }],
    };
    const page = reportHtml({ ...input, assessments: [input.assessments[0]!, input.assessments[1]!, flagged] });
    expect(page).toContain('<caption>Schools with a statutory or national flag (1)</caption>');
    expect(page).toContain(
      '<td>100003</td><td>Riverton</td><td>C</td><td>stuck</td><td>below good at the inspections of 10 Jan 2024 and 10 Jan 2021</td>',
    );
    expect(reportHtml(input)).toContain(
      '<p>No school is eligible for intervention, coasting or stuck on its inspection history.</p>',
    );
  });

  it('flags a consortium chair whose own school needs support, and tells each chair of schools newly in C or D', () => {
    const schools = [
      school({ urn: '100001', district: 'Ashdown', consortium: 'North', chairsConsortium: true, name: 'Chair School' }),
      school({ urn: '100002', district: 'Ashdown', consortium: 'North' }),
      school({ urn: '100003', district: 'Riverton', consortium: 'South', chairsConsortium: true }),
      school({ urn: '100004', district: 'Riverton', consortium: 'South' }),
    ];
    const assessments = [
      assessment('100001', 'C', 'B'),
      assessment('100002', 'D', 'A'),
      assessment('100003', 'A', 'A'),
      assessment('100004', 'C', 'C'),
    ];
    const brokered = new Set(['C', 'D']);
    expect(chairsInConcern(schools, assessments, brokered)).toEqual([
      { urn: '100001', consortium: 'North', district: 'Ashdown', category: 'C' },
    ]);
    // 100004 was in C already: not news. The chair of North is told of both its schools, its own among them.
    expect(
      newsForChairs(schools, assessments, brokered).map((n) => [
        n.consortium,
        n.chair?.urn,
        n.newlyVulnerable.map((a) => a.urn),
      ]),
    ).toEqual([['North', '100001', ['100001', '100002']]]);
    const page = reportHtml({ ...input, schools, assessments, support: [], taskGroups: [], missingContacts: [] });
    expect(page).toContain('<caption>Chairs whose own school is in a category that brings support (1)</caption>');
    expect(page).toContain(
      '<tr><td>North</td><td><a href="schools/100001.html">Chair School</a></td><td>Ashdown</td><td>C</td></tr>',
    );
  });

  it('orders consortia by name, and flags no chair of a school without a consortium or without a category', () => {
    const schools = [
      school({ urn: '100001', consortium: 'West', chairsConsortium: true }),
      school({ urn: '100002', consortium: 'East', chairsConsortium: true }),
      school({ urn: '100003', consortium: undefined, chairsConsortium: true }),
      school({ urn: '100004', consortium: 'North', chairsConsortium: true }),
      school({ urn: '100005', consortium: 'West' }),
    ];
    const assessments = [
      assessment('100001', 'C', 'B'),
      assessment('100002', 'D'),
      assessment('100003', 'D', 'A'),
      assessment('100005', 'D', 'B'),
    ];
    const brokered = new Set(['C', 'D']);
    expect(chairsInConcern(schools, assessments, brokered).map((c) => c.consortium)).toEqual(['East', 'West']);
    expect(
      newsForChairs(schools, assessments, brokered).map((n) => [n.consortium, n.chair?.urn, n.newlyVulnerable.length]),
    ).toEqual([
      ['East', '100002', 1],
      ['West', '100001', 2],
    ]);
  });

  it('lists missing contacts, marking the changed schools whose letter is waiting', () => {
    expect(reportHtml(input)).toContain(
      '<tr><td><a href="schools/100001.html">Alpha &amp; Sons</a> *</td><td>100001</td><td>Ashdown</td><td>chair of governors</td></tr>',
    );
    expect(parseCsv(missingContactsCsv(input.schools, input.missingContacts)).records.map((r) => r.values)).toEqual([
      { URN: '100001', School: 'Alpha & Sons', 'AAG area': 'Ashdown', 'Missing contact': 'chair of governors' },
    ]);
  });

  it('writes every assessment to CSV', () => {
    const rows = parseCsv(assessmentsCsv(input.schools, input.assessments)).records.map((r) => r.values);
    expect(rows.map((r) => [r.URN, r['Previous category'], r.Category, r.Changed])).toEqual([
      ['100001', 'C', 'D', 'yes'],
      ['100002', 'A', 'A', 'no'],
      ['100003', '', 'C', 'no'],
    ]);
  });
});

describe("the report's charts", () => {
  it('give each chart its data as a table, and mark only what has schools in it', () => {
    const byArea = categoriesByArea(DEFAULT_METHODOLOGY, input.schools, input.assessments);
    expect(byArea.table).toEqual({
      headers: ['AAG area', 'A', 'B', 'C', 'D', 'Total'],
      rows: [
        ['Ashdown', 0, 0, 0, 1, 1],
        ['Riverton', 1, 0, 1, 0, 2],
      ],
    });
    expect((byArea.spec.data as { values: unknown[] }).values).toHaveLength(3);
    const moved = movements(DEFAULT_METHODOLOGY, input.assessments);
    expect(moved.table.headers).toEqual(['Previous category', 'to A', 'to B', 'to C', 'to D']);
    expect(moved.description).toMatch(/of \d+ schools moved/);
    const trend = categoriesOverTerms(DEFAULT_METHODOLOGY, [
      { term: '2026-autumn', categories: { A: 2, B: 0, C: 1, D: 0 } },
      { term: '2027-spring', categories: { A: 1, B: 1, C: 1, D: 0 } },
    ]);
    expect(trend.table.rows).toEqual([
      ['autumn term 2026', 2, 0, 1, 0],
      ['spring term 2027', 1, 1, 1, 0],
    ]);
    expect((trend.spec.data as { values: unknown[] }).values).toHaveLength(5);
    expect(trend.description).toBe(
      "The authority's schools in each category in each of the 2 terms the cycle has run.",
    );
    // An AAG area's report says whose schools its trend counts.
    expect(
      categoriesOverTerms(DEFAULT_METHODOLOGY, [{ term: '2026-autumn', categories: { A: 2 } }], 'Ashdown').description,
    ).toBe("The Ashdown AAG area's schools in each category in the one term the cycle has run.");
  });

  it('keeps one colour per category by its severity, from green to red', () => {
    expect(categoryColours(DEFAULT_METHODOLOGY)).toEqual({
      domain: ['A', 'B', 'C', 'D'],
      range: ['#00703c', '#1d70b8', '#f47738', '#d4351c'],
    });
  });

  it('are drawn to SVG with vega, labelled for screen readers', async () => {
    const svg = await drawChart(categoriesByArea(DEFAULT_METHODOLOGY, input.schools, input.assessments));
    expect(svg).toMatch(
      /^<svg role="img" aria-label="Schools in each category in each AAG area this term \(3 schools\)\."/,
    );
    expect(svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/)![1]!.match(/<path/g)).toHaveLength(3);
  });

  // The drawing as vega makes it from the whole specification, rows, title and all: what drawChart gave before it kept
  // compiled charts.
  const drawnWhole = async (chart: Chart) => {
    const view = new vega.View(vega.parse(compile(chart.spec as never).spec), { renderer: 'none' });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  };

  it('are each drawn with their own rows, where charts of one shape are compiled once: as drawn from their whole specification', async () => {
    const figures = { sent: 12, alreadySent: 3, failed: 0, pending: 0, held: 0, toFollowUp: 1 };
    // One shape (the letters chart), drawn three times with other rows, and a chart of another shape between.
    const charts = [
      letters(figures),
      letters({ ...figures, sent: 40, failed: 2 }),
      categoriesByArea(DEFAULT_METHODOLOGY, input.schools, input.assessments),
      letters({ ...figures, sent: 1, alreadySent: 0 }),
    ];
    const drawn: string[] = [];
    for (const chart of charts) drawn.push(await drawChart(chart));
    for (const [i, chart] of charts.entries())
      expect(drawn[i], chart.description).toBe(
        (await drawnWhole(chart)).replace('<svg ', `<svg role="img" aria-label="${chart.description}" `),
      );
    expect(new Set(drawn).size).toBe(4);
  });

  it('are each drawn with their own title where it names their area (the rest of the shape compiled once): as drawn from their whole specification', async () => {
    const measure = (name: string, values: number[]): MeasureRow =>
      ({
        measure: { name, target: { value: 80 } },
        history: values.map((value, i) => ({ term: ['2026-autumn', '2027-spring'][i]!, value: { value } })),
      }) as unknown as MeasureRow;
    const rows = [measure('Good or better', [70, 74]), measure('Attendance', [91, 93])];
    const charts = [
      measuresChart(rows, 'the Ashdown AAG area'),
      measuresChart(rows, 'the Riverton AAG area'),
      measuresChart([measure('Good or better', [60, 61])], 'the authority'),
    ];
    for (const chart of charts)
      expect(await drawChart(chart), chart.title).toBe(
        (await drawnWhole(chart)).replace('<svg ', `<svg role="img" aria-label="${chart.description}" `),
      );
    // Two of one shape drawn at once, each with its own title.
    const [ashdown, riverton] = await Promise.all([drawChart(charts[0]!), drawChart(charts[1]!)]);
    expect(ashdown).toContain('Measures of success term by term, the Ashdown AAG area');
    expect(ashdown).not.toContain('Riverton');
    expect(riverton).toContain('Measures of success term by term, the Riverton AAG area');
  });
  it("make each of a shape's expressions once: another chart of that shape compiles none, and is drawn as from its whole specification", async () => {
    const figures = { sent: 12, alreadySent: 3, failed: 0, pending: 0, held: 0, toFollowUp: 1 };
    const measure = (name: string, values: number[]): MeasureRow =>
      ({
        measure: { name, target: { value: 80 } },
        history: values.map((value, i) => ({ term: ['2026-autumn', '2027-spring'][i]!, value: { value } })),
      }) as unknown as MeasureRow;
    const shapes = [
      (n: number) => letters({ ...figures, sent: n }),
      (n: number) => measuresChart([measure('Good or better', [n, n + 4])], `area ${n}`),
      (n: number) =>
        movements(DEFAULT_METHODOLOGY, [assessment('100001', 'D', n % 2 ? 'C' : 'B'), assessment('100002', 'A', 'B')]),
    ];
    for (const shape of shapes) await drawChart(shape(1));
    // Vega compiles an expression with the global Function: counted while three more of the same shapes are drawn.
    const compiled = vi.spyOn(globalThis, 'Function');
    try {
      const again = shapes.map((shape) => shape(7));
      const drawn: string[] = [];
      for (const chart of again) drawn.push(await drawChart(chart));
      expect(compiled).not.toHaveBeenCalled();
      compiled.mockRestore();
      for (const [i, chart] of again.entries())
        expect(drawn[i], chart.description).toBe(
          (await drawnWhole(chart)).replace('<svg ', `<svg role="img" aria-label="${chart.description}" `),
        );
    } finally {
      compiled.mockRestore();
    }
  });
});

describe("the report's Ofsted charts", () => {
  const inspection = (urn: string, startDate: string, fields: Partial<Inspection>): Inspection => ({
    urn,
    startDate,
    era: 'single-word',
    keyJudgements: [],
    reportCard: [],
    ...fields,
  });
  it('reads every era against good or better, and counts each school by its latest inspection', () => {
    expect(ofstedBand(inspection('1', '2022-01-01', { overallEffectiveness: 2 }))).toBe('good or better');
    expect(ofstedBand(inspection('1', '2022-01-01', { overallEffectiveness: 3 }))).toBe('below good');
    expect(
      ofstedBand(
        inspection('1', '2025-01-01', {
          era: 'key-judgements',
          keyJudgements: [
            { area: 'quality of education', grade: 2 },
            { area: 'leadership and management', grade: 3 },
          ],
        }),
      ),
    ).toBe('below good');
    expect(
      ofstedBand(
        inspection('1', '2026-02-01', {
          era: 'report-card',
          reportCard: [
            { area: 'achievement', grade: 'expected standard' },
            { area: 'inclusion', grade: 'strong standard' },
          ],
          safeguardingMet: true,
        }),
      ),
    ).toBe('good or better');
    expect(
      ofstedBand(
        inspection('1', '2026-02-01', {
          era: 'report-card',
          reportCard: [{ area: 'achievement', grade: 'needs attention' }],
        }),
      ),
    ).toBe('below good');
    // An ungraded inspection gives no grade: the school stands as its latest graded inspection or report card found it.
    expect(ofstedBand(inspection('1', '2024-01-01', { era: 'ungraded', ungradedOutcome: 'School remains Good' }))).toBe(
      'no grade given',
    );
    expect(
      ofstedBand(inspection('1', '2024-01-01', { era: 'ungraded', ungradedOutcome: 'Standards maintained' })),
    ).toBe('no grade given');
    expect(
      ofstedBand(inspection('1', '2022-01-01', { overallEffectiveness: 2, categoryOfConcern: 'serious weaknesses' })),
    ).toBe('below good');
    const chart = ofstedByEra([
      inspection('1', '2019-01-01', { overallEffectiveness: 4 }),
      inspection('1', '2026-02-01', {
        era: 'report-card',
        reportCard: [{ area: 'achievement', grade: 'expected standard' }],
      }),
      inspection('2', '2022-01-01', { overallEffectiveness: 1 }),
    ]);
    expect(chart.table.rows).toEqual([
      ['graded, single word (to Sep 2024)', 1, 0],
      ['report card (from Nov 2025)', 1, 0],
    ]);
    expect(
      goodOrBetterOverTerms([
        {
          term: '2026-autumn',
          ...goodOrBetterOf([
            inspection('1', '2019-01-01', { overallEffectiveness: 4 }),
            inspection('2', '2022-01-01', { overallEffectiveness: 1 }),
          ]),
        },
      ]).table.rows,
    ).toEqual([['autumn term 2026', 50, 1, 2]]);
  });

  it("gives one good-or-better figure, whatever says it: the term in figures, the charts and the ECB's measure agree", () => {
    // Good at a graded inspection, then an ungraded one that gave no grade; below good; never inspected; a report card.
    const all = [
      inspection('1', '2019-01-01', { overallEffectiveness: 2 }),
      inspection('1', '2023-06-01', { era: 'ungraded', ungradedOutcome: 'Standards maintained' }),
      inspection('2', '2022-01-01', { overallEffectiveness: 3 }),
      inspection('3', '2026-02-01', {
        era: 'report-card',
        reportCard: [{ area: 'achievement', grade: 'expected standard' }],
        safeguardingMet: true,
      }),
      inspection('4', '2018-05-01', {
        overallEffectiveness: undefined,
        unreadable: [{ judgement: 'overall effectiveness', value: '5' }],
      }),
    ];
    expect(goodOrBetterOf(all)).toEqual({ good: 2, inspected: 3 });
    const byEra = ofstedByEra(all).table.rows;
    expect(byEra.reduce((n, r) => n + Number(r[1]), 0)).toBe(2);
    expect(byEra.reduce((n, r) => n + Number(r[1]) + Number(r[2]), 0)).toBe(3);
    const measure = {
      id: 'g',
      name: 'Good or better',
      definition: { kind: 'share-good-or-better' as const },
      unit: 'percent' as const,
      direction: 'up' as const,
    };
    const schools = ['1', '2', '3', '4', '5'].map((urn) => school({ urn }));
    expect(
      measureSums(
        measure as never,
        { schools, assessments: [], inspections: all, performance: [], measureFigures: [] } as never,
      ),
    ).toEqual({ kind: 'good-or-better', good: 2, banded: 3 });
  });
});

describe('the TSC board and the schools receiving support, in the report', () => {
  const request = (urn: string, answered: boolean, raisedIn = '2026-autumn') => ({
    urn,
    district: 'Ashdown',
    category: 'C',
    need: 'a system leader or LIO' as const,
    detail: 'no system leader or LIO for the primary phase has capacity this term',
    raisedIn,
    ...(answered
      ? { response: { urn, need: 'a system leader or LIO' as const, outcome: 'none' as const, date: '2026-10-20' } }
      : {}),
  });
  it('counts the requests it lists: open and answered add up to the table', () => {
    const support = [
      {
        ...input.support[0]!,
        leader: undefined,
        unmet: ['no system leader or LIO for the primary phase has capacity this term'],
        tscRequests: [request('100001', false), request('100002', true), request('100003', true)],
      },
    ];
    const page = reportHtml({ ...input, figures: { ...input.figures, term: '2027-spring' }, support });
    expect(page).toContain(
      '3 requests to the board this term: 1 is open (<strong>1 unanswered since an earlier term</strong>), and 2 were answered with this term&#39;s files.',
    );
    expect(page).toContain(
      '<caption>Requests to the TSC board (3: 1 open, 2 answered with this term&#39;s files)</caption>',
    );
    // A school with visits and no one to make them says so, rather than "none" beside its visits.
    expect(page).toContain('<em>none with capacity: asked of the TSC board</em></td><td class="num">2</td>');
  });
});

describe('data quality in the report', () => {
  it('says when Ofsted lists schools of the authority that the register does not have', () => {
    const page = reportHtml({ ...input, figures: { ...input.figures, ofstedNotInRegister: 2 } });
    expect(page).toContain(
      '<strong>Ofsted lists 2 schools under the authority that the register does not have</strong>: <code>intake-report.txt</code> names them.',
    );
    expect(reportHtml(input)).not.toContain('that the register does not have');
  });
});
