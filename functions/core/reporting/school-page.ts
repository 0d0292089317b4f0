/**
 * A page for each school, linked from every table of the report: its category term by term (with the AAG's
 * decision), this term's reasons with the evidence and its dates, its support, visits and task group.
 */

import type { EarlyWarningSignal } from '../assessment/early-warning';
import type { Methodology } from '../assessment/methodology';
import { decisionInWords } from '../assessment/moderation';
import { FLAG_IN_WORDS, type FlagFinding } from '../assessment/statutory-flags';
import { type AuditEntry, entryDate } from '../audit/trail';
import { formatDate } from '../dates';
import { html } from '../html';
import type { WarningNotice } from '../intervention/warning-notices';
import type { BrokeredSupport } from '../support/brokering';
import type { TaskGroup } from '../support/task-groups';
import { describeTerm } from '../term';
import type { Assessment, School, VisitNote } from '../types';
import { reportPage } from './report';

/** Whether the methodology places a school by each of its flags, said once under the flags' table. */
function usedFlags(methodology: Methodology, flags: readonly FlagFinding[]): string {
  const used = new Set(methodology.rules.flatMap((r) => (r.when.kind === 'statutory-flag' ? r.when.flags : [])));
  const placing = flags.filter((f) => used.has(f.flag)).map((f) => f.flag);
  if (placing.length === flags.length) return 'the methodology places the school by each';
  if (placing.length === 0) return 'the methodology places no school by these; they are shown for the AAG and the ECB';
  return `the methodology places the school by ${placing.join(' and ')}; the others are shown for the AAG and the ECB`;
}

export interface SchoolPageInput {
  readonly authorityName: string;
  readonly methodology: Methodology;
  readonly school: School;
  /** The school's assessment in each term the store holds, oldest first; the last is this term's. */
  readonly history: readonly Assessment[];
  readonly support?: BrokeredSupport;
  readonly taskGroup?: TaskGroup;
  /** The school's audit trail: every proposal, decision, brokering and letter, oldest first. */
  readonly auditTrail?: readonly AuditEntry[];
  /** The notes of every visit to the school the store holds, with the school's responses. */
  readonly visitNotes?: readonly VisitNote[];
  /** The school's formal warning notice (or an academy's referral to the DfE) as it stands this term. */
  readonly warningNotice?: WarningNotice;
  /** The authority's report, from this page. */
  readonly reportHref: string;
}

const SIGNAL_NAME: Record<EarlyWarningSignal['signal'], string> = {
  attendanceFalling: 'Attendance falling',
  persistentAbsenceRising: 'Persistent absence rising',
  resultsFalling: 'Results falling',
  attainment8Falling: 'Attainment 8 falling',
  headteacherTurnover: 'Headteacher turnover',
  interimLeadership: 'Interim leadership',
  inspectionOverdue: 'Inspection overdue',
  dataBelowGrade: 'Results below the grade',
};

export function schoolPageHtml(input: SchoolPageInput): string {
  const { school, history } = input;
  const latest = history.at(-1);
  const governance = school.isAcademy
    ? `Academy${school.trustName ? `, ${school.trustName}` : ''}`
    : 'Maintained by the local authority';
  const title = `${school.name} (URN ${school.urn})`;
  const reasons = latest ? latest.reasons.filter((r) => r.rule !== 'otherwise') : [];
  return reportPage(
    `${title}: ${input.authorityName}`,
    html`<header>
<nav aria-label="Back"><a href="${input.reportHref}">Back to the report</a></nav>
<h1>${title}</h1>
<p class="note">Confidential: for the AAG and the ECB. ${school.phase.charAt(0).toUpperCase()}${school.phase.slice(1)} phase; ${governance}; AAG area ${school.district}.</p>
</header>
<main>
<h2>Category term by term</h2>
<table><caption>The school's category in each term the cycle has run</caption>
<thead><tr><th scope="col">Term</th><th scope="col">Previous</th><th scope="col">Proposed</th><th scope="col">AAG decision</th><th scope="col">Category</th><th scope="col">Methodology</th></tr></thead>
<tbody>${history.map((a) => html`<tr><th scope="row">${describeTerm(a.term)}</th><td>${a.previousCategory ?? ''}</td><td>${a.proposedCategory ?? a.category}</td><td>${a.moderation ? `${decisionInWords(a.moderation)}${a.moderation.decision === 'undecided' ? '' : ` (${a.moderation.by})`}${a.moderation.rationale ? `: ${a.moderation.rationale}` : ''}` : ''}</td><td><strong>${a.category}</strong></td><td>${a.methodologyId}</td></tr>`)}</tbody>
</table>
${corrections(input)}
<h2>The evidence this term</h2>
${
  reasons.length === 0
    ? html`<p>No rule placed the school in a category of concern: it is in ${latest?.category ?? 'no category'} by default.</p>`
    : html`<table><caption>Each reason, the category it points to, and its evidence with its date or academic year</caption>
<thead><tr><th scope="col">Category</th><th scope="col">Reason</th><th scope="col">Evidence</th></tr></thead>
<tbody>${reasons.map((r) => html`<tr><td>${r.evidenceOnly ? html`<em>none: shown as evidence only</em>` : r.category}</td><td>${r.text}</td><td>${r.evidence}</td></tr>`)}</tbody></table>`
}
${
  (latest?.flags ?? []).length > 0
    ? html`<table><caption>Statutory and national flags this term (flags, not categories: ${usedFlags(input.methodology, latest?.flags ?? [])})</caption>
<thead><tr><th scope="col">Flag</th><th scope="col">What it means</th><th scope="col">Evidence</th></tr></thead>
<tbody>${(latest?.flags ?? []).map((f) => html`<tr><th scope="row">${f.flag}</th><td>${FLAG_IN_WORDS[f.flag]}</td><td>${f.evidence}</td></tr>`)}</tbody></table>`
    : ''
}
${
  latest?.earlyWarning
    ? html`<h3>At risk: for the AAG to review</h3>
<p>The early-warning policy (${latest.earlyWarning.policy}) flags the school from the trends in its own data: a score of <strong>${latest.earlyWarning.score}</strong> against a threshold of ${latest.earlyWarning.threshold}. It is on the AAG's sheet as "at risk: review"; no letter follows from it.</p>
<table><caption>Each early-warning signal, its points and its evidence</caption>
<thead><tr><th scope="col">Signal</th><th scope="col" class="num">Points</th><th scope="col">Evidence</th></tr></thead>
<tbody>${latest.earlyWarning.signals.map((s) => html`<tr><th scope="row">${SIGNAL_NAME[s.signal]}</th><td class="num">${s.points}</td><td>${s.evidence}</td></tr>`)}</tbody></table>`
    : ''
}
<h2>Support, visits and task group</h2>
${
  input.support
    ? html`<table><caption>Brokered by the ${input.support.district} AAG this term</caption><tbody>
<tr><th scope="row">Support school</th><td>${input.support.provider ? `${input.support.provider.name} (URN ${input.support.provider.urn}, ${input.support.provider.matchedWithin})` : input.support.brokered ? 'none found: asked of the TSC board' : 'none: not brokered in this category'}</td></tr>
<tr><th scope="row">System leader or Learning Improvement Officer (LIO) making the visits</th><td>${input.support.leader ? `${input.support.leader.name} (${input.support.leader.designation})` : input.support.visitsThisTerm > 0 ? 'none with capacity: asked of the TSC board' : 'none: no visits in this category'}</td></tr>
<tr><th scope="row">Adviser visits this term</th><td>${input.support.visitsThisTerm}</td></tr>
${input.support.agreed ? html`<tr><th scope="row">School-to-school support agreed</th><td>${input.support.agreed.days} days this term, funded by ${input.support.agreed.fundedBy}${input.support.agreed.byAag ? ', as the AAG agreed' : ''}</td></tr>` : ''}
${input.support.kept || input.support.changedBecause ? html`<tr><th scope="row">Since last term</th><td>${[input.support.kept?.provider ? 'the support school is kept' : '', input.support.kept?.leader ? 'the system leader is kept' : '', ...(input.support.changedBecause ?? [])].filter(Boolean).join('; ')}</td></tr>` : ''}
${input.support.chosenByAag ? html`<tr><th scope="row">Chosen by the AAG</th><td>${[input.support.chosenByAag.provider ? 'the support school' : '', input.support.chosenByAag.leader ? 'the system leader' : ''].filter(Boolean).join(' and ')}${input.support.chosenByAag.rationale ? `: ${input.support.chosenByAag.rationale}` : ''}</td></tr>` : ''}
${input.support.choiceRefused ? html`<tr><th scope="row">AAG's choice that could not stand</th><td>${input.support.choiceRefused.join('; ')}</td></tr>` : ''}
${input.support.changedAfterAgreed ? html`<tr><th scope="row">Changed after the AAG agreed it</th><td>${input.support.changedAfterAgreed.join('; ')}</td></tr>` : ''}
<tr><th scope="row">Needs-analysis meeting</th><td>${input.support.needsAnalysisMeeting ? 'yes: with the headteacher, the chair of governors and, for an academy, the trust' : 'no'}</td></tr>
<tr><th scope="row">Referred to the TSC board</th><td>${input.support.unmet.length > 0 ? input.support.unmet.join('; ') : 'nothing'}</td></tr>
</tbody></table>`
    : html`<p>The school is not in a category that brings brokered support this term.</p>`
}
${
  input.taskGroup
    ? html`<table><caption>Task group (${input.taskGroup.status} this term)</caption><tbody>
<tr><th scope="row">Chair</th><td>${input.taskGroup.chair ? `${input.taskGroup.chair.name} (${input.taskGroup.chair.designation})` : 'needs a chair: the AAG must find one'}</td></tr>
<tr><th scope="row">Latest report</th><td>${input.taskGroup.lastReport ? `${describeTerm(input.taskGroup.lastReport.term)}: impact ${input.taskGroup.lastReport.impact}. ${input.taskGroup.lastReport.summary}` : 'none yet'}</td></tr>
${input.taskGroup.lastReport ? html`<tr><th scope="row">School's response</th><td>${input.taskGroup.lastReport.schoolResponse ?? html`<em>none yet</em>`}</td></tr>` : ''}
</tbody></table>`
    : ''
}
${
  (input.visitNotes ?? []).length > 0
    ? html`<table><caption>Visit notes, latest first, with the school's response</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Visitor</th><th scope="col">Focus</th><th scope="col">Findings</th><th scope="col">Next steps</th><th scope="col">School's response</th></tr></thead>
<tbody>${[...(input.visitNotes ?? [])].sort((a, b) => b.date.localeCompare(a.date)).map((n) => html`<tr><th scope="row">${formatDate(n.date)}</th><td>${n.visitor}</td><td>${n.focus}</td><td>${n.findings}</td><td>${n.nextSteps}</td><td>${n.schoolResponse ?? html`<em>none yet</em>`}</td></tr>`)}</tbody></table>`
    : ''
}
${input.warningNotice ? noticeSection(input.warningNotice) : ''}
${
  (input.auditTrail ?? []).length > 0
    ? html`<h2>The record: who decided what, and when</h2>
<table><caption>Every proposal, decision, brokering and letter about the school, oldest first (the same as <code>npm run history -- --urn ${school.urn}</code>)</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Term</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Evidence or reason</th></tr></thead>
<tbody>${[...(input.auditTrail ?? [])].sort((a, b) => (a.entryId < b.entryId ? -1 : 1)).map((e) => html`<tr><th scope="row">${entryDate(e)}</th><td>${describeTerm(e.term)}</td><td>${e.kind}: ${e.what}</td><td>${e.by}</td><td>${e.evidence ?? ''}</td></tr>`)}</tbody></table>`
    : ''
}
</main>`,
  );
}

/** This term's corrections to the school's letters, beside its category: what the letters said, and what is now so. */
function corrections(input: SchoolPageInput) {
  const term = input.history.at(-1)?.term;
  const own = (input.auditTrail ?? []).filter((e) => e.kind === 'letter correction' && e.term === term);
  if (own.length === 0) return '';
  return html`<div class="unmet"><h3>Correction to this term's letters</h3><ul>${[...new Set(own.map((e) => e.what))].map((what) => html`<li>${what}</li>`)}</ul></div>`;
}

function noticeSection(n: WarningNotice) {
  const title = n.kind === 'DfE referral' ? "Referral to the DfE's regional team" : 'Formal warning notice';
  return html`<h2>${title}</h2>
<table><caption>${title}: ${n.status}${n.question ? `; the ECB is asked to ${n.question.replace(/^not complied: /, '')}` : ''}</caption><tbody>
<tr><th scope="row">Status</th><td><strong>${n.status}</strong>${n.status === 'not complied' ? ': flagged to the ECB for the next step (an Interim Executive Board, or suspending the delegated budget)' : n.status === 'escalated' ? ': the ECB is taking the next step (an Interim Executive Board, or suspending the delegated budget)' : ''}</td></tr>
${n.issuedOn ? html`<tr><th scope="row">Issued</th><td>${formatDate(n.issuedOn)}</td></tr>` : ''}
${n.complianceDate ? html`<tr><th scope="row">Comply by</th><td>${formatDate(n.complianceDate)}</td></tr>` : ''}
<tr><th scope="row">Concerns</th><td><ul>${n.concerns.map((c) => html`<li>${c}</li>`)}</ul></td></tr>
</tbody></table>
<table><caption>What has happened to it, oldest first</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Term</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Why</th></tr></thead>
<tbody>${[...n.history].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)).map((e) => html`<tr><th scope="row">${formatDate(e.on)}</th><td>${describeTerm(e.term)}</td><td>${e.what}</td><td>${e.by}</td><td>${e.rationale ?? ''}</td></tr>`)}</tbody></table>`;
}

export interface TrustPageInput {
  readonly authorityName: string;
  readonly term: string;
  readonly trustName: string;
  readonly schools: readonly School[];
  readonly assessments: readonly Assessment[];
  readonly support: readonly BrokeredSupport[];
  readonly reportHref: string;
  readonly schoolHref: (urn: string) => string;
}

/** A multi-academy trust's view: its academies in the authority, their categories this term and their support. */
export function trustPageHtml(input: TrustPageInput): string {
  const assessmentOf = new Map(input.assessments.map((a) => [a.urn, a]));
  const supportOf = new Map(input.support.map((s) => [s.urn, s]));
  const schools = [...input.schools].sort((a, b) => a.name.localeCompare(b.name));
  const title = `${input.trustName}: its academies in ${input.authorityName}, ${describeTerm(input.term)}`;
  return reportPage(
    title,
    html`<header>
<nav aria-label="Back"><a href="${input.reportHref}">Back to the report</a></nav>
<h1>${title}</h1>
<p class="note">Confidential: for the AAGs, the ECB and the trust's board. ${schools.length} academies.</p>
</header>
<main>
<table><caption>The trust's academies: category this term, the change, and the support brokered</caption>
<thead><tr><th scope="col">Academy</th><th scope="col">URN</th><th scope="col">AAG area</th><th scope="col">Phase</th><th scope="col">Previous</th><th scope="col">Category</th><th scope="col">Support school</th><th scope="col">System leader</th><th scope="col">Visits this term</th></tr></thead>
<tbody>${schools.map((s) => {
      const a = assessmentOf.get(s.urn);
      const support = supportOf.get(s.urn);
      return html`<tr><th scope="row"><a href="${input.schoolHref(s.urn)}">${s.name}</a></th><td>${s.urn}</td><td>${s.district}</td><td>${s.phase}</td><td>${a?.previousCategory ?? ''}</td><td><strong>${a?.category ?? ''}</strong>${a?.changed ? ' (changed)' : ''}</td><td>${support?.provider?.name ?? ''}</td><td>${support?.leader ? `${support.leader.name} (${support.leader.designation})` : ''}</td><td class="num">${support?.visitsThisTerm ?? ''}</td></tr>`;
    })}</tbody></table>
</main>`,
  );
}
