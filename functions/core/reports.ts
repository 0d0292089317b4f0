/**
 * Reporting to the Area Analysis Groups and the Education Challenge Board: categories by district, the changes
 * this term, the C and D schools with the support brokered and their task groups; plus a machine-readable
 * summary and a CSV of every assessment.
 */
import type { BrokeredSupport } from './brokering';
import { decidingReasons, groupReasons } from './categorisation';
import { toCsv } from './csv';
import { html, type Html } from './html';
import { brokeredCategories, severity, type Methodology } from './methodology';
import type { TaskGroup } from './task-groups';
import { describeTerm } from './term';
import type { Assessment, Category, RejectedRow, School } from './types';

export interface CycleFigures {
  readonly term: string;
  readonly rejectedRows: number;
  readonly emailsSent: number;
  readonly emailsAlreadySent: number;
  readonly emailsFailed: number;
  /** Letters claimed by a run that did not finish, whose lease has not yet run out: the next run sends them. */
  readonly emailsPending: number;
  /** Letters held because the ECB did not confirm a term whose changes passed its limit, and why. */
  readonly lettersHeld?: number;
  readonly heldBecause?: string;
  readonly durationMs: number;
}

export interface CycleSummary {
  term: string;
  methodology: string;
  schools: number;
  categories: Record<Category, number>;
  overridden: number;
  changes: number;
  emailsSent: number;
  emailsAlreadySent: number;
  emailsFailed: number;
  emailsPending: number;
  lettersHeld: number;
  missingContacts: number;
  lettersToFollowUp: number;
  rejectedRows: number;
  brokered: number;
  unmetNeeds: number;
  taskGroups: number;
  durationMs: number;
}

/** How each district's AAG dealt with the proposed categories. */
export interface DistrictModeration {
  district: string;
  outcome: 'decided' | 'deadline passed' | 'agreed automatically';
  agreed: number;
  overridden: number;
}

export interface ReportInput {
  readonly authorityName: string;
  readonly methodology: Methodology;
  readonly moderation?: readonly DistrictModeration[];
  readonly figures: CycleFigures;
  readonly schools: readonly School[];
  readonly assessments: readonly Assessment[];
  readonly support: readonly BrokeredSupport[];
  readonly taskGroups: readonly TaskGroup[];
  /** Headteacher, chair of governors or trust board chair contacts the LA has not got. */
  readonly missingContacts: readonly MissingContact[];
  /** Letters of the term that did not reach their reader: bounced, complained about, rejected. */
  readonly lettersToFollowUp?: readonly LetterToFollowUp[];
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

export function countCategories(methodology: Methodology, assessments: readonly Pick<Assessment, 'category'>[]): Record<Category, number> {
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
    changes: input.assessments.filter((a) => a.changed).length,
    emailsSent: input.figures.emailsSent,
    emailsAlreadySent: input.figures.emailsAlreadySent,
    emailsFailed: input.figures.emailsFailed,
    emailsPending: input.figures.emailsPending,
    lettersHeld: input.figures.lettersHeld ?? 0,
    missingContacts: input.missingContacts.length,
    lettersToFollowUp: (input.lettersToFollowUp ?? []).length,
    rejectedRows: input.figures.rejectedRows,
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
    const described = (reasons: Assessment['reasons']) => groupReasons(reasons).map((r) => `${r.text} (${r.evidence})`).join('; ');
    return [a.term, a.urn, s?.name, s?.district, s?.consortium, s?.phase, s?.isAcademy ? 'academy' : 'maintained', a.previousCategory, a.proposedCategory ?? a.category, a.moderation?.decision ?? '', a.category, a.changed ? 'yes' : 'no', described(deciding), described(other), a.moderation?.rationale ?? '', a.methodologyId];
  });
  return toCsv(['Term', 'URN', 'School', 'AAG area', 'Consortium', 'Phase', 'Governance', 'Previous category', 'Proposed category', 'AAG decision', 'Category', 'Changed', 'Reasons', 'Other evidence', 'AAG rationale', 'Methodology'], rows);
}

export function missingContactsCsv(schools: readonly School[], missing: readonly MissingContact[]): string {
  const bySchool = new Map(schools.map((s) => [s.urn, s]));
  return toCsv(['URN', 'School', 'AAG area', 'Missing contact'], missing.map((m) => [m.urn, bySchool.get(m.urn)?.name, bySchool.get(m.urn)?.district, m.role]));
}

export function rejectedCsv(rejected: readonly RejectedRow[]): string {
  return toCsv(['File', 'Row', 'Column', 'Value', 'Expected'], rejected.map((r) => [r.file, r.row, r.column, r.value, r.expected]));
}

export function reportHtml(input: ReportInput): string {
  const summary = summarise(input);
  const schools = new Map(input.schools.map((s) => [s.urn, s]));
  const name = (urn: string) => schools.get(urn)?.name ?? urn;
  const districts = [...new Set(input.schools.map((s) => s.district))].sort();
  const inDistrict = (d: string) => input.assessments.filter((a) => schools.get(a.urn)?.district === d);
  const changes = input.assessments.filter((a) => a.changed).sort(byName(schools));
  const groups = new Map(input.taskGroups.map((g) => [g.urn, g]));
  const m = input.methodology;
  const support = [...input.support].sort((a, b) => (a.category === b.category ? byName(schools)(a, b) : severity(m, b.category) - severity(m, a.category)));
  const ids = m.categories.map((c) => c.id);
  const categoryCells = (counts: Record<Category, number>): Html[] => ids.map((c) => html`<td class="num">${counts[c] ?? 0}</td>`);
  const brokered = new Set(brokeredCategories(m));
  const rowClass = (category: string) => (severity(m, category) === ids.length - 1 ? 'worst' : brokered.has(category) ? 'support' : '');
  const overrides = input.assessments.filter((a) => a.moderation?.decision === 'override').sort(byName(schools));

  const page = html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>${input.authorityName}: school improvement, ${describeTerm(summary.term)}</title>
<style>
body { font-family: Arial, sans-serif; color: #0b0c0c; margin: 2em; max-width: 70em }
table { border-collapse: collapse; margin: 1em 0 } th, td { border: 1px solid #b1b4b6; padding: .3em .6em; text-align: left; vertical-align: top }
th { background: #f3f2f1 } td.num { text-align: right } .worst { background: #f6d7d2 } .support { background: #fff2d3 }
.note { color: #505a5f }
</style></head><body>
<h1>${input.authorityName}: school improvement cycle, ${describeTerm(summary.term)}</h1>
<p class="note">Confidential: for the Area Analysis Groups and the Education Challenge Board. Methodology: ${m.title} (${m.id}, effective ${m.effectiveFrom}).</p>
${input.figures.heldBecause
  ? html`<h2>Letters held for the Education Challenge Board</h2>
<p><strong>${summary.lettersHeld} letters were not sent.</strong> ${input.figures.heldBecause}. They are in <code>held-letters/</code>. If the changes are right, the ECB confirms them and the term is run again (<code>"confirmChanges": true</code>); if not, fix the cause first.</p>`
  : ''}
<h2>Summary</h2>
<table>
<tr><th>Schools categorised</th><td class="num">${summary.schools}</td></tr>
<tr><th>Category changes</th><td class="num">${summary.changes}</td></tr>
<tr><th>Proposals overridden by an AAG</th><td class="num">${summary.overridden}</td></tr>
<tr><th>Letters sent this run</th><td class="num">${summary.emailsSent}</td></tr>
<tr><th>Letters already sent earlier</th><td class="num">${summary.emailsAlreadySent}</td></tr>
<tr><th>Letters that could not be sent</th><td class="num">${summary.emailsFailed}</td></tr>
<tr><th>Letters left unfinished by an earlier run, sent by the next run once their lease ends</th><td class="num">${summary.emailsPending}</td></tr>
<tr><th>Letters held for the ECB's confirmation</th><td class="num">${summary.lettersHeld}</td></tr>
<tr><th>Missing headteacher, chair or trust contacts</th><td class="num">${summary.missingContacts}</td></tr>
<tr><th>Input rows rejected</th><td class="num">${summary.rejectedRows}</td></tr>
<tr><th>Schools with school-to-school support brokered</th><td class="num">${summary.brokered}</td></tr>
<tr><th>Needs referred to the TSC board</th><td class="num">${summary.unmetNeeds}</td></tr>
<tr><th>Task groups</th><td class="num">${summary.taskGroups}</td></tr>
</table>
<h2>Categories by district</h2>
<table><tr><th>District (AAG)</th>${ids.map((c) => html`<th>${c}</th>`)}<th>Total</th></tr>
${districts.map((d) => html`<tr><td>${d}</td>${categoryCells(countCategories(m, inDistrict(d)))}<td class="num">${inDistrict(d).length}</td></tr>`)}
<tr><th>County</th>${categoryCells(summary.categories)}<th class="num">${summary.schools}</th></tr>
</table>
${input.moderation && input.moderation.length > 0
  ? html`<h2>AAG moderation</h2>
<table><tr><th>District (AAG)</th><th>Outcome</th><th>Agreed</th><th>Overridden</th></tr>
${input.moderation.map((d) => html`<tr><td>${d.district}</td><td>${d.outcome === 'deadline passed' ? html`<strong>no decisions by the deadline: the proposals stand</strong>` : d.outcome}</td><td class="num">${d.agreed}</td><td class="num">${d.overridden}</td></tr>`)}
</table>
${overrides.length > 0
  ? html`<table><tr><th>School</th><th>URN</th><th>Proposed</th><th>Agreed</th><th>AAG rationale</th></tr>
${overrides.map((a) => html`<tr><td>${name(a.urn)}</td><td>${a.urn}</td><td>${a.proposedCategory}</td><td>${a.category}</td><td>${a.moderation?.rationale}</td></tr>`)}
</table>`
  : ''}`
  : ''}
<h2>Category changes this term</h2>
${changes.length === 0
  ? html`<p>No school's category changed.</p>`
  : html`<table><tr><th>School</th><th>URN</th><th>District</th><th>From</th><th>To</th><th>Reasons</th></tr>
${changes.map((a) => html`<tr class="${rowClass(a.category)}"><td>${name(a.urn)}</td><td>${a.urn}</td><td>${schools.get(a.urn)?.district}</td><td>${a.previousCategory}</td><td>${a.category}</td><td>${groupReasons(decidingReasons(a)).map((r) => html`${r.text} (${r.evidence})<br>`)}</td></tr>`)}
</table>`}
<h2>Schools receiving support: visits, brokered support and task groups</h2>
${support.length === 0
  ? html`<p>No school is in a category that receives support.</p>`
  : html`<table><tr><th>School</th><th>Cat.</th><th>District</th><th>Support school</th><th>System leader / LIO</th><th>Visits this term</th><th>Task group chair</th><th>Last task-group report</th><th>Referred to TSC board</th></tr>
${support.map((s) => {
  const group = groups.get(s.urn);
  return html`<tr class="${rowClass(s.category)}"><td>${name(s.urn)}</td><td>${s.category}</td><td>${s.district}</td><td>${s.provider ? html`${s.provider.name} (${s.provider.matchedWithin})` : s.brokered ? html`<em>none</em>` : ''}</td><td>${s.leader ? `${s.leader.name} (${s.leader.designation})` : html`<em>none</em>`}</td><td class="num">${s.visitsThisTerm}</td><td>${group?.chair ? `${group.chair.name} (${group.chair.designation})` : group ? html`<em>needs a chair</em>` : ''}</td><td>${group?.lastReport ? `${group.lastReport.term}: ${group.lastReport.impact}` : ''}</td><td>${s.unmet.join('; ')}</td></tr>`;
})}
</table>`}
${input.missingContacts.length > 0
  ? html`<h2>Missing contacts</h2>
<p>A letter cannot be sent without these. Schools marked * changed category this term, so a letter is waiting: add the contact and run the term again (letters already sent are not sent twice).</p>
<table><tr><th>School</th><th>URN</th><th>District</th><th>Missing contact</th></tr>
${input.missingContacts.map((m) => html`<tr><td>${name(m.urn)}${changes.some((a) => a.urn === m.urn) ? ' *' : ''}</td><td>${m.urn}</td><td>${schools.get(m.urn)?.district}</td><td>${m.role}</td></tr>`)}
</table>`
  : ''}
${(input.lettersToFollowUp ?? []).length > 0
  ? html`<h2>Letters that did not reach their reader</h2>
<p>SES could not deliver these, or their reader complained: check the contact, and send the letter again by hand.</p>
<table><tr><th>School</th><th>URN</th><th>Recipient</th><th>What happened</th><th>When</th></tr>
${(input.lettersToFollowUp ?? []).map((l) => html`<tr><td>${name(l.urn)}</td><td>${l.urn}</td><td>${l.role}</td><td>${l.what}</td><td>${l.at ?? ''}</td></tr>`)}
</table>`
  : ''}
${summary.rejectedRows > 0
  ? html`<h2>Rejected input rows</h2><p>${summary.rejectedRows} rows were rejected; see rejected.csv for the file, row, column and value of each.</p>`
  : ''}
</body></html>
`;
  return page.value;
}
