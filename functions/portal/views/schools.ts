/**
 * The pages of a school's people and its visitors: the school's record (its category term by term, this term's
 * evidence, support, visits and task group), each letter as it was sent, its responses and the AAG's answers; the
 * forms for a response, a visit note and the task group's report; and the parts the AAG and the team see of them
 * (the responses beside a proposal, visits planned against visits done).
 */
import { responseStanding, type SchoolResponse } from '../../core/assessment/school-responses';
import { formatDate, whenInWords } from '../../core/dates';
import type { LetterAsSent } from '../../core/letters/mime';
import type { BrokeredSupport } from '../../core/support/brokering';
import type { TaskGroup } from '../../core/support/task-groups';
import { type AdviserVisits, IMPACT_IN_WORDS, type VisitRecord } from '../../core/support/visit-records';
import { describeTerm } from '../../core/term';
import { type Assessment, TASK_GROUP_IMPACTS } from '../../core/types';
import { csrfField, errorSummary, type Html, html, type PageChrome, page, summaryList, tag } from './layout';

type FormProblem = { field: string; message: string };

/** The error message, class and description of a form's field, by its problems. */
function fieldsOf(problems: readonly FormProblem[]) {
  const problemOf = (field: string) => problems.find((p) => p.field === field);
  return {
    error: (field: string) => {
      const p = problemOf(field);
      return p
        ? html`<p id="${field}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${p.message}</p>`
        : '';
    },
    group: (field: string) => `govuk-form-group${problemOf(field) ? ' govuk-form-group--error' : ''}`,
    described: (field: string, hint?: string) => {
      const ids = [hint, problemOf(field) ? `${field}-error` : undefined].filter(Boolean).join(' ');
      return ids ? html` aria-describedby="${ids}"` : '';
    },
    has: (field: string) => Boolean(problemOf(field)),
  };
}

export interface SchoolView {
  urn: string;
  name: string;
  district: string;
  phase: string;
  trustName?: string;
}

/** What the signed-in person is to the school, in words. */
export const accessInWords = (as: string): string =>
  as === 'visitor'
    ? 'visiting adviser or task group chair'
    : as === 'team'
      ? 'school-improvement team or ECB'
      : as === 'area'
        ? 'member of its AAG'
        : as;

export function schoolListPage(chrome: PageChrome, schools: readonly { school: SchoolView; as: string }[]): string {
  return page(
    'Your schools',
    chrome,
    html`<h1 class="govuk-heading-l">Your schools</h1>
${
  schools.length === 0
    ? html`<p class="govuk-body">No school in the register the portal holds lists you among its contacts or visitors. If you act for a school, ask the school-improvement team to check its contacts.</p>`
    : html`<ul class="govuk-list">${schools.map(
        (s) =>
          html`<li><a class="govuk-link" href="/schools/${s.school.urn}">${s.school.name}</a> (URN ${s.school.urn}, as ${accessInWords(s.as)})</li>`,
      )}</ul>`
}`,
  );
}

const CATEGORY_COLOUR: Record<string, 'red' | 'orange' | 'yellow' | 'green'> = {
  A: 'green',
  B: 'yellow',
  C: 'orange',
  D: 'red',
};

function decisionOf(a: Assessment): string {
  const m = a.moderation;
  if (!m) return 'proposed';
  if (m.decision === 'override') return `the AAG changed the proposed ${a.proposedCategory ?? ''} to ${a.category}`;
  if (m.decision === 'agree') return 'agreed by the AAG';
  return m.confirmedBy ? `confirmed by ${m.confirmedBy}` : 'the proposal stood';
}

export interface SchoolPageInput {
  chrome: PageChrome;
  school: SchoolView;
  as: string;
  /** The school's assessment in each term run, oldest first. */
  history: readonly Assessment[];
  support?: BrokeredSupport;
  taskGroup?: TaskGroup;
  letters: readonly { term: string; key: string; role: string; sentAt?: string }[];
  responses: readonly SchoolResponse[];
  /** Published visit notes and reports; a visitor also sees their drafts. */
  visitRecords: readonly VisitRecord[];
  /** The full school page of the newest term's report. */
  reportHref?: string;
  canRespond: boolean;
  canVisit: boolean;
  /** Whether the person reads the school's letters (not a visitor). */
  readsLetters: boolean;
  notice?: Html;
  /** The term the visitor's report is for. */
  term?: string;
}

export function schoolRecordPage(input: SchoolPageInput): string {
  const { school, history } = input;
  const latest = history.at(-1);
  const base = `/schools/${school.urn}`;
  const notes = input.visitRecords
    .filter((r) => r.kind === 'visit note' && r.note)
    .sort((a, b) => b.note!.date.localeCompare(a.note!.date));
  const reports = input.visitRecords.filter((r) => r.kind === 'task-group report' && r.report);
  const responseTo = (recordId: string) => input.responses.filter((r) => r.visitId === recordId);
  const main = html`${input.notice ?? ''}
<span class="govuk-caption-l">URN ${school.urn}, ${school.district}${school.trustName ? `, ${school.trustName}` : ''}</span>
<h1 class="govuk-heading-l">${school.name}</h1>
<p class="govuk-body">You see this school as its ${accessInWords(input.as)}.</p>
<h2 class="govuk-heading-m">Category term by term</h2>
${
  history.length === 0
    ? html`<p class="govuk-body">The cycle has not yet placed the school in a category.</p>`
    : html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">The school's category in each term the cycle has run, the newest last</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Term</th><th scope="col" class="govuk-table__header">Category</th><th scope="col" class="govuk-table__header">How it was decided</th></tr></thead>
<tbody class="govuk-table__body">${history.map(
        (a) =>
          html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${describeTerm(a.term)}</th><td class="govuk-table__cell">${tag(a.category, CATEGORY_COLOUR[a.category])}${a.changed && a.previousCategory ? html` <span class="govuk-body-s">(from ${a.previousCategory})</span>` : ''}</td><td class="govuk-table__cell">${decisionOf(a)}</td></tr>`,
      )}</tbody></table>`
}
${
  latest
    ? html`<h2 class="govuk-heading-m">The evidence for category ${latest.category}, ${describeTerm(latest.term)}</h2>
${
  latest.reasons.length === 0
    ? html`<p class="govuk-body">No rule placed the school in a category of concern: it is in ${latest.category} by default.</p>`
    : html`<ul class="govuk-list govuk-list--bullet">${latest.reasons.map((r) => html`<li>${r.text}${r.evidence ? html` <span class="govuk-hint govuk-!-display-inline">(${r.evidence})</span>` : ''}</li>`)}</ul>`
}
${input.canRespond ? html`<p class="govuk-body"><a class="govuk-button govuk-button--secondary" href="${base}/respond">Respond to the category</a></p>` : ''}`
    : ''
}
<h2 class="govuk-heading-m">Support and the task group</h2>
${summaryList([
  [
    'Support school',
    input.support?.provider ? `${input.support.provider.name} (URN ${input.support.provider.urn})` : 'none this term',
  ],
  [
    'System leader',
    input.support?.leader ? `${input.support.leader.name} (${input.support.leader.designation})` : 'none this term',
  ],
  ['Adviser visits planned this term', String(input.support?.visitsThisTerm ?? 0)],
  [
    'Task group',
    input.taskGroup
      ? input.taskGroup.chair
        ? `chaired by ${input.taskGroup.chair.name} (${input.taskGroup.chair.designation})`
        : 'opened; its chair is still to be found'
      : 'none this term',
  ],
])}
${input.reportHref ? html`<p class="govuk-body"><a class="govuk-link" href="${input.reportHref}">The school's full page in the term's report</a></p>` : ''}
${
  !input.readsLetters
    ? ''
    : input.letters.length === 0
      ? html`<h2 class="govuk-heading-m">Letters sent to the school</h2><p class="govuk-body">No letter has been sent to the school through the cycle.</p>`
      : html`<h2 class="govuk-heading-m">Letters sent to the school</h2><ul class="govuk-list">${input.letters.map(
          (l) =>
            html`<li><a class="govuk-link" href="${base}/letters/${l.term}/${encodeURIComponent(l.key)}">${describeTerm(l.term)}: the letter to the ${l.role}</a>${l.sentAt ? html` <span class="govuk-body-s">(sent ${whenInWords(l.sentAt)})</span>` : ''}</li>`,
        )}</ul>`
}
<h2 class="govuk-heading-m">Visit notes</h2>
${
  notes.length === 0
    ? html`<p class="govuk-body">No visit note has been published to the school in the portal.</p>`
    : notes.map((r) => visitNoteSection(r, base, input.canRespond, responseTo(r.recordId), input.canVisit))
}
${input.canVisit ? html`<p class="govuk-body"><a class="govuk-button govuk-button--secondary" href="${base}/visits/new">Record a visit</a></p>` : ''}
<h2 class="govuk-heading-m">Task group reports</h2>
${
  reports.length === 0
    ? html`<p class="govuk-body">No task group report has been published to the school in the portal.</p>`
    : reports.map(
        (r) =>
          html`<h3 class="govuk-heading-s">${describeTerm(r.report!.term)}${r.status === 'draft' ? html` ${tag('Draft', 'grey')}` : ''}</h3>
${summaryList([
  ['Impact of support', IMPACT_IN_WORDS[r.report!.impact]],
  ['Reasons', r.report!.reasons],
  ['Written by', `${r.author.name}, ${whenInWords(r.publishedAt ?? r.savedAt)}`],
])}`,
      )
}
${input.canVisit && input.term && !reports.some((r) => r.report!.term === input.term && r.status === 'published') ? html`<p class="govuk-body"><a class="govuk-button govuk-button--secondary" href="${base}/report">Write the task group's report for ${describeTerm(input.term)}</a></p>` : ''}
${
  input.readsLetters
    ? html`<h2 class="govuk-heading-m">The school's responses</h2>
${responsesTable(input.responses)}`
    : html`<h2 class="govuk-heading-m">The school's responses to visit notes</h2>
${responsesTable(input.responses, 'The school has not responded to a visit note in the portal.')}`
}`;
  return page(school.name, input.chrome, main);
}

function visitNoteSection(
  r: VisitRecord,
  base: string,
  canRespond: boolean,
  responses: readonly SchoolResponse[],
  canVisit: boolean,
): Html {
  const n = r.note!;
  return html`<h3 class="govuk-heading-s">Visit on ${formatDate(n.date)}${r.status === 'draft' ? html` ${tag('Draft', 'grey')}` : ''}</h3>
${summaryList([
  ['Visited by', r.author.name],
  ['Focus', n.focus],
  ['Findings', n.findings],
  ['Actions agreed', n.actions],
  ['Next visit', n.nextVisit ? formatDate(n.nextVisit) : 'not yet arranged'],
  ...(responses.length > 0
    ? ([
        [
          'The school’s response',
          responses.map((x) => `${x.agrees ? 'Agreed' : 'Disagreed'}: ${x.reason || 'no reason given'}`).join(' '),
        ],
      ] as [string, string][])
    : []),
])}
${
  r.status === 'draft' && canVisit
    ? html`<p class="govuk-body"><a class="govuk-link" href="${base}/visits/${encodeURIComponent(r.recordId)}">Change or publish this draft</a></p>`
    : canRespond && r.status === 'published'
      ? html`<p class="govuk-body"><a class="govuk-link" href="${base}/respond?visit=${encodeURIComponent(r.recordId)}">Respond to the note of ${formatDate(n.date)}</a></p>`
      : ''
}`;
}

export function responsesTable(
  responses: readonly SchoolResponse[],
  none = 'The school has not responded in the portal.',
): Html {
  if (responses.length === 0) return html`<p class="govuk-body">${none}</p>`;
  return html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">Each response, the oldest first, and where it stands</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Made</th><th scope="col" class="govuk-table__header">About</th><th scope="col" class="govuk-table__header">Response</th><th scope="col" class="govuk-table__header">Where it stands</th></tr></thead>
<tbody class="govuk-table__body">${responses.map(
    (r) =>
      html`<tr class="govuk-table__row"><td class="govuk-table__cell">${whenInWords(r.at)} by ${r.by.name} (${r.by.role})</td><td class="govuk-table__cell">${r.about === 'category' ? `the category, ${describeTerm(r.term)}` : 'a visit note'}</td><td class="govuk-table__cell">${responseBody(r)}</td><td class="govuk-table__cell">${responseStanding(r)}${r.answer ? html`<br><span class="govuk-body-s">${r.answer.text} (${r.answer.by})</span>` : ''}</td></tr>`,
  )}</tbody></table>`;
}

function responseBody(r: SchoolResponse): Html {
  return html`${r.agrees ? 'Agrees' : 'Disagrees'}${r.disputed.length > 0 ? html` with: <ul class="govuk-list govuk-list--bullet govuk-body-s">${r.disputed.map((d) => html`<li>${d}</li>`)}</ul>` : ''}${r.reason ? html`<p class="govuk-body-s">${r.reason}</p>` : ''}${
    r.attachments.length > 0
      ? html`<p class="govuk-body-s">Files: ${r.attachments.map(
          (a, i) =>
            html`${i > 0 ? ', ' : ''}<a class="govuk-link" href="/schools/${r.urn}/responses/${encodeURIComponent(r.responseId)}/files/${i + 1}">${a.name}</a>`,
        )}</p>`
      : ''
  }`;
}

/** A message's Date header in the portal's words, or as it is where it is not a date. */
function sentInWords(header: string): string {
  const date = new Date(header);
  return Number.isNaN(date.getTime()) ? header : whenInWords(date.toISOString());
}

export function letterPage(input: {
  chrome: PageChrome;
  school: SchoolView;
  term: string;
  role: string;
  letter?: LetterAsSent;
}): string {
  const base = `/schools/${input.school.urn}`;
  return page(
    `The letter to the ${input.role}`,
    { ...input.chrome, back: { href: base, text: input.school.name } },
    html`<span class="govuk-caption-l">${input.school.name}, ${describeTerm(input.term)}</span>
<h1 class="govuk-heading-l">The letter to the ${input.role}</h1>
${
  input.letter
    ? html`${summaryList([
        ['Subject', input.letter.subject],
        ['To', input.letter.toName],
        ['Sent', sentInWords(input.letter.date)],
      ])}
<div class="govuk-inset-text portal-letter">${input.letter.text
        .split(/\n{2,}/)
        .map(
          (p) =>
            html`<p class="govuk-body">${p.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>`,
        )}</div>`
    : html`<p class="govuk-body">The letter was sent, but the authority's records do not hold it as it was sent (letters sent before the portal kept them). Ask the school-improvement team for a copy.</p>`
}`,
  );
}

export interface ResponseFormInput {
  chrome: PageChrome;
  school: SchoolView;
  csrf: string;
  about: 'category' | 'visit note';
  /** What is responded to, in words (the category and term, or the visit's date). */
  subject: string;
  visitId?: string;
  choices: readonly { id: string; said: string }[];
  form: Readonly<Record<string, string | undefined>>;
  problems?: readonly FormProblem[];
  /** The letter's window, where a letter told the school of its category this term. */
  window?: { letterDate: string; windowEnds: string };
}

export function responseFormPage(input: ResponseFormInput): string {
  const problems = input.problems ?? [];
  const f = fieldsOf(problems);
  const base = `/schools/${input.school.urn}`;
  const chosen = (id: string) => Boolean(input.form[`evidence-${id}`]);
  const main = html`${errorSummary(problems)}
<span class="govuk-caption-l">${input.school.name}</span>
<h1 class="govuk-heading-l">Respond to ${input.subject}</h1>
${
  input.window
    ? html`<p class="govuk-body">The letter of ${formatDate(input.window.letterDate)} gives the school until ${formatDate(input.window.windowEnds)} (20 school days, counted as weekdays) to challenge the category. A response after that is still recorded and put to the AAG.</p>`
    : ''
}
<p class="govuk-body">Your response is recorded under your name. The school's AAG sees it at its next round, beside the school's proposal, and its answer is shown here.</p>
<form method="post" action="${base}/respond${input.visitId ? `?visit=${encodeURIComponent(input.visitId)}` : ''}" enctype="multipart/form-data" novalidate>
  ${csrfField(input.csrf)}
  <div class="${f.group('view')}">
    <fieldset class="govuk-fieldset"${f.described('view')}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Do you agree with ${input.subject}?</legend>
      ${f.error('view')}
      <div class="govuk-radios" data-module="govuk-radios">
        <div class="govuk-radios__item">
          <input class="govuk-radios__input" id="view" name="view" type="radio" value="agree"${input.form.view === 'agree' ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="view">We agree</label>
        </div>
        <div class="govuk-radios__item">
          <input class="govuk-radios__input" id="view-disagree" name="view" type="radio" value="disagree"${input.form.view === 'disagree' ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="view-disagree">We disagree with the evidence</label>
        </div>
      </div>
    </fieldset>
  </div>
  ${
    input.choices.length > 0
      ? html`<div class="${f.group('evidence')}">
    <fieldset class="govuk-fieldset"${f.described('evidence', 'evidence-hint')}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">If you disagree: the evidence you disagree with</legend>
      <div id="evidence-hint" class="govuk-hint">Select all that apply.</div>
      ${f.error('evidence')}
      <div class="govuk-checkboxes" data-module="govuk-checkboxes">
        ${input.choices.map(
          (c, i) => html`<div class="govuk-checkboxes__item">
          <input class="govuk-checkboxes__input" id="${i === 0 ? 'evidence' : `evidence-${c.id}`}" name="evidence-${c.id}" type="checkbox" value="yes"${chosen(c.id) ? html` checked` : ''}>
          <label class="govuk-label govuk-checkboxes__label" for="${i === 0 ? 'evidence' : `evidence-${c.id}`}">${c.said}</label>
        </div>`,
        )}
      </div>
    </fieldset>
  </div>`
      : ''
  }
  <div class="${f.group('reason')}">
    <label class="govuk-label govuk-label--s" for="reason">Why</label>
    <div id="reason-hint" class="govuk-hint">Needed if you disagree: what the evidence misses or gets wrong, and what shows it.</div>
    ${f.error('reason')}
    <textarea class="govuk-textarea${f.has('reason') ? ' govuk-textarea--error' : ''}" id="reason" name="reason" rows="6"${f.described('reason', 'reason-hint')}>${input.form.reason ?? ''}</textarea>
  </div>
  <div class="${f.group('files')}">
    <label class="govuk-label govuk-label--s" for="files">Files that bear it out (optional)</label>
    <div id="files-hint" class="govuk-hint">Up to 3 files, 2 MB in all: PDF, Word, Excel, PNG or JPEG.</div>
    ${f.error('files')}
    <input class="govuk-file-upload${f.has('files') ? ' govuk-file-upload--error' : ''}" id="files" name="files" type="file" multiple accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"${f.described('files', 'files-hint')}>
  </div>
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button" data-module="govuk-button">Send the response</button>
    <a class="govuk-link" href="${base}">Back to the school</a>
  </div>
</form>`;
  return page(`Respond to ${input.subject}`, { ...input.chrome, back: { href: base, text: input.school.name } }, main, {
    errors: problems.length > 0,
  });
}

export function visitNoteFormPage(input: {
  chrome: PageChrome;
  school: SchoolView;
  csrf: string;
  action: string;
  form: Readonly<Record<string, string | undefined>>;
  problems?: readonly FormProblem[];
  draftSavedAt?: string;
}): string {
  const problems = input.problems ?? [];
  const f = fieldsOf(problems);
  const base = `/schools/${input.school.urn}`;
  const text = (name: string, label: string, hint?: string, rows?: number) =>
    html`<div class="${f.group(name)}">
    <label class="govuk-label govuk-label--s" for="${name}">${label}</label>
    ${hint ? html`<div id="${name}-hint" class="govuk-hint">${hint}</div>` : ''}
    ${f.error(name)}
    ${
      rows
        ? html`<textarea class="govuk-textarea${f.has(name) ? ' govuk-textarea--error' : ''}" id="${name}" name="${name}" rows="${String(rows)}"${f.described(name, hint ? `${name}-hint` : undefined)}>${input.form[name] ?? ''}</textarea>`
        : html`<input class="govuk-input govuk-input--width-10${f.has(name) ? ' govuk-input--error' : ''}" id="${name}" name="${name}" type="text" value="${input.form[name] ?? ''}"${f.described(name, hint ? `${name}-hint` : undefined)}>`
    }
  </div>`;
  const main = html`${errorSummary(problems)}
<span class="govuk-caption-l">${input.school.name}</span>
<h1 class="govuk-heading-l">Record a visit</h1>
${input.draftSavedAt ? html`<p class="govuk-body">Draft saved ${whenInWords(input.draftSavedAt)}.</p>` : ''}
<p class="govuk-body">A draft is yours alone. Once you publish the note, the school sees it and can respond, and the next term's risk assessment reads it.</p>
<form method="post" action="${input.action}" novalidate>
  ${csrfField(input.csrf)}
  ${text('date', 'Date of the visit', 'For example, 14/10/2026')}
  ${text('focus', 'Focus', 'What the visit looked at', 2)}
  ${text('findings', 'Findings', 'What you found', 6)}
  ${text('actions', 'Actions agreed', 'What the school is to do before the next visit', 4)}
  ${text('nextVisit', 'Next visit (optional)', 'The date agreed, for example 25/11/2026')}
  <div class="govuk-button-group">
    <button type="submit" name="action" value="publish" class="govuk-button" data-module="govuk-button">Publish to the school</button>
    <button type="submit" name="action" value="draft" class="govuk-button govuk-button--secondary" data-module="govuk-button">Save as a draft</button>
    <a class="govuk-link" href="${base}">Back to the school</a>
  </div>
</form>`;
  return page('Record a visit', { ...input.chrome, back: { href: base, text: input.school.name } }, main, {
    errors: problems.length > 0,
  });
}

export function reportFormPage(input: {
  chrome: PageChrome;
  school: SchoolView;
  csrf: string;
  term: string;
  form: Readonly<Record<string, string | undefined>>;
  problems?: readonly FormProblem[];
  published?: boolean;
}): string {
  const problems = input.problems ?? [];
  const f = fieldsOf(problems);
  const base = `/schools/${input.school.urn}`;
  const main = html`${errorSummary(problems)}
<span class="govuk-caption-l">${input.school.name}</span>
<h1 class="govuk-heading-l">The task group's report for ${describeTerm(input.term)}</h1>
${
  input.published
    ? html`<p class="govuk-body">This report is published: it is the school's record, and cannot be changed here. Tell the school-improvement team if it must be corrected.</p>`
    : html`<p class="govuk-body">Once published, the school sees the report, and the next term's risk assessment reads its judgement as it reads the task-group-reports sheet.</p>
<form method="post" action="${base}/report" novalidate>
  ${csrfField(input.csrf)}
  <div class="${f.group('impact')}">
    <fieldset class="govuk-fieldset"${f.described('impact')}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">The impact of support this term</legend>
      ${f.error('impact')}
      <div class="govuk-radios" data-module="govuk-radios">
        ${TASK_GROUP_IMPACTS.map(
          (impact, i) => html`<div class="govuk-radios__item">
          <input class="govuk-radios__input" id="${i === 0 ? 'impact' : `impact-${impact.replace(/\s+/g, '-')}`}" name="impact" type="radio" value="${impact}"${input.form.impact === impact ? html` checked` : ''}>
          <label class="govuk-label govuk-radios__label" for="${i === 0 ? 'impact' : `impact-${impact.replace(/\s+/g, '-')}`}">${IMPACT_IN_WORDS[impact]}</label>
        </div>`,
        )}
      </div>
    </fieldset>
  </div>
  <div class="${f.group('reasons')}">
    <label class="govuk-label govuk-label--s" for="reasons">Reasons</label>
    ${f.error('reasons')}
    <textarea class="govuk-textarea${f.has('reasons') ? ' govuk-textarea--error' : ''}" id="reasons" name="reasons" rows="6"${f.described('reasons')}>${input.form.reasons ?? ''}</textarea>
  </div>
  <div class="govuk-button-group">
    <button type="submit" name="action" value="publish" class="govuk-button" data-module="govuk-button">Publish to the school</button>
    <button type="submit" name="action" value="draft" class="govuk-button govuk-button--secondary" data-module="govuk-button">Save as a draft</button>
    <a class="govuk-link" href="${base}">Back to the school</a>
  </div>
</form>`
}`;
  return page(
    `The task group's report for ${describeTerm(input.term)}`,
    { ...input.chrome, back: { href: base, text: input.school.name } },
    main,
    { errors: problems.length > 0 },
  );
}

/** The school's responses as its AAG sees them beside the proposal, with the chair's form to answer each. */
export function responsesForAag(input: {
  responses: readonly SchoolResponse[];
  action: (r: SchoolResponse) => string;
  canAnswer: boolean;
  csrf: string;
  problems?: readonly FormProblem[];
  /** The response the problems are about. */
  problemsFor?: string;
}): Html {
  if (input.responses.length === 0) return html``;
  const waiting = input.responses.filter((r) => !r.answer);
  return html`<h2 class="govuk-heading-m">The school's responses</h2>
${responsesTable(input.responses)}
${waiting.map((r, i) => {
  const problems = input.problemsFor === r.responseId ? (input.problems ?? []) : [];
  const f = fieldsOf(problems);
  const id = (field: string) => (i === 0 ? field : `${field}-${i + 1}`);
  return input.canAnswer
    ? html`<form method="post" action="${input.action(r)}" novalidate>
  <input type="hidden" name="csrf" value="${input.csrf}">
  <div class="${f.group('outcome')}">
    <fieldset class="govuk-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">The AAG's answer to ${r.by.name}'s response of ${whenInWords(r.at)}</legend>
      ${f.error('outcome')}
      <div class="govuk-radios" data-module="govuk-radios">
        ${(r.agrees ? (['noted'] as const) : (['not upheld', 'upheld'] as const)).map(
          (o, j) => html`<div class="govuk-radios__item">
          <input class="govuk-radios__input" id="${j === 0 ? id('outcome') : `${id('outcome')}-${o.replace(' ', '-')}`}" name="outcome" type="radio" value="${o}">
          <label class="govuk-label govuk-radios__label" for="${j === 0 ? id('outcome') : `${id('outcome')}-${o.replace(' ', '-')}`}">${o === 'upheld' ? 'Upheld: the AAG agrees with the school' : o === 'not upheld' ? 'Not upheld: the category stands' : 'Noted'}</label>
        </div>`,
        )}
      </div>
    </fieldset>
  </div>
  <div class="${f.group('text')}">
    <label class="govuk-label govuk-label--s" for="${id('text')}">What the AAG decided and why, as the school will read it</label>
    ${f.error('text')}
    <textarea class="govuk-textarea" id="${id('text')}" name="text" rows="4"></textarea>
  </div>
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Record the AAG's answer</button>
</form>`
    : html``;
})}
${waiting.length > 0 && !input.canAnswer ? html`<p class="govuk-body">The AAG's chair records its answer.</p>` : ''}`;
}

/** Visits planned against visits done, per school and per adviser (the newest term's support and published notes). */
export function visitsTable(input: {
  term: string;
  schools: readonly { urn: string; name: string; planned: number; done: number }[];
  advisers: readonly AdviserVisits[];
}): Html {
  if (input.schools.length === 0 && input.advisers.length === 0)
    return html`<h2 class="govuk-heading-m">Visits, ${describeTerm(input.term)}</h2><p class="govuk-body">No adviser visit is planned this term, and none has been recorded.</p>`;
  return html`<h2 class="govuk-heading-m">Visits planned and done, ${describeTerm(input.term)}</h2>
<p class="govuk-body">Done: the notes of visits in the term published in the portal (notes kept on the visit-notes sheet come in with the next term's files).</p>
<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">By school</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">School</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Planned</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Done</th></tr></thead>
<tbody class="govuk-table__body">${input.schools.map(
    (s) =>
      html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${s.name} (${s.urn})</th><td class="govuk-table__cell govuk-table__cell--numeric">${String(s.planned)}</td><td class="govuk-table__cell govuk-table__cell--numeric">${String(s.done)}${s.done < s.planned ? html` ${tag(`${s.planned - s.done} to do`, 'yellow')}` : ''}</td></tr>`,
  )}</tbody></table>
<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">By adviser (planned by the system leader the support names)</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Adviser</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Planned</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Done</th><th scope="col" class="govuk-table__header">Schools</th></tr></thead>
<tbody class="govuk-table__body">${input.advisers.map(
    (a) =>
      html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${a.adviser}</th><td class="govuk-table__cell govuk-table__cell--numeric">${String(a.planned)}</td><td class="govuk-table__cell govuk-table__cell--numeric">${String(a.done)}</td><td class="govuk-table__cell">${a.schools.join(', ')}</td></tr>`,
  )}</tbody></table>`;
}
