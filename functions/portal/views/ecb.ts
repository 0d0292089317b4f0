/**
 * The ECB's page: a term whose changes passed its limit, held until it confirms them or keeps them held, with a
 * reason; each change listed with its AAG's decision.
 */

import { whenInWords } from '../../core/dates';
import {
  type NoticeFormField,
  type NoticeFormProblem,
  type NoticeQuestionLine,
  noticeFormField,
} from '../../core/intervention/ecb-form';
import { describeTerm } from '../../core/term';
import { csrfField, errorSummary, type Html, html, type PageChrome, page, summaryList, tag } from './layout';

export interface HeldTerm {
  term: string;
  question: string;
  requestedAt: string;
  deadline: string;
  /** Waiting for the ECB now: not answered, the deadline not passed. */
  waiting: boolean;
  outcome?: string;
  answeredBy?: string;
  answeredAt?: string;
  reason?: string;
}

export interface ChangeLine {
  urn: string;
  school: string;
  area: string;
  previous: string;
  category: string;
  decision: string;
}

/** The term's questions to the ECB about formal warning notices, as its page shows them. */
export interface NoticeQuestions {
  term: string;
  deadline: string;
  waiting: boolean;
  questions: number;
  answered?: { by: string; decisions: number };
  /** An uploaded sheet's problems, each naming its row and column. */
  problems?: readonly string[];
  /** Each question, for the form. */
  lines: readonly NoticeQuestionLine[];
  /** What the form held when it was refused, and why, question by question. */
  form?: Readonly<Record<string, string | undefined>>;
  formProblems?: readonly NoticeFormProblem[];
}

/** The form's problems, as the page's error summary links them to their fields. */
const formProblemsOf = (notices: NoticeQuestions | undefined) =>
  (notices?.formProblems ?? []).map((p) => ({ field: noticeFormField(p.field, p.urn), message: p.message }));

/** The form: for each question, the school and its evidence, the decisions that answer it, a date, and the reason. */
function noticesForm(notices: NoticeQuestions, csrf: string): Html {
  const value = (field: NoticeFormField, q: NoticeQuestionLine) =>
    notices.form?.[noticeFormField(field, q.urn)] ??
    (field === 'complianceDate' && q.question === 'issue a warning notice' ? q.proposedComplianceDate : '');
  const problemOf = (field: NoticeFormField, urn: string) =>
    notices.formProblems?.find((p) => p.field === field && p.urn === urn);
  const error = (field: NoticeFormField, urn: string) => {
    const problem = problemOf(field, urn);
    return problem
      ? html`<p id="${noticeFormField(field, urn)}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${problem.message}</p>`
      : '';
  };
  const group = (field: NoticeFormField, urn: string) =>
    `govuk-form-group${problemOf(field, urn) ? ' govuk-form-group--error' : ''}`;
  return html`<form method="post" action="/ecb/notices/form" novalidate>
  ${csrfField(csrf)}
  ${notices.lines.map((q) => {
    const decision = noticeFormField('decision', q.urn);
    const date = noticeFormField('complianceDate', q.urn);
    const rationale = noticeFormField('rationale', q.urn);
    return html`<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">${q.school} <span class="govuk-hint govuk-!-display-inline">(URN ${q.urn})</span></h3></div>
  <div class="govuk-summary-card__content">
  ${summaryList([
    ['Question', q.question],
    ['AAG area', q.district],
    ['Governance', q.governance],
    ...(q.issued ? ([['Notice issued', q.issued]] as [string, string][]) : []),
    [
      'Evidence',
      q.concerns.length > 0
        ? html`<ul class="govuk-list">${q.concerns.map((c) => html`<li>${c}</li>`)}</ul>`
        : 'none recorded',
    ],
  ])}
  <div class="${group('decision', q.urn)}">
    <fieldset class="govuk-fieldset"${problemOf('decision', q.urn) ? html` aria-describedby="${decision}-error"` : ''}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">The ECB's decision on ${q.school}</legend>
      ${error('decision', q.urn)}
      <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
        ${[...q.answers, ''].map(
          (answer, i) => html`<div class="govuk-radios__item">
          <input class="govuk-radios__input" id="${i === 0 ? decision : `${decision}-${i}`}" name="${decision}" type="radio" value="${answer}"${(value('decision', q) ?? '') === answer ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="${i === 0 ? decision : `${decision}-${i}`}">${answer || 'Not decided: asked again next term'}</label>
        </div>`,
        )}
      </div>
    </fieldset>
  </div>
  <div class="${group('complianceDate', q.urn)}">
    <label class="govuk-label" for="${date}">Compliance date, to issue or extend</label>
    <div id="${date}-hint" class="govuk-hint">Day/month/year, for example 16/10/2026.${q.question === 'issue a warning notice' ? ' The cycle proposes the date given; left blank, the policy’s default.' : ''}</div>
    ${error('complianceDate', q.urn)}
    <input class="govuk-input govuk-input--width-10${problemOf('complianceDate', q.urn) ? ' govuk-input--error' : ''}" id="${date}" name="${date}" type="text" inputmode="numeric" value="${value('complianceDate', q)}" aria-describedby="${date}-hint${problemOf('complianceDate', q.urn) ? ` ${date}-error` : ''}">
  </div>
  <div class="${group('rationale', q.urn)}">
    <label class="govuk-label" for="${rationale}">The ECB's reason</label>
    ${error('rationale', q.urn)}
    <textarea class="govuk-textarea${problemOf('rationale', q.urn) ? ' govuk-textarea--error' : ''}" id="${rationale}" name="${rationale}" rows="2"${problemOf('rationale', q.urn) ? html` aria-describedby="${rationale}-error"` : ''}>${value('rationale', q)}</textarea>
  </div>
  </div>
</div>`;
  })}
  <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">Give these decisions to the cycle</button>
</form>`;
}

function noticesSection(notices: NoticeQuestions | undefined, csrf: string): Html {
  if (!notices) return html``;
  const state = notices.answered
    ? html`${tag('Answered', 'green')} ${notices.answered.decisions} ${notices.answered.decisions === 1 ? 'decision' : 'decisions'} given by ${notices.answered.by.replace(/ \(signed in.*$/, '')}.`
    : notices.waiting
      ? html`${tag('Waiting', 'yellow')} The cycle waits for the ECB's decisions until <strong>${whenInWords(notices.deadline)}</strong>; without them the questions are asked again next term.`
      : html`${tag('Closed', 'grey')} The cycle stopped waiting at ${whenInWords(notices.deadline)}: the questions are asked again next term.`;
  const problems = notices.problems ?? [];
  return html`<h2 class="govuk-heading-l">Formal warning notices, ${describeTerm(notices.term)}</h2>
<p class="govuk-body">${state}</p>
<p class="govuk-body">The cycle asks the ECB ${notices.questions} ${notices.questions === 1 ? 'question' : 'questions'}. Decide each below, with the ECB's reason; a question left undecided is asked again next term.</p>
${notices.waiting && notices.lines.length > 0 ? noticesForm(notices, csrf) : ''}
<h3 class="govuk-heading-m">Or with the sheet</h3>
<p class="govuk-body">For a meeting held offline: <a class="govuk-link" href="/reports/${notices.term}/ecb/warning-notices.csv" download>download the questions with each school's evidence (CSV)</a>, fill in Decision (issue or do not issue; refer or do not refer an academy; escalate, extend or withdraw a notice not complied with; withdraw or keep in force), Rationale and, to issue or extend, the Compliance date, and upload the sheet. A row left blank is asked again next term.</p>
${
  notices.waiting
    ? html`<form method="post" action="/ecb/notices" enctype="multipart/form-data" novalidate>
  ${csrfField(csrf)}
  <div class="govuk-form-group${problems.length > 0 ? ' govuk-form-group--error' : ''}">
    <label class="govuk-label govuk-label--s" for="notices">The ECB's decisions (the sheet, filled in)</label>
    ${
      problems.length > 0
        ? html`<div id="notices-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> The decisions were not given to the cycle: nothing was saved.<ul class="govuk-list govuk-list--bullet">${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`
        : ''
    }
    <input class="govuk-file-upload" id="notices" name="notices" type="file" accept=".csv,.xlsx"${problems.length > 0 ? html` aria-describedby="notices-error"` : ''}>
  </div>
  <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">Give the decisions to the cycle</button>
</form>`
    : ''
}`;
}

export function ecbPage(input: {
  chrome: PageChrome;
  held?: HeldTerm;
  notices?: NoticeQuestions;
  changes: readonly ChangeLine[];
  csrf: string;
  form?: { letters?: string; reason?: string };
  problems?: readonly { field: string; message: string }[];
  notice?: Html;
}): string {
  const { held } = input;
  const problems = [...(input.problems ?? []), ...formProblemsOf(input.notices)];
  const problemOf = (field: string) => problems.find((p) => p.field === field);
  if (!held)
    return page(
      'Education Challenge Board',
      input.chrome,
      html`${input.notice ?? ''}${errorSummary(problems)}<h1 class="govuk-heading-l">Education Challenge Board</h1>
<p class="govuk-body">No term's changes wait for the ECB: the cycle asks it to confirm them only when more schools would change category in a term than its limit allows.</p>
${noticesSection(input.notices, input.csrf)}`,
      { errors: problems.length > 0 },
    );
  const state = held.waiting
    ? html`${tag('Waiting', 'yellow')} Its answer is due by <strong>${whenInWords(held.deadline)}</strong>; without it the letters stay held.`
    : held.outcome
      ? html`${tag('Answered', 'green')} ${held.outcome}${held.answeredBy ? ` by ${held.answeredBy.replace(/ \(signed in.*$/, '')}` : ''}${held.answeredAt ? ` at ${whenInWords(held.answeredAt)}` : ''}${held.reason ? `: ${held.reason}` : ''}.`
      : html`${tag('Closed', 'grey')} The deadline passed at ${whenInWords(held.deadline)}: the letters are held.`;
  const field = (name: string) =>
    problemOf(name)
      ? html`<p id="${name}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${problemOf(name)!.message}</p>`
      : '';
  const main = html`${input.notice ?? ''}${errorSummary(problems)}
<span class="govuk-caption-l">Education Challenge Board, ${describeTerm(held.term)}</span>
<h1 class="govuk-heading-l">The term's changes wait for the ECB</h1>
<p class="govuk-body">${state}</p>
${summaryList([
  ['Why the letters are held', held.question],
  ['Asked', whenInWords(held.requestedAt)],
  ['Schools changing category', String(input.changes.length)],
  [
    'The reports',
    html`<a class="govuk-link" href="/reports/${held.term}/report.html">the term's report</a> (written when its run finishes)`,
  ],
])}
${
  held.waiting
    ? html`<form method="post" action="/ecb/confirm" novalidate>
  ${csrfField(input.csrf)}
  <div class="govuk-form-group${problemOf('letters') ? ' govuk-form-group--error' : ''}">
    <fieldset class="govuk-fieldset"${problemOf('letters') ? html` aria-describedby="letters-error"` : ''}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Does the ECB confirm these changes?</legend>
      ${field('letters')}
      <div class="govuk-radios" data-module="govuk-radios">
        <div class="govuk-radios__item">
          <input class="govuk-radios__input" id="letters" name="letters" type="radio" value="send"${input.form?.letters === 'send' ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="letters">Confirm them: the letters go</label>
        </div>
        <div class="govuk-radios__item">
          <input class="govuk-radios__input" id="letters-hold" name="letters" type="radio" value="hold"${input.form?.letters === 'hold' ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="letters-hold">Keep the letters held (a wrong file, a rule gone astray): the team fixes the cause and runs the term again</label>
        </div>
      </div>
    </fieldset>
  </div>
  <div class="govuk-form-group${problemOf('reason') ? ' govuk-form-group--error' : ''}">
    <label class="govuk-label govuk-label--s" for="reason">The ECB's reason</label>
    <div id="reason-hint" class="govuk-hint">Kept on the record with the decision.</div>
    ${field('reason')}
    <textarea class="govuk-textarea${problemOf('reason') ? ' govuk-textarea--error' : ''}" id="reason" name="reason" rows="3" aria-describedby="reason-hint${problemOf('reason') ? ' reason-error' : ''}">${input.form?.reason ?? ''}</textarea>
  </div>
  <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">Send the ECB's decision</button>
</form>`
    : ''
}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">The schools whose category changes</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">School</th>
    <th scope="col" class="govuk-table__header">AAG area</th>
    <th scope="col" class="govuk-table__header">Change</th>
    <th scope="col" class="govuk-table__header">AAG decision</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    ${input.changes.map(
      (c) =>
        html`<tr class="govuk-table__row"><td class="govuk-table__cell">${c.school} <span class="govuk-hint govuk-!-display-inline">(URN ${c.urn})</span></td><td class="govuk-table__cell">${c.area}</td><td class="govuk-table__cell">${c.previous} to ${c.category}</td><td class="govuk-table__cell">${c.decision}</td></tr>`,
    )}
  </tbody>
</table>
${noticesSection(input.notices, input.csrf)}`;
  return page("The term's changes wait for the ECB", input.chrome, main, { errors: problems.length > 0 });
}
