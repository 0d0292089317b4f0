/**
 * The school-improvement officer's page for a term's files: what is there, a form that uploads a file straight to
 * where the term's inputs live, and the intake check's verdict on them with every rejected row, before any run.
 */

import { whenInWords } from '../../core/dates';
import type { RunProgress } from '../../core/run-progress';
import { describeTerm } from '../../core/term';
import type { RejectedRow } from '../../core/types';
import { banner, csrfField, type Html, html, type PageChrome, page, summaryList, tag } from './layout';

/** A run of the term, as the team's page lists it. */
export interface RunView {
  startedAt: string;
  status: 'in progress' | 'succeeded' | 'failed' | 'stopped' | 'timed out';
  finishedAt?: string;
  /** The stage that failed, and why. */
  stage?: string;
  error?: string;
  executionId?: string;
}

const STATUS_TAG: Record<RunView['status'] | RunProgress['status'], Html> = {
  'in progress': tag('In progress', 'blue'),
  running: tag('Running', 'blue'),
  succeeded: tag('Succeeded', 'green'),
  failed: tag('Failed', 'red'),
  stopped: tag('Stopped', 'grey'),
  'timed out': tag('Timed out', 'red'),
};

const progressLink = (term: string, executionId: string) =>
  `/officer/${term}/runs?execution=${encodeURIComponent(executionId)}`;

/** The term's runs, newest first, and the button that starts one (or why it cannot). */
function runsSection(term: string, runs: readonly RunView[], start: { why?: string }, csrf: string): Html {
  return html`<h2 class="govuk-heading-m">The term's runs</h2>
${
  runs.length > 0
    ? html`<table class="govuk-table">
  <caption class="govuk-table__caption govuk-visually-hidden">Each run of ${describeTerm(term)}, newest first</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Started</th>
    <th scope="col" class="govuk-table__header">How it went</th>
    <th scope="col" class="govuk-table__header">Ended</th>
    <th scope="col" class="govuk-table__header">Its stages</th>
  </tr></thead>
  <tbody class="govuk-table__body">${runs.map(
    (r) =>
      html`<tr class="govuk-table__row"><td class="govuk-table__cell">${whenInWords(r.startedAt)}</td><td class="govuk-table__cell">${STATUS_TAG[r.status]}${r.stage ? html` at ${r.stage}` : ''}${r.error ? html`: ${r.error}` : ''}</td><td class="govuk-table__cell">${r.finishedAt ? whenInWords(r.finishedAt) : ''}</td><td class="govuk-table__cell">${r.executionId ? html`<a class="govuk-link" href="${progressLink(term, r.executionId)}">Follow its stages<span class="govuk-visually-hidden"> (run started ${whenInWords(r.startedAt)})</span></a>` : 'not recorded'}</td></tr>`,
  )}</tbody>
</table>`
    : html`<p class="govuk-body">Not run yet.</p>`
}
${
  start.why
    ? html`<p class="govuk-body">${start.why}</p>`
    : html`<form method="post" action="/officer/${term}/runs" novalidate>
  ${csrfField(csrf)}
  <div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> ${runs.length > 0 ? 'Running the term again assesses every school afresh and asks the AAGs again; letters already sent are not sent twice.' : 'The run assesses every school, asks the AAGs, and sends the letters of the categories that change.'}</strong></div>
  <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">${runs.length > 0 ? 'Run the term again' : 'Run the term'}</button>
</form>`
}`;
}

/** One run's stages, in the order it reached them. */
export function runProgressPage(input: {
  chrome: PageChrome;
  term: string;
  progress: RunProgress;
  notice?: Html;
}): string {
  const { progress } = input;
  const stageStatus = {
    running: tag('Running', 'blue'),
    done: tag('Done', 'green'),
    failed: tag('Where it ended', 'red'),
  };
  const main = html`${input.notice ?? ''}
<span class="govuk-caption-l">School-improvement team, ${describeTerm(input.term)}</span>
<h1 class="govuk-heading-l">A run of the term, stage by stage</h1>
${summaryList([
  ['How it goes', STATUS_TAG[progress.status]],
  ...(progress.startedAt ? ([['Started', whenInWords(progress.startedAt)]] as [string, string][]) : []),
  ...(progress.endedAt ? ([['Ended', whenInWords(progress.endedAt)]] as [string, string][]) : []),
  ...(progress.error
    ? ([['Why it ended', html`${progress.error}${progress.cause ? html`: ${progress.cause}` : ''}`]] as [
        string,
        Html,
      ][])
    : []),
])}
<p class="govuk-body"><a class="govuk-link" href="">Refresh</a> to see how it has gone on. <a class="govuk-link" href="/officer/${input.term}">Back to the term</a>.</p>
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Its stages, in the order it reached them</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Stage</th>
    <th scope="col" class="govuk-table__header">Status</th>
    <th scope="col" class="govuk-table__header govuk-table__header--numeric">Times run</th>
    <th scope="col" class="govuk-table__header govuk-table__header--numeric">Failed attempts</th>
    <th scope="col" class="govuk-table__header">Reached</th>
  </tr></thead>
  <tbody class="govuk-table__body">${progress.stages.map(
    (s) =>
      html`<tr class="govuk-table__row"><td class="govuk-table__cell">${s.state}</td><td class="govuk-table__cell">${stageStatus[s.status]}</td><td class="govuk-table__cell govuk-table__cell--numeric">${String(s.runs)}</td><td class="govuk-table__cell govuk-table__cell--numeric">${String(s.failures)}</td><td class="govuk-table__cell">${whenInWords(s.enteredAt)}</td></tr>`,
  )}</tbody>
</table>`;
  return page(`A run of ${describeTerm(input.term)}`, input.chrome, main);
}

export interface IntakeCheckView {
  /** Why the cycle would stop, if it would. */
  halt?: string;
  schools: number;
  rejected: readonly RejectedRow[];
  missingContacts: number;
  /** Each school's missing contact: a letter to that role cannot go until the contacts name one. */
  missing: readonly { urn: string; school: string; role: string }[];
  /** The intake report as the cycle writes it (intake-report.txt). */
  lines: readonly string[];
}

export function officerPage(input: {
  chrome: PageChrome;
  term: string;
  previous: string;
  next: string;
  files: readonly string[];
  upload: { url: string; fields: Record<string, string> };
  check?: IntakeCheckView;
  runs: readonly RunView[];
  /** The term's letters that did not reach their reader. */
  toFollowUp: readonly { urn: string; school: string; role: string; what: string; at?: string }[];
  /** Why the term cannot be run now, if it cannot. */
  startRefused?: string;
  csrf: string;
  notice?: Html;
  /** Below the term's files: visits planned and done in the newest term run. */
  after?: Html;
}): string {
  const { check } = input;
  const verdict = !check
    ? html`<p class="govuk-body">No files yet: upload the term's files, and the check runs on them here.</p>`
    : check.halt
      ? html`<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">The cycle would stop at intake</h2><div class="govuk-error-summary__body"><p class="govuk-body">${check.halt}</p></div></div></div>`
      : check.rejected.length > 0
        ? banner(
            'important',
            `The cycle would go on, without ${check.rejected.length} rejected ${check.rejected.length === 1 ? 'value' : 'values'}`,
            'Correct the rows below in your spreadsheet and upload the file again, or the run goes on without them.',
          )
        : banner('success', 'The files are ready: nothing is rejected');
  const main = html`${input.notice ?? ''}
<span class="govuk-caption-l">School-improvement team</span>
<h1 class="govuk-heading-l">Term files, ${describeTerm(input.term)}</h1>
<p class="govuk-body"><a class="govuk-link" href="/officer/${input.previous}">${describeTerm(input.previous)}</a> · <a class="govuk-link" href="/officer/${input.next}">${describeTerm(input.next)}</a></p>
<p class="govuk-body">After the term's run: <a class="govuk-link" href="/reports/${input.term}/report.html">its report</a>, with the letters held and to follow up, and the missing contacts <a class="govuk-link" href="/reports/${input.term}/report.html#data-quality">under Data quality</a>.</p>
${
  input.toFollowUp.length > 0
    ? html`<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Letters to follow up: ${String(input.toFollowUp.length)} did not reach their reader</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">School</th>
    <th scope="col" class="govuk-table__header">To the</th>
    <th scope="col" class="govuk-table__header">What happened</th>
  </tr></thead>
  <tbody class="govuk-table__body">${input.toFollowUp.map(
    (l) =>
      html`<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="/reports/${input.term}/schools/${l.urn}.html">${l.school || l.urn}</a> <span class="govuk-hint govuk-!-display-inline">(URN ${l.urn})</span></td><td class="govuk-table__cell">${l.role}</td><td class="govuk-table__cell">${l.what}${l.at ? html`, ${whenInWords(l.at)}` : ''}</td></tr>`,
  )}</tbody>
</table>`
    : ''
}
<h2 class="govuk-heading-m">The intake check</h2>
${verdict}
${
  check
    ? summaryList([
        ['Schools in the cycle', String(check.schools)],
        ['Rejected values', String(check.rejected.length)],
        ['Missing contacts', String(check.missingContacts)],
      ])
    : ''
}
${
  check && check.rejected.length > 0
    ? html`<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Every rejected value</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">File</th>
    <th scope="col" class="govuk-table__header govuk-table__header--numeric">Row</th>
    <th scope="col" class="govuk-table__header">Column</th>
    <th scope="col" class="govuk-table__header">Value</th>
    <th scope="col" class="govuk-table__header">Expected</th>
  </tr></thead>
  <tbody class="govuk-table__body">${check.rejected.map(
    (r) =>
      html`<tr class="govuk-table__row"><td class="govuk-table__cell">${r.file}</td><td class="govuk-table__cell govuk-table__cell--numeric">${r.row}</td><td class="govuk-table__cell">${r.column}</td><td class="govuk-table__cell">${r.value}</td><td class="govuk-table__cell">${r.expected}${r.rowKept ? ' (the rest of the row is used)' : ''}</td></tr>`,
  )}</tbody>
</table>`
    : ''
}
${runsSection(input.term, input.runs, input.startRefused ? { why: input.startRefused } : {}, input.csrf)}
${
  check && check.missing.length > 0
    ? html`<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">The ${String(check.missing.length)} missing contacts: a letter to that person cannot go until the contacts name one</span></summary><div class="govuk-details__text"><table class="govuk-table">
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">School</th>
    <th scope="col" class="govuk-table__header">Missing contact</th>
  </tr></thead>
  <tbody class="govuk-table__body">${check.missing.map(
    (m) =>
      html`<tr class="govuk-table__row"><td class="govuk-table__cell">${m.school} <span class="govuk-hint govuk-!-display-inline">(URN ${m.urn})</span></td><td class="govuk-table__cell">${m.role}</td></tr>`,
  )}</tbody>
</table></div></details>`
    : ''
}
<h2 class="govuk-heading-m">The term's files</h2>
${
  input.files.length > 0
    ? html`<ul class="govuk-list govuk-list--bullet">${input.files.map((f) => html`<li>${f}</li>`)}</ul>`
    : html`<p class="govuk-body">None yet.</p>`
}
<form method="post" action="${input.upload.url}" enctype="multipart/form-data">
  ${Object.entries(input.upload.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <div class="govuk-form-group">
    <label class="govuk-label govuk-label--s" for="file">Upload a file for ${describeTerm(input.term)}</label>
    <div id="file-hint" class="govuk-hint">As downloaded or kept (CSV or .xlsx), named as docs/inputs.md says, such as register.csv. A file of the same name replaces the one there.</div>
    <input class="govuk-file-upload" id="file" name="file" type="file" accept=".csv,.xlsx" aria-describedby="file-hint">
  </div>
  <button type="submit" class="govuk-button" data-module="govuk-button">Upload</button>
</form>
${check ? html`<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">The intake report in full</span></summary><div class="govuk-details__text"><pre class="govuk-body-s">${check.lines.join('\n')}</pre></div></details>` : ''}`;
  return page(`Term files, ${describeTerm(input.term)}`, input.chrome, html`${main}${input.after ?? ''}`);
}
