/**
 * The ECB's page: a term whose changes passed its limit, held until it confirms them or keeps them held, with a
 * reason; each change listed with its AAG's decision.
 */
import { describeTerm } from '../../core/term';
import { whenInWords } from './aag';
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

export function ecbPage(input: {
  chrome: PageChrome;
  held?: HeldTerm;
  changes: readonly ChangeLine[];
  csrf: string;
  form?: { letters?: string; reason?: string };
  problems?: readonly { field: string; message: string }[];
  notice?: Html;
}): string {
  const { held } = input;
  const problems = input.problems ?? [];
  const problemOf = (field: string) => problems.find((p) => p.field === field);
  if (!held)
    return page(
      'Education Challenge Board',
      input.chrome,
      html`<h1 class="govuk-heading-l">Education Challenge Board</h1>
<p class="govuk-body">No term waits for the ECB: the cycle asks it only when more schools would change category in a term than its limit allows.</p>`,
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
</table>`;
  return page("The term's changes wait for the ECB", input.chrome, main, { errors: problems.length > 0 });
}
