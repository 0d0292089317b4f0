/**
 * The school-improvement officer's page for a term's files: what is there, a form that uploads a file straight to
 * where the term's inputs live, and the intake check's verdict on them with every rejected row, before any run.
 */

import { describeTerm } from '../../core/term';
import type { RejectedRow } from '../../core/types';
import { banner, type Html, html, type PageChrome, page, summaryList } from './layout';

export interface IntakeCheckView {
  /** Why the cycle would stop, if it would. */
  halt?: string;
  schools: number;
  rejected: readonly RejectedRow[];
  missingContacts: number;
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
  notice?: Html;
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
  return page(`Term files, ${describeTerm(input.term)}`, input.chrome, main);
}
