/**
 * Reporting to the Area Analysis Groups and the Education Challenge Board: categories by district, the changes
 * this term, the C and D schools with the support brokered and their task groups; plus a machine-readable
 * summary and a CSV of every assessment.
 */

import { decidingReasons, groupReasons } from '../assessment/categorisation';
import { GOOD_OR_BETTER_DEFINITION } from '../assessment/good-or-better';
import { brokeredCategories, type Methodology, severity } from '../assessment/methodology';
import { type DistrictModeration, decisionInWords } from '../assessment/moderation';
import { groupBy, groupByUrn } from '../collections';
import { toCsv } from '../csv';
import { formatDate } from '../dates';
import { Html, html } from '../html';
import { openNotices, type WarningNotice } from '../intervention/warning-notices';
import type { CorrectionRow } from '../letters/corrections';
import { expectedOf } from '../sheets';
import type { BrokeredSupport } from '../support/brokering';
import type { TaskGroup } from '../support/task-groups';
import { describeTerm } from '../term';
import type { Assessment, Category, Intelligence, RejectedRow, School, SystemLeader } from '../types';
import { count } from '../words';
import type { Chart } from './charts';
import { chairsInConcern, newsForChairs } from './consortia';
import type { VisitsInTerm } from './visits';

export interface CycleFigures {
  readonly term: string;
  readonly rejectedRows: number;
  /** The problems rejected.csv lists for those rows (a row may have several) and for files that could not be used. */
  readonly rejectedProblems?: number;
  /** Schools Ofsted lists under the authority that the register does not have (the intake report lists them). */
  readonly ofstedNotInRegister?: number;
  readonly emailsSent: number;
  readonly emailsAlreadySent: number;
  readonly emailsFailed: number;
  /** Letters claimed by a run that did not finish, whose lease has not yet run out: the next run sends them. */
  readonly emailsPending: number;
  /** Letters held because the ECB did not confirm a term whose changes passed its limit, and why. */
  readonly lettersHeld?: number;
  readonly heldBecause?: string;
  /** The letters were held by the stage's own setting (letters: hold), not for the ECB. */
  readonly heldByStage?: boolean;
  /** The stage redirects letters: every one sent this run went to this test mailbox. */
  readonly redirectedTo?: string;
  /** Of the letters held, those of changes no AAG decided by its deadline (the methodology holds them). */
  readonly lettersAwaitingDecision?: number;
  readonly correctionsHeld?: number;
  readonly correctionsSent?: number;
  readonly durationMs: number;
}

export interface CycleSummary {
  term: string;
  methodology: string;
  schools: number;
  categories: Record<Category, number>;
  overridden: number;
  /** Proposals no AAG decided by its deadline: they stand as the school's category, undecided. */
  undecided: number;
  changes: number;
  emailsSent: number;
  emailsAlreadySent: number;
  emailsFailed: number;
  emailsPending: number;
  lettersHeld: number;
  /** Of the letters held, those waiting for a decision no AAG made by its deadline. */
  lettersAwaitingDecision: number;
  /** Corrections to letters sent earlier in the term: held until the ECB confirms, and sent this run. */
  correctionsHeld: number;
  correctionsSent: number;
  missingContacts: number;
  lettersToFollowUp: number;
  /**
   * Where a stage that redirects its letters sent them: its test mailbox (absent where letters go to their readers).
   */
  lettersRedirectedTo?: string;
  rejectedRows: number;
  /**
   * The lines of rejected.csv: each problem with a row (a row may have several), and each file that could not be used.
   */
  rejectedProblems: number;
  brokered: number;
  unmetNeeds: number;
  taskGroups: number;
  durationMs: number;
}

/** How each district's AAG dealt with the proposed categories. */
export type { DistrictModeration } from '../assessment/moderation';

export interface ReportInput {
  readonly authorityName: string;
  readonly methodology: Methodology;
  readonly moderation?: readonly DistrictModeration[];
  /** AAG decisions that could not be applied: the first of them word for word, and how many there were. */
  readonly decisionsNotApplied?: { readonly shown: readonly string[]; readonly count: number };
  /** The ECB's decisions on warning notices that could not be applied: the first word for word, and how many. */
  readonly noticeDecisionsNotApplied?: { readonly shown: readonly string[]; readonly count: number };
  readonly figures: CycleFigures;
  readonly schools: readonly School[];
  readonly assessments: readonly Assessment[];
  readonly support: readonly BrokeredSupport[];
  readonly taskGroups: readonly TaskGroup[];
  /** Headteacher, chair of governors or trust board chair contacts the LA has not got. */
  readonly missingContacts: readonly MissingContact[];
  /** Letters of the term that did not reach their reader: bounced, complained about, rejected. */
  readonly lettersToFollowUp?: readonly LetterToFollowUp[];
  /** The term's system leaders, for the TSC board's view of capacity. */
  readonly systemLeaders?: readonly SystemLeader[];
  /**
   * For an AAG area's report: its own system leaders' capacity, as the term's figures kept it (in place of
   * systemLeaders).
   */
  readonly capacity?: readonly CapacityRow[];
  /** Last term's visits: those the brokering planned against the notes of those made. */
  readonly visits?: { readonly term: string; readonly schools: readonly VisitsInTerm[] };
  /** The authority's record of formal warning notices, issued and withdrawn (its intelligence sheet). */
  readonly warningNotices?: readonly Intelligence[];
  /** The warning notices (and academies' referrals) the cycle carries, as the term leaves them. */
  readonly notices?: readonly WarningNotice[];
  /** Corrections to letters already sent this term (letters/corrections.ts): sent, or held for the ECB. */
  readonly corrections?: readonly CorrectionRow[];
  /**
   * The schools good or better this term, as the term's figures counted them (good-or-better.ts: the one definition).
   */
  readonly goodOrBetter?: { readonly good: number; readonly inspected: number };
  /** The charts, drawn (functions/adapters/charts.ts). */
  readonly charts?: readonly DrawnChart[];
  /** The ECB's measures of success, as functions/core/measures/measures-report.ts shows them. */
  readonly measures?: Html;
  /** For an AAG area's own report: the area. */
  readonly area?: string;
  /** Where each school's page is, from this report (default schools/<urn>.html). */
  readonly schoolLink?: (urn: string) => string;
  /** The reports for each AAG area, from the authority's report. */
  readonly areaLinks?: readonly { area: string; href: string }[];
  /** Each multi-academy trust's page, from the authority's report. */
  readonly trustLinks?: readonly { area: string; href: string }[];
}

/** A chart and its SVG. */
export interface DrawnChart {
  readonly chart: Chart;
  readonly svg: string;
}

export interface LetterToFollowUp {
  urn: string;
  role: string;
  /** What became of it, e.g. "Permanent bounce (General)", with when. */
  what: string;
  at?: string;
}

export interface MissingContact {
  urn: string;
  role: string;
}

export function countCategories(
  methodology: Methodology,
  assessments: readonly Pick<Assessment, 'category'>[],
): Record<Category, number> {
  const counts: Record<Category, number> = Object.fromEntries(methodology.categories.map((c) => [c.id, 0]));
  for (const a of assessments) counts[a.category] = (counts[a.category] ?? 0) + 1;
  return counts;
}

export function summarise(input: ReportInput): CycleSummary {
  return {
    term: input.figures.term,
    methodology: input.methodology.id,
    schools: input.assessments.length,
    categories: countCategories(input.methodology, input.assessments),
    overridden: input.assessments.filter((a) => a.moderation?.decision === 'override').length,
    undecided: input.assessments.filter((a) => a.moderation?.decision === 'undecided').length,
    changes: input.assessments.filter((a) => a.changed).length,
    emailsSent: input.figures.emailsSent,
    emailsAlreadySent: input.figures.emailsAlreadySent,
    emailsFailed: input.figures.emailsFailed,
    emailsPending: input.figures.emailsPending,
    lettersHeld: input.figures.lettersHeld ?? 0,
    lettersAwaitingDecision: input.figures.lettersAwaitingDecision ?? 0,
    correctionsHeld: input.figures.correctionsHeld ?? 0,
    correctionsSent: input.figures.correctionsSent ?? 0,
    missingContacts: input.missingContacts.length,
    lettersToFollowUp: (input.lettersToFollowUp ?? []).length,
    ...(input.figures.redirectedTo ? { lettersRedirectedTo: input.figures.redirectedTo } : {}),
    rejectedRows: input.figures.rejectedRows,
    rejectedProblems: input.figures.rejectedProblems ?? input.figures.rejectedRows,
    brokered: input.support.filter((s) => s.brokered && s.provider !== undefined).length,
    unmetNeeds: input.support.filter((s) => s.unmet.length > 0).length,
    taskGroups: input.taskGroups.length,
    durationMs: input.figures.durationMs,
  };
}

const byName = (schools: Map<string, School>) => (a: { urn: string }, b: { urn: string }) =>
  (schools.get(a.urn)?.name ?? a.urn).localeCompare(schools.get(b.urn)?.name ?? b.urn);

export function assessmentsCsv(schools: readonly School[], assessments: readonly Assessment[]): string {
  const bySchool = new Map(schools.map((s) => [s.urn, s]));
  const rows = [...assessments].sort(byName(bySchool)).map((a) => {
    const s = bySchool.get(a.urn);
    const deciding = decidingReasons(a);
    const other = a.reasons.filter((r) => !deciding.includes(r) && r.rule !== 'otherwise');
    const described = (reasons: Assessment['reasons']) =>
      groupReasons(reasons)
        .map((r) => `${r.text} (${r.evidence})`)
        .join('; ');
    return [
      a.term,
      a.urn,
      s?.name,
      s?.district,
      s?.consortium,
      s?.phase,
      s?.isAcademy ? 'academy' : 'maintained',
      a.previousCategory,
      a.proposedCategory ?? a.category,
      decisionInWords(a.moderation),
      a.category,
      a.changed ? 'yes' : 'no',
      described(deciding),
      described(other),
      a.moderation?.rationale ?? '',
      a.methodologyId,
    ];
  });
  return toCsv(
    [
      'Term',
      'URN',
      'School',
      'AAG area',
      'Consortium',
      'Phase',
      'Governance',
      'Previous category',
      'Proposed category',
      'AAG decision',
      'Category',
      'Changed',
      'Reasons',
      'Other evidence',
      'AAG rationale',
      'Methodology',
    ],
    rows,
  );
}

export function missingContactsCsv(schools: readonly School[], missing: readonly MissingContact[]): string {
  const bySchool = new Map(schools.map((s) => [s.urn, s]));
  return toCsv(
    ['URN', 'School', 'AAG area', 'Missing contact'],
    missing.map((m) => [m.urn, bySchool.get(m.urn)?.name, bySchool.get(m.urn)?.district, m.role]),
  );
}

export function rejectedCsv(rejected: readonly RejectedRow[]): string {
  return toCsv(
    ['File', 'Row', 'Column', 'Value', 'Expected'],
    rejected.map((r) => [r.file, r.row, r.column, r.value, expectedOf(r)]),
  );
}

/** The report's look on screen and on A4 paper: table headers repeat on each page, nothing is cut. */
export const REPORT_STYLE = `
body { font-family: Arial, sans-serif; color: #0b0c0c; margin: 2em; max-width: 72em; line-height: 1.4 }
a { color: #1d70b8 } a:visited { color: #4c2c92 }
table { border-collapse: collapse; margin: .5em 0 1.5em } th, td { border: 1px solid #b1b4b6; padding: .3em .6em; text-align: left; vertical-align: top }
thead th, tbody th[scope=row] { background: #f3f2f1 } caption { text-align: left; font-weight: bold; padding: .3em 0 }
td.num, th.num { text-align: right } .worst { background: #f6d7d2 } .support { background: #fff2d3 }
.worst a, .support a { color: #003078 }
.note { color: #505a5f } .key span { display: inline-block; padding: 0 .5em; margin-right: .5em; border: 1px solid #b1b4b6 }
figure { margin: 1em 0 2em } figure svg { max-width: 100%; height: auto } figcaption { font-weight: bold; margin-bottom: .3em }
details { margin-top: .3em } .unmet { border-left: 5px solid #d4351c; padding-left: 1em }
nav ul { columns: 2 }
@page { size: A4; margin: 15mm 12mm 18mm }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt }
  thead { display: table-header-group } tr, figure, .unmet { break-inside: avoid } h2 { break-after: avoid }
  details > *:not(summary) { display: block } details summary { display: none }
  a { color: inherit; text-decoration: none } nav { display: none }
}`;

/** A table with its caption, column headers and (optionally) a header cell for each row. */
export function dataTable(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly (Html | string | number | undefined)[])[],
  options: { numeric?: readonly number[]; rowClass?: (i: number) => string; rowHeader?: boolean } = {},
): Html {
  const numeric = new Set(options.numeric ?? []);
  return html`<table><caption>${caption}</caption>
<thead><tr>${headers.map((h, i) => html`<th scope="col"${numeric.has(i) ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((row, r) => html`<tr${options.rowClass?.(r) ? html` class="${options.rowClass(r)}"` : ''}>${row.map((cell, i) => (i === 0 && options.rowHeader ? html`<th scope="row">${cell ?? ''}</th>` : html`<td${numeric.has(i) ? html` class="num"` : ''}>${cell ?? ''}</td>`))}</tr>`)}</tbody>
</table>`;
}

/** A chart drawn at build time, with its caption and its data as a table (its text alternative). */
export function figure(chart: DrawnChart): Html {
  return html`<figure id="${chart.chart.id}" data-chart="${chart.chart.id}"><figcaption>${chart.chart.title}</figcaption>
<p class="note">${chart.chart.description}</p>
${new Html(chart.svg)}
<details><summary>The chart's figures as a table</summary>${dataTable(chart.chart.title, chart.chart.table.headers, chart.chart.table.rows, { numeric: chart.chart.table.headers.map((_, i) => i).slice(1), rowHeader: true })}</details>
</figure>`;
}

export function reportHtml(input: ReportInput): string {
  const summary = summarise(input);
  // An AAG area's report counts its own schools, but the run's letters and the intake's rejected rows are the
  // authority's.
  const authorityWide = input.area ? ', across the authority' : '';
  const schools = new Map(input.schools.map((s) => [s.urn, s]));
  const link = (urn: string) =>
    html`<a href="${input.schoolLink?.(urn) ?? `schools/${urn}.html`}">${schools.get(urn)?.name ?? urn}</a>`;
  const districts = [...new Set(input.schools.map((s) => s.district))].sort();
  const assessmentsIn = groupBy(input.assessments, (a) => schools.get(a.urn)?.district);
  const inDistrict = (d: string) => assessmentsIn.get(d) ?? [];
  const changes = input.assessments.filter((a) => a.changed).sort(byName(schools));
  const groups = new Map(input.taskGroups.map((g) => [g.urn, g]));
  const m = input.methodology;
  const support = [...input.support].sort((a, b) =>
    a.category === b.category ? byName(schools)(a, b) : severity(m, b.category) - severity(m, a.category),
  );
  const ids = m.categories.map((c) => c.id);
  const brokered = new Set(brokeredCategories(m));
  const rowClass = (category: string) =>
    severity(m, category) === ids.length - 1 ? 'worst' : brokered.has(category) ? 'support' : '';
  const overrides = input.assessments.filter((a) => a.moderation?.decision === 'override').sort(byName(schools));
  const chosenSupport = support.filter((s) => s.chosenByAag || s.choiceRefused);
  const changedSupport = support.filter((s) => s.changedBecause);
  const changedAfterAgreed = support.filter((s) => s.changedAfterAgreed);
  const flagged = input.assessments.filter((a) => (a.flags ?? []).length > 0).sort(byName(schools));
  const intoConcern = changes.filter((a) => brokered.has(a.category) && !brokered.has(a.previousCategory ?? ''));
  const outOfConcern = changes.filter((a) => !brokered.has(a.category) && brokered.has(a.previousCategory ?? ''));
  const unmet = support.filter((s) => s.unmet.length > 0);
  const reasons = (a: Assessment) => groupReasons(decidingReasons(a)).map((r) => html`${r.text} (${r.evidence})<br>`);
  const changeRows = (list: readonly Assessment[]) =>
    list.map((a) => [
      link(a.urn),
      a.urn,
      schools.get(a.urn)?.district,
      a.previousCategory,
      a.category,
      html`${reasons(a)}`,
    ]);
  const title = `${input.authorityName}${input.area ? `, ${input.area} AAG area` : ''}: school improvement, ${describeTerm(summary.term)}`;

  return reportPage(
    title,
    html`<header>
<h1>${title}</h1>
<p class="note">Confidential: for the Area Analysis Groups (AAGs) and the Education Challenge Board (ECB). Methodology: ${m.title} (${m.id}, effective ${m.effectiveFrom}).</p>
<p class="key">Rows are shaded by category: <span class="worst">${ids[ids.length - 1]}: the most serious</span><span class="support">receiving brokered support</span><span>others</span></p>
</header>
<nav aria-label="Sections"><ul>
<li><a href="#unmet">Needs the AAGs could not meet</a></li><li><a href="#summary">Summary</a></li>${input.measures ? html`<li><a href="#measures">Measures of success</a></li>` : ''}<li><a href="#charts">Charts</a></li>
<li><a href="#since-last-term">What changed since last term</a></li><li><a href="#by-area">Categories by AAG area</a></li><li><a href="#concern">Schools receiving support</a></li><li><a href="#chairs">For consortium and network chairs</a></li><li><a href="#warning-notices">Formal warning notices</a></li><li><a href="#at-risk">At risk</a></li><li><a href="#flags">Statutory flags</a></li>
<li><a href="#capacity">Capacity for the TSC board</a></li><li><a href="#data-quality">Data quality</a></li>
${(input.areaLinks ?? []).length > 0 ? html`<li>Reports for each AAG area: ${(input.areaLinks ?? []).map((l, i) => html`${i > 0 ? ', ' : ''}<a href="${l.href}">${l.area}</a>`)}</li>` : ''}
${(input.trustLinks ?? []).length > 0 ? html`<li>Multi-academy trusts: ${(input.trustLinks ?? []).map((l, i) => html`${i > 0 ? ', ' : ''}<a href="${l.href}">${l.area}</a>`)}</li>` : ''}
</ul></nav>
<main>
${
  input.figures.redirectedTo
    ? html`<h2>Letters went to the test mailbox</h2>
<p><strong>This stage sends every letter to its test mailbox, ${input.figures.redirectedTo}</strong>, not to its reader: the ${count(summary.emailsSent, 'letter')} sent this run went there, each saying whom it was written for. No headteacher, chair of governors or trust was written to.</p>`
    : ''
}
${
  input.figures.heldByStage
    ? html`<h2>Letters held by this stage</h2>
<p><strong>${count(summary.lettersHeld, 'letter')} ${summary.lettersHeld === 1 ? 'was' : 'were'} not sent</strong>: ${input.figures.heldBecause}. They are in <code>held-letters/</code>.</p>`
    : input.figures.heldBecause
      ? html`<h2>Letters held for the Education Challenge Board</h2>
<p><strong>${count(summary.lettersHeld - summary.lettersAwaitingDecision, 'letter')} ${summary.lettersHeld - summary.lettersAwaitingDecision === 1 ? 'was' : 'were'} not sent.</strong> ${input.figures.heldBecause}. They are in <code>held-letters/</code>. If the changes are right, the ECB confirms them and the term is run again (<code>"confirmChanges": true</code>); if not, fix the cause first.</p>`
      : ''
}
${
  summary.lettersAwaitingDecision > 0
    ? html`<h2>Letters held until an AAG decides</h2>
<p><strong>${count(summary.lettersAwaitingDecision, 'letter')} ${summary.lettersAwaitingDecision === 1 ? 'was' : 'were'} not sent</strong>: ${summary.lettersAwaitingDecision === 1 ? 'it is' : 'they are'} about ${count(input.assessments.filter((a) => a.changed && a.moderation?.decision === 'undecided' && !a.moderation.confirmedBy).length, 'change')} of category that no AAG decided by its deadline, and the methodology holds such letters until the AAG decides or the ECB confirms (see <a href="#undecided">How each AAG dealt with its proposals</a>). They are in <code>held-letters/</code>. To send them, the AAG puts its decisions in and the term is run again, or the ECB confirms the term's changes and the term is run again with <code>"confirmChanges": true</code>.</p>`
    : ''
}
<section class="unmet" id="unmet"><h2>Needs the AAGs could not meet: requests to the Teaching Schools and Capacity (TSC) board</h2>
${tscRequestsSection(support, unmet, link, input.figures.term)}
</section>
<h2 id="summary">Summary</h2>
${dataTable(
  'The term in figures',
  ['Figure', 'Number'],
  [
    ['Schools categorised', summary.schools],
    ['Category changes', summary.changes],
    ['Proposals overridden by an AAG', summary.overridden],
    ['Proposals no AAG decided by its deadline (they stand, undecided)', summary.undecided],
    [`Letters sent this run${authorityWide}`, summary.emailsSent],
    [`Letters already sent earlier${authorityWide}`, summary.emailsAlreadySent],
    [`Letters that could not be sent${authorityWide}`, summary.emailsFailed],
    [
      `Letters left unfinished by a run that died, still within their lease after this run waited for it (the next run sends each, once)${authorityWide}`,
      summary.emailsPending,
    ],
    [
      `Letters held, not sent (for the ECB's confirmation, an AAG's decision, or by this stage)${authorityWide}`,
      summary.lettersHeld,
    ],
    [`Corrections to letters sent earlier this term: sent this run${authorityWide}`, summary.correctionsSent],
    [`Corrections held until the ECB confirms${authorityWide}`, summary.correctionsHeld],
    ['Letters that did not reach their reader (bounced, complained about)', summary.lettersToFollowUp],
    ['Schools missing a headteacher, chair of governors or trust board chair contact', summary.missingContacts],
    [`Input rows rejected${authorityWide}`, summary.rejectedRows],
    ['Schools with school-to-school support brokered', summary.brokered],
    ['Schools with a need referred to the TSC board', summary.unmetNeeds],
    ['Task groups', summary.taskGroups],
    ...(input.goodOrBetter
      ? [
          [
            'Schools good or better (of those with a graded inspection or report card)',
            `${input.goodOrBetter.good} of ${input.goodOrBetter.inspected}${input.goodOrBetter.inspected > 0 ? ` (${(Math.round((1000 * input.goodOrBetter.good) / input.goodOrBetter.inspected) / 10).toFixed(1)}%)` : ''}`,
          ] as [string, string],
        ]
      : []),
  ],
  { numeric: [1], rowHeader: true },
)}
<p class="note" id="good-or-better">Good or better, here and in every chart, measure and report: ${GOOD_OR_BETTER_DEFINITION}</p>
${
  input.measures
    ? html`<h2 id="measures">Measures of success</h2>
${input.measures}`
    : ''
}
<h2 id="charts">Charts</h2>
${(input.charts ?? []).map(figure)}
<h2 id="since-last-term">What changed since last term</h2>
${changes.length === 0 ? html`<p>No school's category changed.</p>` : ''}
${intoConcern.length > 0 ? dataTable(`Newly in a category that brings support (${intoConcern.length})`, ['School', 'URN', 'AAG area', 'From', 'To', 'Reasons'], changeRows(intoConcern), { rowClass: (i) => rowClass(intoConcern[i]!.category) }) : ''}
${outOfConcern.length > 0 ? dataTable(`Moved out of a category that brings support (${outOfConcern.length})`, ['School', 'URN', 'AAG area', 'From', 'To', 'Reasons'], changeRows(outOfConcern)) : ''}
${changes.length > 0 ? dataTable(`Every category change this term (${changes.length})`, ['School', 'URN', 'AAG area', 'From', 'To', 'Reasons'], changeRows(changes), { rowClass: (i) => rowClass(changes[i]!.category) }) : ''}
${
  (input.corrections ?? []).length > 0
    ? html`<p><strong>Letters sent earlier this term announced a category that a rerun of the term has changed: ${count(input.corrections!.length, 'school')}.</strong> Each is written a correction saying what we wrote, what is now so and why; a correction waits, like any change, until the ECB confirms the term's changes (the term run again with <code>"confirmChanges": true</code>).</p>
${dataTable(
  `Corrections to letters already sent this term (${input.corrections!.length})`,
  ['School', 'URN', 'The letters said', 'Sent', 'Category now', 'The correction'],
  input.corrections!.map((c) => [
    link(c.urn),
    c.urn,
    `changed from ${c.said.from} to ${c.said.to}`,
    formatDate(c.said.on),
    c.now,
    c.status === 'held for the ECB'
      ? html`<strong>held until the ECB confirms</strong>`
      : `sent ${formatDate(c.status.sent)}`,
  ]),
)}`
    : ''
}
${
  overrides.length > 0
    ? dataTable(
        `Proposals the AAGs overrode (${overrides.length})`,
        ['School', 'URN', 'Proposed', 'Agreed', 'AAG rationale'],
        overrides.map((a) => [link(a.urn), a.urn, a.proposedCategory, a.category, a.moderation?.rationale]),
      )
    : ''
}
${
  chosenSupport.length > 0
    ? dataTable(
        `Support the AAGs chose in place of the brokering's proposal (${chosenSupport.length})`,
        [
          'School',
          'URN',
          'AAG area',
          'Support school',
          'System leader or LIO',
          'AAG rationale',
          'Choice that could not stand',
        ],
        chosenSupport.map((s) => [
          link(s.urn),
          s.urn,
          s.district,
          s.chosenByAag?.provider ? s.provider?.name : html`<em>as brokered</em>`,
          s.chosenByAag?.leader && s.leader ? `${s.leader.name} (${s.leader.designation})` : html`<em>as brokered</em>`,
          s.chosenByAag?.rationale ?? '',
          (s.choiceRefused ?? []).join('; '),
        ]),
      )
    : ''
}
${
  changedAfterAgreed.length > 0
    ? html`<p><strong>The brokering changed support the AAG${input.area ? '' : 's'} had agreed for ${count(changedAfterAgreed.length, 'school')}</strong>: what an AAG agreed on its sheet stands unless it cannot (its school now in another category, its places taken by another AAG's own choice). ${input.area ? 'This report tells the AAG.' : "Each AAG's own report lists its schools."}</p>
${dataTable(
  `Support changed after the AAG agreed it (${changedAfterAgreed.length})`,
  ['School', 'URN', 'AAG area', 'Support school now', 'System leader now', 'What changed, and why'],
  changedAfterAgreed.map((s) => [
    link(s.urn),
    s.urn,
    s.district,
    s.provider?.name ?? html`<em>none</em>`,
    s.leader ? `${s.leader.name} (${s.leader.designation})` : html`<em>none</em>`,
    (s.changedAfterAgreed ?? []).join('; '),
  ]),
)}`
    : ''
}
${
  changedSupport.length > 0
    ? dataTable(
        `Support changed since last term (${changedSupport.length}; ${support.filter((s) => s.kept).length} schools kept theirs)`,
        ['School', 'URN', 'AAG area', 'Support school now', 'System leader now', 'Why it changed'],
        changedSupport.map((s) => [
          link(s.urn),
          s.urn,
          s.district,
          s.provider?.name ?? html`<em>none</em>`,
          s.leader ? `${s.leader.name} (${s.leader.designation})` : html`<em>none</em>`,
          (s.changedBecause ?? []).join('; '),
        ]),
      )
    : ''
}
<h2 id="by-area">Categories by AAG area</h2>
${dataTable(
  'Schools in each category, by AAG area',
  ['AAG area', ...ids, 'Total'],
  [
    ...districts.map((d) => {
      const counts = countCategories(m, inDistrict(d));
      return [d, ...ids.map((c) => counts[c] ?? 0), inDistrict(d).length];
    }),
    [
      input.area ? `${input.area} (this report)` : 'The authority',
      ...ids.map((c) => summary.categories[c] ?? 0),
      summary.schools,
    ],
  ],
  { numeric: ids.map((_, i) => i + 1).concat(ids.length + 1), rowHeader: true },
)}
${
  input.moderation && input.moderation.length > 0
    ? html`<div id="undecided">${dataTable(
        'How each AAG dealt with its proposals',
        ['AAG area', 'Outcome', 'Agreed', 'Overridden', 'Undecided'],
        input.moderation.map((d) => [
          d.district,
          d.outcome === 'deadline passed'
            ? html`<strong>no decisions by the deadline: the proposals stand, undecided</strong>`
            : d.outcome,
          d.agreed,
          d.overridden,
          d.undecided,
        ]),
        { numeric: [2, 3, 4], rowHeader: true },
      )}
<p class="note">A proposal no AAG decides by its deadline stands as the school's category, recorded as undecided, never as agreed. ${m.undecidedProposals.letters === 'hold' ? 'This methodology holds the letters of such a change until the AAG decides (its decisions put in, and the term run again) or the ECB confirms (the term run again with confirmChanges).' : 'This methodology sends the letters of such a change as proposed, saying that no AAG decided.'}</p></div>`
    : ''
}
${notApplied('AAG decisions not applied', input.decisionsNotApplied)}
<h2 id="concern">Schools receiving support: visits, brokered support and task groups</h2>
${
  support.length === 0
    ? html`<p>No school is in a category that receives support.</p>`
    : dataTable(
        `Schools in a category that brings support (${support.length})`,
        [
          'School',
          'Category',
          'AAG area',
          'Support school',
          'System leader or LIO making the visits',
          'Adviser visits this term',
          'Task group chair',
          'Latest task-group report',
          'Referred to the TSC board',
        ],
        support.map((s) => {
          const group = groups.get(s.urn);
          return [
            link(s.urn),
            s.category,
            s.district,
            s.provider
              ? `${s.provider.name} (${s.chosenByAag?.provider ? 'chosen by the AAG' : s.kept?.provider ? 'kept from last term' : s.provider.matchedWithin})`
              : s.brokered
                ? html`<em>none found: asked of the TSC board</em>`
                : '',
            s.leader
              ? `${s.leader.name} (${s.leader.designation})`
              : s.visitsThisTerm > 0
                ? html`<em>none with capacity: asked of the TSC board</em>`
                : '',
            s.visitsThisTerm,
            group?.chair
              ? `${group.chair.name} (${group.chair.designation})`
              : group
                ? html`<em>needs a chair</em>`
                : '',
            group?.lastReport
              ? `${describeTerm(group.lastReport.term)}: impact ${group.lastReport.impact}. ${group.lastReport.summary}${group.lastReport.schoolResponse ? ` The school's response: ${group.lastReport.schoolResponse}` : ''}`
              : '',
            s.unmet.join('; '),
          ];
        }),
        { numeric: [5], rowClass: (i) => rowClass(support[i]!.category) },
      )
}
${costOfSupport(support, input.area)}
${visitsTable(input.visits, link, rowClass)}
<h2 id="chairs">For consortium and network chairs</h2>
${chairsSection(input, link, brokered)}
<h2 id="warning-notices">Formal warning notices</h2>
${cycleNoticesSection(input.notices ?? [], link, (urn) => input.assessments.find((a) => a.urn === urn)?.category, rowClass)}
${notApplied("The ECB's decisions on warning notices not applied", input.noticeDecisionsNotApplied)}
${warningNoticesTable(
  warningNotices(
    (input.warningNotices ?? []).filter((r) => !(input.notices ?? []).some((n) => n.urn === r.urn && n.issuedOn)),
  ),
  link,
  (urn) => schools.get(urn)?.district,
  (urn) => input.assessments.find((a) => a.urn === urn)?.category,
)}
<h2 id="at-risk">At risk: for the AAGs to review</h2>
${atRiskSection(input.assessments, link, (urn) => schools.get(urn)?.district)}
<h2 id="flags">Statutory and national flags</h2>
${
  flagged.length === 0
    ? html`<p>No school is eligible for intervention, coasting or stuck on its inspection history.</p>`
    : html`<p>From each school's inspection history and the authority's warning notices: <strong>eligible for intervention</strong> (a category of concern, or a warning notice not complied with), <strong>coasting</strong> (leadership and governance needing attention after concern at the inspection before, under the regulations as amended from 17 November 2025) and <strong>stuck</strong> (below good at two inspections running: eligible for the DfE's RISE support). The methodology decides whether a flag moves a category; the flag is shown either way.</p>
${dataTable(
  `Schools with a statutory or national flag (${flagged.length})`,
  ['School', 'URN', 'AAG area', 'Category', 'Flag', 'Evidence'],
  flagged.flatMap((a) =>
    (a.flags ?? []).map((f) => [link(a.urn), a.urn, schools.get(a.urn)?.district, a.category, f.flag, f.evidence]),
  ),
  { rowClass: (i) => rowClass(flagged.flatMap((a) => (a.flags ?? []).map(() => a.category))[i]!) },
)}`
}
<h2 id="capacity">Capacity for the Teaching Schools and Capacity (TSC) board</h2>
${capacityTables(input)}
<h2 id="data-quality">Data quality</h2>
${
  summary.rejectedRows > 0
    ? html`<p>${count(summary.rejectedRows, 'input row')} ${summary.rejectedRows === 1 ? 'was' : 'were'} rejected${summary.rejectedProblems !== summary.rejectedRows ? `, with ${count(summary.rejectedProblems, 'problem')} between them` : ''}; <code>rejected.csv</code> has a line for each problem, naming the file, row, column and value, and what was expected. Correct them in the source and run the term again.</p>`
    : html`<p>No input row was rejected.</p>`
}
${input.figures.ofstedNotInRegister ? html`<p><strong>Ofsted lists ${count(input.figures.ofstedNotInRegister, 'school')} under the authority that the register does not have</strong>: <code>intake-report.txt</code> names them. Check that the register is the latest extract.</p>` : ''}
${
  input.missingContacts.length > 0
    ? html`<p>A letter cannot be sent without these contacts. Schools marked * changed category this term, so a letter is waiting: add the contact to the contacts sheet and run the term again (letters already sent are not sent twice).</p>
${dataTable(
  `Missing contacts (${input.missingContacts.length})`,
  ['School', 'URN', 'AAG area', 'Missing contact'],
  input.missingContacts.map((c) => [
    html`${link(c.urn)}${changes.some((a) => a.urn === c.urn) ? ' *' : ''}`,
    c.urn,
    schools.get(c.urn)?.district,
    c.role,
  ]),
)}`
    : html`<p>Every school has its headteacher's, chair of governors' and (for an academy) trust board chair's contact.</p>`
}
${
  (input.lettersToFollowUp ?? []).length > 0
    ? html`<p>SES could not deliver these letters, or their reader complained: check the contact, and send the letter again by hand.</p>
${dataTable(
  'Letters that did not reach their reader',
  ['School', 'URN', 'Recipient', 'What happened', 'When'],
  (input.lettersToFollowUp ?? []).map((l) => [link(l.urn), l.urn, l.role, l.what, l.at ?? '']),
)}`
    : ''
}
</main>`,
  );
}

function chairsSection(input: ReportInput, link: (urn: string) => Html, brokered: ReadonlySet<string>): Html {
  const concern = chairsInConcern(input.schools, input.assessments, brokered);
  const news = newsForChairs(input.schools, input.assessments, brokered);
  return html`${
    concern.length === 0
      ? html`<p>Every consortium or network chair recorded on the consortia sheet leads a school that does not need support.</p>`
      : html`<p><strong>Chairs lead schools in a category that does not need support (seed 002): the AAG reviews who chairs ${concern.length === 1 ? 'this consortium or network' : 'these consortia and networks'}.</strong></p>
${dataTable(
  `Chairs whose own school is in a category that brings support (${concern.length})`,
  ['Consortium or network', "Chair's school", 'AAG area', 'Category'],
  concern.map((c) => [c.consortium, link(c.urn), c.district, c.category]),
)}`
  }
${
  news.length === 0
    ? html`<p>No school is newly in a category that brings support, so there is nothing to tell a chair this term.</p>`
    : dataTable(
        `Schools newly in a category that brings support, for their consortium or network chair (${news.reduce((n, c) => n + c.newlyVulnerable.length, 0)})`,
        ['Consortium or network', 'Chair', 'Schools', 'From', 'To'],
        news.flatMap((c) =>
          c.newlyVulnerable.map((a, i) => [
            i === 0 ? c.consortium : '',
            i === 0 ? (c.chair ? link(c.chair.urn) : html`<em>no chair on the consortia sheet</em>`) : '',
            link(a.urn),
            a.previousCategory ?? 'none',
            a.category,
          ]),
        ),
      )
}`;
}

/** What the term's school-to-school support costs, by AAG area, as agreed (days a term at the day rate). */
function costOfSupport(support: readonly BrokeredSupport[], area?: string): Html {
  const agreed = support.filter((s) => s.agreed);
  if (agreed.length === 0) return html``;
  const areas = [...new Set(agreed.map((s) => s.district))].sort();
  const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`;
  const sum = (list: readonly BrokeredSupport[], key: 'days' | 'cost') =>
    list.reduce((n, s) => n + (s.agreed?.[key] ?? 0), 0);
  const agreedIn = groupBy(agreed, (s) => s.district);
  const rows = areas.map((d) => {
    const inArea = agreedIn.get(d) ?? [];
    return [
      d,
      inArea.length,
      sum(inArea, 'days'),
      pounds(sum(inArea, 'cost')),
      [...new Set(inArea.map((s) => s.agreed!.fundedBy))].join('; '),
    ];
  });
  const total = [
    area ? `${area} (this report)` : 'The authority',
    agreed.length,
    sum(agreed, 'days'),
    pounds(sum(agreed, 'cost')),
    [...new Set(agreed.map((s) => s.agreed!.fundedBy))].join('; '),
  ];
  return dataTable(
    'The cost of school-to-school support this term, by AAG area (days agreed with the support schools, at the day rate)',
    ['AAG area', 'Schools supported', 'Days', 'Cost', 'Funded by'],
    [...rows, ...(areas.length > 1 ? [total] : [])],
    { numeric: [1, 2, 3], rowHeader: true },
  );
}

/** Text as a sentence: ending with a full stop unless it ends with its own punctuation. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function visitsTable(
  visits: ReportInput['visits'],
  link: (urn: string) => Html,
  rowClass: (category: string) => string,
): Html {
  if (!visits) return html``;
  const when = describeTerm(visits.term);
  const heading = html`<h3 id="visits">Visits planned and made in the ${when}</h3>`;
  if (visits.schools.length === 0) return html`${heading}<p>No adviser visits were planned for the ${when}.</p>`;
  const missed = visits.schools.filter((v) => v.missed > 0);
  const planned = visits.schools.reduce((n, v) => n + v.planned, 0);
  const noted = visits.schools.reduce((n, v) => n + Math.min(v.done, v.planned), 0);
  if (missed.length === 0)
    return html`${heading}<p>Every one of the ${planned} visits planned for the ${when} at ${visits.schools.length} schools has its note on the visit-notes sheet. Each school's page has its notes and the school's responses.</p>`;
  return html`${heading}<p>${noted} of the ${planned} visits planned for the ${when} at ${visits.schools.length} schools have their note. <strong>${missed.length} ${missed.length === 1 ? 'school' : 'schools'} missed ${missed.reduce((n, v) => n + v.missed, 0)} of the visits planned for the ${when}</strong>: a visit without a note on the visit-notes sheet counts as missed. Check with the visitor, and add the note if the visit was made. Each school's page has its notes and the school's responses.</p>
${dataTable(
  `Schools that missed a visit planned for the ${when} (${missed.length})`,
  ['School', 'AAG area', 'Category then', 'Planned', 'Noted', 'Missed', 'Latest visit', "School's response"],
  missed.map((v) => {
    const latest = v.notes[0];
    return [
      link(v.urn),
      v.district,
      v.category,
      v.planned,
      v.done,
      html`<strong>${v.missed}</strong>`,
      latest
        ? `${formatDate(latest.date)}, ${latest.visitor}: ${sentence(latest.focus)} ${sentence(latest.findings)} Next steps: ${latest.nextSteps}`
        : html`<em>no visit noted</em>`,
      latest?.schoolResponse ?? (latest ? html`<em>none yet</em>` : ''),
    ];
  }),
  { numeric: [3, 4, 5], rowClass: (i) => rowClass(missed[i]!.category) },
)}`;
}

/** A school's formal warning notice as its latest record leaves it: in force, or withdrawn, with both dates. */
export interface WarningNoticeState {
  urn: string;
  status: 'in force' | 'withdrawn';
  issued?: string;
  withdrawn?: string;
  summary: string;
}

/** Each school's warning notice from the authority's records, the latest record deciding whether it is in force. */
export function warningNotices(records: readonly Intelligence[]): WarningNoticeState[] {
  const byUrn = groupByUrn(records.filter((r) => r.type === 'warning notice'));
  return [...byUrn.entries()]
    .map(([urn, list]): WarningNoticeState => {
      const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date));
      const latest = sorted.at(-1)!;
      const issued = sorted.filter((r) => r.status === 'issued').at(-1);
      const withdrawn = latest.status === 'withdrawn';
      return {
        urn,
        status: withdrawn ? 'withdrawn' : 'in force',
        ...(issued ? { issued: issued.date } : {}),
        ...(withdrawn ? { withdrawn: latest.date } : {}),
        summary: latest.summary,
      };
    })
    .sort((a, b) => (a.status === b.status ? a.urn.localeCompare(b.urn) : a.status === 'in force' ? -1 : 1));
}

/** Decisions that could not be applied, and why: the first of them word for word, and how many there were. */
function notApplied(
  title: string,
  problems: { readonly shown: readonly string[]; readonly count: number } | undefined,
): Html | '' {
  if (!problems || problems.count === 0) return '';
  return dataTable(
    `${title} (${problems.count}${problems.count > problems.shown.length ? `; the first ${problems.shown.length} shown` : ''})`,
    ['Why'],
    problems.shown.map((p) => [p]),
  );
}

function warningNoticesTable(
  notices: readonly WarningNoticeState[],
  link: (urn: string) => Html,
  area: (urn: string) => string | undefined,
  category: (urn: string) => string | undefined,
): Html {
  if (notices.length === 0) return html`<p>No formal warning notice is recorded for a school in this report.</p>`;
  return dataTable(
    `Warning notices issued by the ECB: ${notices.filter((n) => n.status === 'in force').length} in force, ${notices.filter((n) => n.status === 'withdrawn').length} withdrawn`,
    ['School', 'URN', 'AAG area', 'Category', 'Status', 'Issued', 'Withdrawn', 'Latest record'],
    notices.map((n) => [
      link(n.urn),
      n.urn,
      area(n.urn),
      category(n.urn),
      n.status === 'in force' ? html`<strong>in force</strong>` : 'withdrawn',
      n.issued ? formatDate(n.issued) : '',
      n.withdrawn ? formatDate(n.withdrawn) : '',
      n.summary,
    ]),
  );
}

/**
 * The requests to the TSC board: each with the school's phase, area and category, what is needed and since when, and
 * the board's answer where it came with this term's files. An unanswered request stays on every report until the
 * board answers it or the AAG's brokering meets the need.
 */
function tscRequestsSection(
  support: readonly BrokeredSupport[],
  unmet: readonly BrokeredSupport[],
  link: (urn: string) => Html,
  term: string,
): Html {
  const requests = support.flatMap((s) => s.tscRequests ?? []);
  // A store written before requests were kept has only each school's unmet needs.
  if (requests.length === 0 && unmet.length > 0)
    return html`<ul>${unmet.map((s) => html`<li>${link(s.urn)} (${s.urn}, category ${s.category}, ${s.district}): ${s.unmet.join('; ')}</li>`)}</ul>`;
  if (requests.length === 0)
    return html`<p>None: every school receiving support was matched with a support school and a system leader, and no request to the board is open.</p>`;
  const open = requests.filter((r) => !r.response);
  const answered = requests.length - open.length;
  const carried = open.filter((r) => r.raisedIn !== term);
  const counts = `${open.length} open${answered > 0 ? `, ${answered} answered with this term's files` : ''}`;
  return html`<p>${count(requests.length, 'request')} to the board this term: ${open.length} ${open.length === 1 ? 'is' : 'are'} open${carried.length > 0 ? html` (<strong>${carried.length} unanswered since an earlier term</strong>)` : ''}${answered > 0 ? `, and ${answered} ${answered === 1 ? 'was' : 'were'} answered with this term's files` : ''}. The board answers on its responses sheet (<code>tsc-responses.csv</code>), taken in with the next term's files.</p>
${dataTable(
  `Requests to the TSC board (${requests.length}: ${counts})`,
  ['School', 'Phase', 'AAG area', 'Category', 'Needed', 'Specialism', 'Asked since', "The board's answer"],
  requests.map((r) => [
    link(r.urn),
    r.phase ?? '',
    r.district,
    r.category,
    r.detail,
    r.specialism ?? '',
    r.raisedIn === term ? describeTerm(r.raisedIn) : html`<strong>${describeTerm(r.raisedIn)}</strong>`,
    r.response
      ? `${r.response.outcome === 'offered' ? `Offered: ${r.response.offered}` : 'None available'} (${formatDate(r.response.date)}${r.response.respondedBy ? `, ${r.response.respondedBy}` : ''})${r.response.note ? `. ${r.response.note}` : ''}`
      : html`<em>not answered yet</em>`,
  ]),
)}`;
}

/** Schools not yet in a category of concern that the methodology's early-warning policy flags, with the evidence. */
function atRiskSection(
  assessments: readonly Assessment[],
  link: (urn: string) => Html,
  area: (urn: string) => string | undefined,
): Html {
  const flagged = assessments
    .filter((a) => a.earlyWarning)
    .sort((a, b) => b.earlyWarning!.score - a.earlyWarning!.score || a.urn.localeCompare(b.urn));
  if (flagged.length === 0)
    return html`<p>No school outside the categories of concern is flagged by the early-warning policy this term.</p>`;
  return html`<p>From the trends in each school's own data (attendance, persistent absence, results beyond the year-to-year noise of a school its size, headteacher turnover, interim leadership, an inspection overdue, results below what its grade would suggest), weighted by the methodology's early-warning policy (${flagged[0]!.earlyWarning!.policy}). Each is on its AAG's sheet as "at risk: review"; no letter follows from it.</p>
${dataTable(
  `Schools at risk (${flagged.length})`,
  ['School', 'AAG area', 'Category', 'Score', 'Evidence'],
  flagged.map((a) => [
    link(a.urn),
    area(a.urn),
    a.category,
    `${a.earlyWarning!.score} (threshold ${a.earlyWarning!.threshold})`,
    a.earlyWarning!.signals.map((s) => s.evidence).join('; '),
  ]),
  { numeric: [3] },
)}`;
}

const NOTICE_STATUS: Record<WarningNotice['status'], string> = {
  proposed: 'proposed to the ECB',
  'not issued': 'not issued',
  issued: 'in force',
  'not complied': 'not complied with: flagged to the ECB for the next step',
  escalated: 'escalated: an Interim Executive Board or suspending the delegated budget',
  withdrawn: 'withdrawn',
  referred: "referred to the DfE's regional team",
  'not referred': 'not referred',
};

/** The notices the cycle carries: each one's status, what the ECB decided this term or is asked, and its dates. */
function cycleNoticesSection(
  all: readonly WarningNotice[],
  link: (urn: string) => Html,
  category: (urn: string) => string | undefined,
  rowClass: (category: string) => string,
): Html {
  const notices = openNotices(all);
  if (notices.length === 0)
    return html`<p>The cycle has no warning notice or academy referral before the ECB this term.</p>`;
  const open = notices.filter((n) => n.question);
  const flagged = notices.filter((n) => n.status === 'not complied' || n.status === 'escalated');
  return html`<p>The cycle proposes a notice by the methodology's policy (for an academy, a referral to the DfE's regional team, which acts on academies); the ECB decides. A notice whose compliance date has passed is judged from the task group's latest report: withdrawn if it finds improvement, or flagged to the ECB for the next step. ${open.length > 0 ? html`<strong>${open.length} ${open.length === 1 ? 'question waits' : 'questions wait'} for the ECB</strong> (its sheet: <code>ecb/warning-notices.csv</code>); unanswered, they are asked again next term.` : 'The ECB has answered every question this term.'}${flagged.length > 0 ? html` <strong>${flagged.length} ${flagged.length === 1 ? 'school has' : 'schools have'} not complied with a notice.</strong>` : ''}</p>
${dataTable(
  `Warning notices and referrals before the ECB (${notices.length})`,
  ['School', 'AAG area', 'Category', 'Kind', 'Status', 'This term', 'Issued', 'Comply by'],
  notices.map((n) => [
    link(n.urn),
    n.district,
    category(n.urn),
    n.kind,
    n.status === 'not complied' || n.status === 'escalated'
      ? html`<strong>${NOTICE_STATUS[n.status]}</strong>`
      : NOTICE_STATUS[n.status],
    n.decided
      ? `The ECB decided: ${n.decided.decision} (${n.decided.rationale})`
      : n.question
        ? html`<em>The ECB is asked: ${n.question}</em>`
        : '',
    n.issuedOn ? formatDate(n.issuedOn) : '',
    n.complianceDate ? formatDate(n.complianceDate) : '',
  ]),
  { rowClass: (i) => rowClass(category(notices[i]!.urn) ?? '') },
)}`;
}

/** Every page the reporting stage writes: the same head and styles, on screen and on paper. */
export function reportPage(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(REPORT_STYLE)}</style></head><body>
${body}
</body></html>
`.value;
}

/**
 * System leaders of one designation, first phase and home AAG area: how many, the schools they can support this term,
 * and how many they support.
 */
export interface CapacityRow {
  designation: string;
  phase: string;
  /** Their home school's AAG area, or "outside the authority". */
  area: string;
  leaders: number;
  capacity: number;
  used: number;
}

/**
 * How many schools each system leader supports, by the leader's id, from the support given (a batch's or the term's).
 */
export function supportByLeader(support: readonly BrokeredSupport[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const s of support) if (s.leader) used.set(s.leader.id, (used.get(s.leader.id) ?? 0) + 1);
  return used;
}

/**
 * The system leaders' capacity used and free, by designation, first phase and home AAG area, from the term's leaders,
 * schools and support.
 */
export function capacityRows(
  leaders: readonly SystemLeader[],
  schools: readonly School[],
  support: readonly BrokeredSupport[],
): CapacityRow[] {
  return capacityRowsOf(leaders, new Map(schools.map((s) => [s.urn, s.district])), supportByLeader(support));
}

/** The same, from each home school's AAG area (those the register has) and the schools each leader supports. */
export function capacityRowsOf(
  leaders: readonly SystemLeader[],
  areaOf: ReadonlyMap<string, string>,
  used: ReadonlyMap<string, number>,
): CapacityRow[] {
  const rows = new Map<string, CapacityRow>();
  for (const l of leaders) {
    const area = (l.homeSchoolUrn && areaOf.get(l.homeSchoolUrn)) || 'outside the authority';
    const phase = l.phases[0] ?? 'any';
    const key = `${l.designation}|${phase}|${area}`;
    const row = rows.get(key) ?? { designation: l.designation, phase, area, leaders: 0, capacity: 0, used: 0 };
    row.leaders += 1;
    row.capacity += l.capacity;
    row.used += used.get(l.id) ?? 0;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.designation.localeCompare(b.designation) || a.phase.localeCompare(b.phase) || a.area.localeCompare(b.area),
  );
}

/**
 * System leaders' capacity (schools they can support this term) used and free, by designation, phase and area: the
 * authority's from its leaders; an AAG area's as the term's figures kept it, its own leaders with what they support
 * across the authority.
 */
function capacityTables(input: ReportInput): Html {
  const list = input.capacity ?? capacityRows(input.systemLeaders ?? [], input.schools, input.support);
  if (list.length === 0)
    return input.capacity
      ? html`<p>No system leaders are based in this area this term.</p>`
      : html`<p>No system leaders are recorded for this term.</p>`;
  // Each support school by its own name, whether or not it is one of this report's schools.
  const providers = new Map<string, { name: string; schools: number }>();
  for (const s of input.support)
    if (s.provider)
      providers.set(s.provider.urn, {
        name: s.provider.name,
        schools: (providers.get(s.provider.urn)?.schools ?? 0) + 1,
      });
  const schools = new Map(input.schools.map((s) => [s.urn, s]));
  const supportSchools = [...providers.entries()].sort((a, b) => b[1].schools - a[1].schools);
  const caption = input.capacity
    ? `System leaders based in the ${input.area ?? ''} AAG area this term: the schools each can support, and those they support anywhere in the authority, by designation and first phase`
    : "System leaders' capacity this term (schools each can support), by designation, first phase and home AAG area";
  return html`${dataTable(
    caption,
    ['Designation', 'Phase', 'AAG area', 'Leaders', 'Capacity', 'Used', 'Free'],
    list.map((r) => [r.designation, r.phase, r.area, r.leaders, r.capacity, r.used, Math.max(0, r.capacity - r.used)]),
    { numeric: [3, 4, 5, 6] },
  )}
${
  supportSchools.length > 0
    ? dataTable(
        'Support schools and the schools each supports this term',
        ['Support school', 'AAG area', 'Schools supported'],
        supportSchools.map(([urn, p]) => [
          p.name,
          schools.get(urn)?.district ?? (input.area ? 'elsewhere' : ''),
          p.schools,
        ]),
        { numeric: [2] },
      )
    : ''
}`;
}
