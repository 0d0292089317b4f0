/**
 * The AAG's pages: its area's proposals for the term (sortable and filterable), one school's proposal with its evidence
 * and the decision form, and the chair's check before submitting. What they show is the proposals sheet's reading of
 * the proposals (ProposalLine), so the page and the sheet say the same.
 */
import type { AagRole } from '../../core/access/people';
import type { DecisionOutcome } from '../../core/assessment/decision-outcomes';
import type { ProposalLine, SchoolDecision, StoredDecisions } from '../../core/assessment/moderation';
import {
  type DecisionForm,
  type FormProblem,
  PROPOSAL_ORDERS,
  type ProposalFilter,
  type ProposalOrder,
} from '../../core/assessment/moderation-form';
import { whenInWords } from '../../core/dates';
import type { SupportOptions } from '../../core/support/support-options';
import { describeTerm } from '../../core/term';
import type { Assessment } from '../../core/types';
import { banner, csrfField, errorSummary, type Html, html, type PageChrome, page, summaryList, tag } from './layout';

/** Where the area's round stands, as its pages say it. */
export interface RoundState {
  term: string;
  district: string;
  areaKey: string;
  deadline: string;
  /** Decisions can still be saved and submitted. */
  open: boolean;
  /** Why not, where they cannot. */
  closedBecause?: string;
  submitted?: StoredDecisions;
}

export interface DraftView {
  form: DecisionForm;
  savedBy: string;
  savedAt: string;
}

const ORDER_LABELS: Record<ProposalOrder, string> = {
  'changes-first': 'Changes first',
  category: 'Most serious category first',
  name: 'School name',
};

/** A time as a reader in England reads it: "2:05pm on 21 September 2026". */
function decisionInWords(form: DecisionForm | undefined): Html {
  if (!form) return tag('Not yet decided', 'grey');
  if (form.decision === 'override') return tag(`Override to ${form.category}`, 'orange');
  return form.supportSchool || form.systemLeader ? tag('Agreed, support chosen', 'blue') : tag('Agreed', 'green');
}

export function roundSummary(round: RoundState, role: AagRole): Html {
  const state = round.submitted
    ? html`${tag('Submitted', 'green')} by ${round.submitted.submittedBy.replace(/ \(signed in.*$/, '')} at ${whenInWords(round.submitted.decidedAt)}${
        round.submitted.received === 'in time'
          ? html`; passed to the cycle.`
          : round.submitted.received === 'too late'
            ? html`; it arrived after the cycle stopped waiting, so the proposals stood. A rerun of the term will use it.`
            : html`; waiting for the cycle to take it.`
      }`
    : round.open
      ? html`${tag('Open')} Decisions are due by <strong>${whenInWords(round.deadline)}</strong>.${role === 'chair' ? html` As the AAG's chair, you submit them.` : html` The AAG's chair submits them.`}`
      : html`${tag('Closed', 'grey')} ${round.closedBecause ?? ''}`;
  return html`<p class="govuk-body">${state}</p>`;
}

export function proposalsPage(input: {
  chrome: PageChrome;
  round: RoundState;
  role: AagRole;
  lines: readonly ProposalLine[];
  all: number;
  order: ProposalOrder;
  filter: ProposalFilter;
  categories: readonly string[];
  phases: readonly string[];
  drafts: ReadonlyMap<string, DraftView>;
  /** After the run: each school's agreed category and decision. */
  agreed?: ReadonlyMap<string, Assessment>;
  /** Once the run has finished: what each decision did (the letters, the support). */
  outcomes?: ReadonlyMap<string, DecisionOutcome>;
  notice?: Html;
  csrf: string;
  /** An uploaded sheet's problems, each naming its row and column. */
  sheetProblems?: readonly string[];
  /** Shown below the proposals: the schools' responses waiting for the AAG, its visits planned and done. */
  after?: Html;
}): string {
  const { round, filter } = input;
  const base = `/aag/${round.areaKey}`;
  const decided = [...input.drafts.values()];
  const overrides = decided.filter((d) => d.form.decision === 'override').length;
  const main = html`${input.notice ?? ''}
<span class="govuk-caption-l">${round.district} AAG</span>
<h1 class="govuk-heading-l">Proposed categories, ${describeTerm(round.term)}</h1>
${roundSummary(round, input.role)}
${input.agreed ? html`<p class="govuk-body">After the run: <a class="govuk-link" href="/reports/${round.term}/aag/${round.areaKey}.html">the area's report for ${describeTerm(round.term)}</a>, with each school's page.</p>` : ''}
<p class="govuk-body">${input.all} schools. ${decided.length} with a decision saved (${overrides} ${overrides === 1 ? 'override' : 'overrides'}); the rest are agreed as proposed when the chair submits.</p>
<p class="govuk-body">For a meeting held offline: <a class="govuk-link" href="${base}/proposals.csv" download>download the proposals sheet (CSV)</a>, fill in its Decision column, and upload it here: its decisions are saved as drafts, as if made on each school's page.</p>
${
  round.open
    ? html`<form method="post" action="${base}/sheet" enctype="multipart/form-data" novalidate>
  ${csrfField(input.csrf)}
  <div class="govuk-form-group${input.sheetProblems && input.sheetProblems.length > 0 ? ' govuk-form-group--error' : ''}">
    <label class="govuk-label govuk-label--s" for="sheet">The AAG’s sheet, filled in (CSV or .xlsx)</label>
    ${
      input.sheetProblems && input.sheetProblems.length > 0
        ? html`<div id="sheet-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> The sheet was not used: nothing was saved.<ul class="govuk-list govuk-list--bullet">${input.sheetProblems.map((p) => html`<li>${p}</li>`)}</ul></div>`
        : ''
    }
    <input class="govuk-file-upload" id="sheet" name="sheet" type="file" accept=".csv,.xlsx"${input.sheetProblems && input.sheetProblems.length > 0 ? html` aria-describedby="sheet-error"` : ''}>
  </div>
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Upload the sheet</button>
</form>`
    : ''
}
${round.open && input.role === 'chair' ? html`<a href="${base}/submit" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Check and submit the AAG's decisions</a>` : ''}
<form method="get" action="${base}" class="portal-filters" novalidate>
  <h2 class="govuk-heading-s">Sort and filter</h2>
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-quarter">
      ${select(
        'order',
        'Sort by',
        PROPOSAL_ORDERS.map((o) => [o, ORDER_LABELS[o]] as const),
        input.order,
      )}
    </div>
    <div class="govuk-grid-column-one-quarter">
      ${select('category', 'Proposed category', [['', 'Any'] as const, ...input.categories.map((c) => [c, c] as const)], filter.category ?? '')}
    </div>
    <div class="govuk-grid-column-one-quarter">
      ${select('phase', 'Phase', [['', 'Any'] as const, ...input.phases.map((p) => [p, p] as const)], filter.phase ?? '')}
    </div>
    <div class="govuk-grid-column-one-quarter">
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Only</legend>
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            ${checkbox('changes', 'Changes of category', filter.changes === true)}
            ${checkbox('earlyWarning', 'Early warnings', filter.earlyWarning === true)}
          </div>
        </fieldset>
      </div>
    </div>
  </div>
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Apply</button>
    <a class="govuk-link" href="${base}">Clear</a>
  </div>
</form>
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">${input.lines.length === input.all ? `All ${input.all} schools` : `${input.lines.length} of ${input.all} schools`}</caption>
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">School</th>
      <th scope="col" class="govuk-table__header">Phase</th>
      <th scope="col" class="govuk-table__header">Last term</th>
      <th scope="col" class="govuk-table__header">Proposed</th>
      <th scope="col" class="govuk-table__header">Early warning</th>
      <th scope="col" class="govuk-table__header">${input.agreed ? 'Agreed' : 'Decision'}</th>
      ${input.outcomes ? html`<th scope="col" class="govuk-table__header">What followed</th>` : ''}
    </tr>
  </thead>
  <tbody class="govuk-table__body">
    ${input.lines.map((l) => {
      const agreed = input.agreed?.get(l.urn);
      return html`<tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="${base}/schools/${l.urn}">${l.school}<span class="govuk-visually-hidden"> (URN ${l.urn})</span></a></td>
      <td class="govuk-table__cell">${l.phase}</td>
      <td class="govuk-table__cell">${l.previous ?? 'none'}</td>
      <td class="govuk-table__cell">${l.proposed}${l.change ? html` ${tag('Change', 'yellow')}` : ''}</td>
      <td class="govuk-table__cell">${l.earlyWarning ? tag('At risk', 'red') : ''}</td>
      <td class="govuk-table__cell">${agreed ? html`${agreed.category} (${agreed.moderation?.decision ?? 'agree'})` : decisionInWords(input.drafts.get(l.urn)?.form)}</td>
      ${input.outcomes ? html`<td class="govuk-table__cell">${outcomeCell(input.outcomes.get(l.urn))}</td>` : ''}
    </tr>`;
    })}
  </tbody>
</table>`;
  return page(`${round.district} AAG proposals`, input.chrome, html`${main}${input.after ?? ''}`);
}

function outcomeCell(outcome: DecisionOutcome | undefined): Html {
  if (!outcome) return html``;
  return html`${outcome.letters}.${outcome.support ? html`<br><span class="govuk-body-s">Support: ${outcome.support}.</span>` : ''}`;
}

function select(name: string, label: string, options: readonly (readonly [string, string])[], chosen: string): Html {
  return html`<div class="govuk-form-group">
        <label class="govuk-label" for="${name}">${label}</label>
        <select class="govuk-select" id="${name}" name="${name}">
          ${options.map(([value, text]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`)}
        </select>
      </div>`;
}

function checkbox(name: string, label: string, checked: boolean): Html {
  return html`<div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="${name}" name="${name}" type="checkbox" value="yes"${checked ? html` checked` : ''}>
              <label class="govuk-label govuk-checkboxes__label" for="${name}">${label}</label>
            </div>`;
}

export function schoolPage(input: {
  chrome: PageChrome;
  round: RoundState;
  line: ProposalLine;
  categories: readonly string[];
  options: SupportOptions;
  form: DecisionForm;
  draft?: DraftView;
  problems?: readonly FormProblem[];
  csrf: string;
  notice?: Html;
  /** The decision the AAG submitted about this school, if it has. */
  submitted?: SchoolDecision;
  /** The school's responses, beside its proposal, with the chair's answers. */
  responses?: Html;
}): string {
  const { line, round, form } = input;
  const problems = input.problems ?? [];
  const problemOf = (field: string) => problems.find((p) => p.field === field);
  const fieldError = (field: string) => {
    const p = problemOf(field);
    return p
      ? html`<p id="${field}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${p.message}</p>`
      : '';
  };
  const groupClass = (field: string) => `govuk-form-group${problemOf(field) ? ' govuk-form-group--error' : ''}`;
  const described = (field: string) => (problemOf(field) ? html` aria-describedby="${field}-error"` : '');
  const base = `/aag/${round.areaKey}`;
  const facts: [string, Html | string][] = [
    ['URN', line.urn],
    ['Phase', line.phase],
    ['Governance', line.governance === 'academy' ? `Academy${line.trust ? ` (${line.trust})` : ''}` : 'Maintained'],
    ['Category last term', line.previous ?? 'none (first term in the cycle)'],
    ['Proposed category', html`${line.proposed}${line.change ? html` ${tag('Change', 'yellow')}` : ''}`],
    ['Early warning', line.earlyWarning ?? 'none'],
    ['Proposed support school', line.proposedSupportSchool || 'none (not brokered for this category)'],
    ['Proposed system leader', line.proposedLeader || 'none (no visits for this category)'],
    ['Adviser visits this term', line.visits === undefined ? 'none' : String(line.visits)],
  ];
  const decisionForm = round.open
    ? html`<h2 class="govuk-heading-m">The AAG's decision</h2>
${input.draft ? html`<p class="govuk-body">Draft saved by ${input.draft.savedBy} at ${whenInWords(input.draft.savedAt)}.</p>` : ''}
<form method="post" action="${base}/schools/${line.urn}" novalidate>
  ${csrfField(input.csrf)}
  <div class="${groupClass('decision')}">
    <fieldset class="govuk-fieldset"${described('decision')}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Does the AAG agree category ${line.proposed}?</legend>
      ${fieldError('decision')}
      <div class="govuk-radios" data-module="govuk-radios">
        <div class="govuk-radios__item">
          <input class="govuk-radios__input" id="decision" name="decision" type="radio" value="agree"${form.decision !== 'override' ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="decision">Agree category ${line.proposed}</label>
        </div>
        <div class="govuk-radios__item">
          <input class="govuk-radios__input" id="decision-override" name="decision" type="radio" value="override"${form.decision === 'override' ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="decision-override">Override: agree another category</label>
        </div>
      </div>
    </fieldset>
  </div>
  <div class="${groupClass('category')}">
    <label class="govuk-label govuk-label--s" for="category">For an override: the category the AAG agrees instead</label>
    ${fieldError('category')}
    <select class="govuk-select" id="category" name="category"${described('category')}>
      <option value="">Choose a category</option>
      ${input.categories
        .filter((c) => c !== line.proposed)
        .map((c) => html`<option value="${c}"${form.category === c ? html` selected` : ''}>${c}</option>`)}
    </select>
  </div>
  ${supportSelect('supportSchool', 'Support school', 'As proposed', 'For a category with brokered school-to-school support: a school with capacity this term, in place of the brokering’s proposal.', input.options.supportSchools, form.supportSchool, groupClass, fieldError, described)}
  ${supportSelect('systemLeader', 'System leader', 'As proposed', 'For a category with adviser visits: a system leader with places left this term, in place of the brokering’s proposal.', input.options.systemLeaders, form.systemLeader, groupClass, fieldError, described)}
  <div class="${groupClass('days')}">
    <label class="govuk-label govuk-label--s" for="days">Days of school-to-school support this term</label>
    <div id="days-hint" class="govuk-hint">Leave blank for the category’s usual days.</div>
    ${fieldError('days')}
    <input class="govuk-input govuk-input--width-3${problemOf('days') ? ' govuk-input--error' : ''}" id="days" name="days" type="text" inputmode="numeric" spellcheck="false" value="${form.days ?? ''}" aria-describedby="days-hint${problemOf('days') ? ' days-error' : ''}">
  </div>
  <div class="${groupClass('fundedBy')}">
    <label class="govuk-label govuk-label--s" for="fundedBy">Funded by</label>
    <div id="fundedBy-hint" class="govuk-hint">Leave blank for the usual funding.</div>
    ${fieldError('fundedBy')}
    <input class="govuk-input${problemOf('fundedBy') ? ' govuk-input--error' : ''}" id="fundedBy" name="fundedBy" type="text" value="${form.fundedBy ?? ''}" aria-describedby="fundedBy-hint${problemOf('fundedBy') ? ' fundedBy-error' : ''}">
  </div>
  <div class="${groupClass('rationale')}">
    <label class="govuk-label govuk-label--s" for="rationale">Rationale</label>
    <div id="rationale-hint" class="govuk-hint">Needed for an override or a choice of support. It is kept with the decision and shown in the report.</div>
    ${fieldError('rationale')}
    <textarea class="govuk-textarea${problemOf('rationale') ? ' govuk-textarea--error' : ''}" id="rationale" name="rationale" rows="4" aria-describedby="rationale-hint${problemOf('rationale') ? ' rationale-error' : ''}">${form.rationale ?? ''}</textarea>
  </div>
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button" data-module="govuk-button">Save draft decision</button>
    <a class="govuk-link" href="${base}">Back to the proposals</a>
  </div>
</form>`
    : html`<h2 class="govuk-heading-m">The AAG's decision</h2>
<p class="govuk-body">${
        input.submitted
          ? input.submitted.decision === 'override'
            ? `Overridden to category ${input.submitted.category}: ${input.submitted.rationale ?? ''}`
            : `Agreed${input.submitted.rationale ? `: ${input.submitted.rationale}` : ''}`
          : input.draft
            ? `Draft: ${input.draft.form.decision === 'override' ? `override to ${input.draft.form.category}` : 'agree'} (not submitted)`
            : 'No decision was submitted: the proposal stood.'
      }</p>
<p class="govuk-body">${round.closedBecause ?? ''}</p>`;
  const main = html`${input.notice ?? ''}${errorSummary(problems)}
<span class="govuk-caption-l">${round.district} AAG, ${describeTerm(round.term)}</span>
<h1 class="govuk-heading-l">${line.school}</h1>
${summaryList(facts)}
<h2 class="govuk-heading-m">Why category ${line.proposed}</h2>
${
  line.reasons.length === 0
    ? html`<p class="govuk-body">No rule placed the school in a category of concern: it is in ${line.proposed} by default.</p>`
    : html`<ul class="govuk-list govuk-list--bullet">${line.reasons.map((r) => html`<li>${r.text} <span class="govuk-hint govuk-!-display-inline">(${r.evidence})</span></li>`)}</ul>`
}
${input.responses ?? ''}
${decisionForm}`;
  return page(line.school, { ...input.chrome, back: { href: base, text: `${round.district} AAG proposals` } }, main, {
    errors: problems.length > 0,
  });
}

function supportSelect(
  name: 'supportSchool' | 'systemLeader',
  label: string,
  blank: string,
  hint: string,
  options: SupportOptions['supportSchools'],
  chosen: string | undefined,
  groupClass: (f: string) => string,
  fieldError: (f: string) => Html | string,
  described: (f: string) => Html | string,
): Html {
  return html`<div class="${groupClass(name)}">
    <label class="govuk-label govuk-label--s" for="${name}">${label}</label>
    <div id="${name}-hint" class="govuk-hint">${hint}</div>
    ${fieldError(name)}
    <select class="govuk-select" id="${name}" name="${name}" aria-describedby="${name}-hint${String(described(name)) ? ` ${name}-error` : ''}">
      <option value="">${blank}</option>
      ${options.map((o) => html`<option value="${o.value}"${o.value === chosen ? html` selected` : ''}>${o.label}</option>`)}
    </select>
  </div>`;
}

export function submitPage(input: {
  chrome: PageChrome;
  round: RoundState;
  lines: readonly ProposalLine[];
  drafts: ReadonlyMap<string, DraftView>;
  csrf: string;
  problems?: readonly string[];
}): string {
  const { round } = input;
  const base = `/aag/${round.areaKey}`;
  const saved = input.lines.filter((l) => input.drafts.has(l.urn));
  const formOf = (l: ProposalLine) => input.drafts.get(l.urn)?.form;
  const overrides = saved.filter((l) => formOf(l)?.decision === 'override');
  const supportChosen = saved.filter(
    (l) => formOf(l)?.decision !== 'override' && Boolean(formOf(l)?.supportSchool || formOf(l)?.systemLeader),
  );
  const main = html`${
    input.problems && input.problems.length > 0
      ? html`<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">The decisions cannot be submitted</h2><div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">${input.problems.map((p) => html`<li>${p}</li>`)}</ul></div></div></div>`
      : ''
  }
<span class="govuk-caption-l">${round.district} AAG, ${describeTerm(round.term)}</span>
<h1 class="govuk-heading-l">Check the AAG's decisions before you submit them</h1>
${summaryList([
  ['Schools', String(input.lines.length)],
  ['Agreed as proposed', String(input.lines.length - overrides.length - supportChosen.length)],
  ['Overridden', String(overrides.length)],
  ['Agreed, with support the AAG chose', String(supportChosen.length)],
  ['Deadline', whenInWords(round.deadline)],
])}
${
  saved.length > 0
    ? html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">Decisions saved (the other schools are agreed as proposed)</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">School</th><th scope="col" class="govuk-table__header">Proposed</th><th scope="col" class="govuk-table__header">Decision</th><th scope="col" class="govuk-table__header">Rationale</th><th scope="col" class="govuk-table__header">Saved by</th></tr></thead>
<tbody class="govuk-table__body">${saved.map((l) => {
        const d = input.drafts.get(l.urn)!;
        return html`<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="${base}/schools/${l.urn}">${l.school}</a></td><td class="govuk-table__cell">${l.proposed}</td><td class="govuk-table__cell">${decisionInWords(d.form)}</td><td class="govuk-table__cell">${d.form.rationale ?? ''}</td><td class="govuk-table__cell">${d.savedBy}</td></tr>`;
      })}</tbody></table>`
    : ''
}
<p class="govuk-body">Once submitted, the decisions go to the cycle, which applies them: the letters to schools whose category changes will say what the AAG agreed. They cannot be changed after the cycle takes them.</p>
<form method="post" action="${base}/submit" novalidate>
  ${csrfField(input.csrf)}
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">Submit the AAG's decisions</button>
    <a class="govuk-link" href="${base}">Back to the proposals</a>
  </div>
</form>`;
  return page(
    "Check the AAG's decisions",
    { ...input.chrome, back: { href: base, text: `${round.district} AAG proposals` } },
    main,
  );
}

export { banner };
