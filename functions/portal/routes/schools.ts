/**
 * The routes of a school's people and its visitors, under /schools/<URN>. Who may open a school is the core's rule
 * (accessToSchool): the URN in the path is checked against the person's groups and the school's contacts as the newest
 * term holds them, so another school's page is refused, told why, and audited; a headteacher replaced in the contacts
 * is refused the same way. A school's headteacher, chair of governors and trust board chair respond; its visiting
 * advisers and task group's chair record visits and the task group's report.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { SchoolRecord } from '../../adapters/cycle-store';
import { auditPortal } from '../../adapters/portal-store';
import {
  categoryHistoryOf,
  keepAttachment,
  letterAsSent,
  lettersTo,
  readAttachment,
  responsesOf,
  saveResponse,
  saveVisitRecord,
  schoolsOnRecord,
  supportAndTaskGroupOf,
  termsOnRecord,
  visitRecordsOf,
} from '../../adapters/school-store';
import { accessToSchool, readsLetters, respondsFor, type SchoolAccess, schoolsOf } from '../../core/access/schools';
import {
  ATTACHMENT_LIMITS,
  type Attachment,
  attachmentKind,
  challengeWindowEnds,
  evidenceChoices,
  type FormProblem,
  responseFromForm,
} from '../../core/assessment/school-responses';
import { formatDate } from '../../core/dates';
import { reportFromForm, type VisitRecord, visitNoteFromForm } from '../../core/support/visit-records';
import { describeTerm, isTermId } from '../../core/term';
import { chromeOf, type PortalContext, type PortalEnv, refuse } from '../context';
import { banner } from '../views/layout';
import {
  letterPage,
  reportFormPage,
  responseFormPage,
  type SchoolView,
  schoolListPage,
  schoolRecordPage,
  visitNoteFormPage,
} from '../views/schools';

const viewOf = (s: SchoolRecord): SchoolView => ({
  urn: s.urn,
  name: s.name,
  district: s.district,
  phase: s.phase,
  ...(s.trustName ? { trustName: s.trustName } : {}),
});

/** The school in the path and what the person is to it; or the refusal, audited. */
async function opened(
  c: PortalContext,
): Promise<{ school: SchoolRecord; access: SchoolAccess; term: string } | Response> {
  const urn = c.req.param('urn') ?? '';
  const { term, schools } = await schoolsOnRecord();
  const school = schools.get(urn);
  const access = accessToSchool(c.get('roles'), c.get('person').email, school);
  if ('refused' in access || !school || !term)
    return refuse(
      c,
      403,
      'schools',
      `opened ${new URL(c.req.url).pathname}`,
      'refused' in access ? access.refused : 'There is no such school in the register the portal holds.',
    );
  return { school, access, term };
}

/** The school in the path, where what the person is to it allows what they ask; or the refusal, audited. */
async function openedFor(
  c: PortalContext,
  may: (access: SchoolAccess) => boolean,
  reason: string,
): Promise<{ school: SchoolRecord; access: SchoolAccess; term: string } | Response> {
  const found = await opened(c);
  if (found instanceof Response || may(found.access)) return found;
  const path = new URL(c.req.url).pathname;
  return refuse(c, 403, 'schools', `${c.req.method === 'POST' ? 'posted to' : 'opened'} ${path}`, reason);
}

const LETTERS_CONFIDENTIAL = 'The letters are confidential to the school, its governors and the authority.';
const RESPONDERS_ONLY = 'Only the school’s headteacher, chair of governors or trust board chair responds for it.';
const VISITORS_ONLY = 'Only the school’s visiting advisers and its task group’s chair record its visits.';
const isVisitor = (access: SchoolAccess) => access.as === 'visitor';

const today = () => new Date().toISOString().slice(0, 10);

/** The letter that told the school of its category in `term` (not a warning notice's, nor a correction), if any. */
async function categoryLetterDate(urn: string, term: string): Promise<string | undefined> {
  const letters = (await lettersTo(urn, [term])).filter(
    (l) => !/#(warning-notice-|correction#)/.test(l.record.letterKey),
  );
  const first = letters.at(-1);
  if (!first) return undefined;
  const sent = await letterAsSent(first);
  const date = sent?.date ? new Date(sent.date) : undefined;
  if (date && !Number.isNaN(date.getTime())) return date.toISOString().slice(0, 10);
  return first.record.sentAt?.slice(0, 10);
}

export function schoolRoutes(): Hono<PortalEnv> {
  const schools = new Hono<PortalEnv>();

  schools.get('/', async (c) => {
    const { schools: onRecord } = await schoolsOnRecord();
    const mine = schoolsOf(c.get('roles'), c.get('person').email, [...onRecord.values()]);
    return c.html(
      schoolListPage(
        chromeOf(c, '/schools'),
        mine.map((m) => ({ school: viewOf(m.school as SchoolRecord), as: m.access.as })),
      ),
    );
  });

  schools.get('/:urn', async (c) => {
    const found = await opened(c);
    if (found instanceof Response) return found;
    const { school, access, term } = found;
    const terms = await termsOnRecord();
    const [history, letters, responses, records, now] = await Promise.all([
      categoryHistoryOf(school.urn, terms),
      lettersTo(school.urn, terms),
      responsesOf(school.urn),
      visitRecordsOf(school.urn),
      supportAndTaskGroupOf(term, school.urn),
    ]);
    const me = c.get('person').id;
    const visible = records.filter((r) => r.status === 'published' || (access.as === 'visitor' && r.author.id === me));
    const notice =
      c.req.query('done') === 'response'
        ? banner(
            'success',
            'Your response is recorded',
            'The AAG sees it at its next round; its answer will show here.',
          )
        : c.req.query('done') === 'published'
          ? banner('success', 'Published to the school', 'The school sees it now; the next term’s intake reads it.')
          : c.req.query('done') === 'draft'
            ? banner('success', 'Draft saved', 'Only you see it until you publish it.')
            : undefined;
    return c.html(
      schoolRecordPage({
        chrome: chromeOf(c, '/schools'),
        school: viewOf(school),
        as: access.as,
        history,
        ...now,
        letters: (readsLetters(access) ? letters : []).map((l) => ({
          term: l.term,
          key: l.record.letterKey,
          role: l.record.role,
          ...(l.record.sentAt ? { sentAt: l.record.sentAt } : {}),
        })),
        responses: readsLetters(access) ? responses : responses.filter((r) => r.about === 'visit note'),
        visitRecords: visible,
        readsLetters: readsLetters(access),
        ...(readsLetters(access) ? { reportHref: `/reports/${term}/schools/${school.urn}.html` } : {}),
        canRespond: respondsFor(access),
        canVisit: access.as === 'visitor',
        term,
        ...(notice ? { notice } : {}),
      }),
    );
  });

  schools.get('/:urn/letters/:term/:key', async (c) => {
    const found = await openedFor(c, readsLetters, LETTERS_CONFIDENTIAL);
    if (found instanceof Response) return found;
    const letterTerm = c.req.param('term');
    const key = decodeURIComponent(c.req.param('key'));
    const letter = isTermId(letterTerm)
      ? (await lettersTo(found.school.urn, [letterTerm])).find((l) => l.record.letterKey === key)
      : undefined;
    if (!letter)
      return refuse(c, 404, 'schools', `opened a letter to URN ${found.school.urn}`, 'There is no such letter.');
    const sent = await letterAsSent(letter);
    await auditPortal({
      where: 'schools',
      term: letterTerm,
      person: c.get('person'),
      what: `read the letter of ${describeTerm(letterTerm)} to the ${letter.record.role} of URN ${found.school.urn}`,
    });
    return c.html(
      letterPage({
        chrome: chromeOf(c, '/schools'),
        school: viewOf(found.school),
        term: letterTerm,
        role: letter.record.role,
        ...(sent ? { letter: sent } : {}),
      }),
    );
  });

  /** The response form's subject: the newest term's category, or a published visit note. */
  async function responseSubject(c: PortalContext, found: { school: SchoolRecord; term: string }) {
    const visitId = c.req.query('visit');
    if (visitId) {
      const note = (await visitRecordsOf(found.school.urn)).find(
        (r) => r.recordId === visitId && r.status === 'published' && r.note,
      );
      if (!note) return undefined;
      return {
        about: 'visit note' as const,
        subject: `the note of the visit on ${formatDate(note.note!.date)}`,
        visitId,
        term: found.term,
        choices: [],
      };
    }
    const latest = (await categoryHistoryOf(found.school.urn, [found.term]))[0];
    if (!latest) return undefined;
    const letterDate = await categoryLetterDate(found.school.urn, found.term);
    return {
      about: 'category' as const,
      subject: `category ${latest.category}, ${describeTerm(found.term)}`,
      term: found.term,
      choices: evidenceChoices(latest.reasons),
      ...(letterDate ? { window: { letterDate, windowEnds: challengeWindowEnds(letterDate) } } : {}),
    };
  }

  schools.get('/:urn/respond', async (c) => {
    const found = await openedFor(c, respondsFor, RESPONDERS_ONLY);
    if (found instanceof Response) return found;
    const subject = await responseSubject(c, found);
    if (!subject) return refuse(c, 404, 'schools', `opened a response form`, 'There is nothing here to respond to.');
    return c.html(
      responseFormPage({
        chrome: chromeOf(c, '/schools'),
        school: viewOf(found.school),
        csrf: c.get('csrf'),
        form: {},
        ...subject,
      }),
    );
  });

  schools.post('/:urn/respond', async (c) => {
    const found = await openedFor(c, respondsFor, RESPONDERS_ONLY);
    if (found instanceof Response) return found;
    const subject = await responseSubject(c, found);
    if (!subject) return refuse(c, 404, 'schools', 'responded', 'There is nothing here to respond to.');
    const form = c.get('form');
    const uploads = c.get('uploads') ?? [];
    const fileProblems: FormProblem[] = [];
    const kinds = uploads.map((u) => attachmentKind(u.name, u.bytes));
    if (uploads.length > ATTACHMENT_LIMITS.files)
      fileProblems.push({ field: 'files', message: `Choose at most ${ATTACHMENT_LIMITS.files} files` });
    if (uploads.reduce((n, u) => n + u.bytes.length, 0) > ATTACHMENT_LIMITS.totalBytes)
      fileProblems.push({ field: 'files', message: 'The files must come to 2 MB or less in all' });
    for (const kind of kinds) if ('problem' in kind) fileProblems.push({ field: 'files', message: kind.problem });
    const person = c.get('person');
    const at = new Date().toISOString();
    const id = randomUUID();
    const responseId = `${subject.term}#${at}#${id}`;
    const read = responseFromForm(form, {
      urn: found.school.urn,
      term: subject.term,
      about: subject.about,
      ...('visitId' in subject && subject.visitId ? { visitId: subject.visitId } : {}),
      choices: subject.choices,
      ...('window' in subject && subject.window ? { letterDate: subject.window.letterDate } : {}),
      by: { name: person.name, role: found.access.as, id: person.id },
      at,
      id,
      attachments: [],
    });
    const problems = [...('problems' in read ? read.problems : []), ...fileProblems];
    if (problems.length > 0 || 'problems' in read)
      return c.html(
        responseFormPage({
          chrome: chromeOf(c, '/schools'),
          school: viewOf(found.school),
          csrf: c.get('csrf'),
          form,
          problems,
          ...subject,
        }),
        400,
      );
    const attachments: Attachment[] = [];
    for (const [i, upload] of uploads.entries()) {
      const type = (kinds[i] as { type: string }).type;
      const key = await keepAttachment({ urn: found.school.urn, term: subject.term, responseId }, i, {
        ...upload,
        type,
      });
      attachments.push({ name: upload.name, key, bytes: upload.bytes.length, type });
    }
    const response = { ...read.response, attachments };
    await saveResponse(response);
    await auditPortal({
      where: 'schools',
      term: subject.term,
      person,
      what: `responded for URN ${found.school.urn} to ${subject.subject}: ${response.agrees ? 'agrees' : `disagrees with ${response.disputed.length} ${response.disputed.length === 1 ? 'piece' : 'pieces'} of evidence`}${attachments.length > 0 ? `, with ${attachments.length} ${attachments.length === 1 ? 'file' : 'files'}` : ''}${response.challenge ? (response.challenge.withinWindow ? ', a challenge within the letter’s window' : ', after the letter’s window') : ''}`,
    });
    return c.redirect(`/schools/${found.school.urn}?done=response`, 303);
  });

  schools.get('/:urn/responses/:id/files/:n', async (c) => {
    const found = await opened(c);
    if (found instanceof Response) return found;
    const responseId = decodeURIComponent(c.req.param('id'));
    const response = (await responsesOf(found.school.urn)).find(
      (r) => r.responseId === responseId && (readsLetters(found.access) || r.about === 'visit note'),
    );
    const file = response?.attachments[Number(c.req.param('n')) - 1];
    if (!response || !file)
      return refuse(c, 404, 'schools', `opened a file of URN ${found.school.urn}`, 'There is no such file.');
    const bytes = await readAttachment(response.term, file.key);
    return c.body(bytes as unknown as ArrayBuffer, 200, {
      'Content-Type': file.type,
      'Content-Disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._ -]+/g, '_')}"`,
    });
  });

  /** Only the school's visitors record its visits and reports. */
  const asVisitor = (c: PortalContext) => openedFor(c, isVisitor, VISITORS_ONLY);

  schools.get('/:urn/visits/new', async (c) => {
    const found = await asVisitor(c);
    if (found instanceof Response) return found;
    return c.html(
      visitNoteFormPage({
        chrome: chromeOf(c, '/schools'),
        school: viewOf(found.school),
        csrf: c.get('csrf'),
        action: `/schools/${found.school.urn}/visits/new`,
        form: {},
      }),
    );
  });

  /**
   * Saves a visitor's note or report, a draft or published as the form asked, and audits it; or refuses it where the
   * store would not take it (published already, or another visitor's). Then back to the school's page.
   */
  async function saveAsVisitor(
    c: PortalContext,
    found: { school: SchoolRecord; term: string },
    record: Pick<VisitRecord, 'recordId' | 'kind' | 'note' | 'report'>,
    words: { what: string; refused: string },
  ): Promise<Response> {
    const publish = c.get('form').action === 'publish';
    const now = new Date().toISOString();
    const person = c.get('person');
    const saved = await saveVisitRecord({
      urn: found.school.urn,
      ...record,
      status: publish ? 'published' : 'draft',
      author: { name: person.name, id: person.id },
      savedAt: now,
      ...(publish ? { publishedAt: now } : {}),
    });
    if (!saved) return refuse(c, 409, 'schools', `saved ${words.what}`, words.refused);
    await auditPortal({
      where: 'schools',
      term: found.term,
      person,
      what: `${publish ? 'published' : 'saved a draft of'} ${words.what}`,
    });
    return c.redirect(`/schools/${found.school.urn}?done=${publish ? 'published' : 'draft'}`, 303);
  }

  /** The person's own draft visit note, by its id. */
  async function ownDraft(c: PortalContext, urn: string): Promise<VisitRecord | undefined> {
    const id = decodeURIComponent(c.req.param('id') ?? '');
    return (await visitRecordsOf(urn)).find(
      (r) => r.recordId === id && r.kind === 'visit note' && r.status === 'draft' && r.author.id === c.get('person').id,
    );
  }

  schools.get('/:urn/visits/:id', async (c) => {
    const found = await asVisitor(c);
    if (found instanceof Response) return found;
    const draft = await ownDraft(c, found.school.urn);
    if (!draft?.note)
      return refuse(
        c,
        404,
        'schools',
        `opened a visit note of URN ${found.school.urn}`,
        'There is no such draft of yours.',
      );
    const n = draft.note;
    return c.html(
      visitNoteFormPage({
        chrome: chromeOf(c, '/schools'),
        school: viewOf(found.school),
        csrf: c.get('csrf'),
        action: `/schools/${found.school.urn}/visits/${encodeURIComponent(draft.recordId)}`,
        form: {
          date: n.date.split('-').reverse().join('/'),
          focus: n.focus,
          findings: n.findings,
          actions: n.actions,
          nextVisit: n.nextVisit ? n.nextVisit.split('-').reverse().join('/') : '',
        },
        draftSavedAt: draft.savedAt,
      }),
    );
  });

  schools.post('/:urn/visits/:id', async (c) => {
    const found = await asVisitor(c);
    if (found instanceof Response) return found;
    const isNew = c.req.param('id') === 'new';
    const draft = isNew ? undefined : await ownDraft(c, found.school.urn);
    if (!isNew && !draft)
      return refuse(
        c,
        404,
        'schools',
        `saved a visit note of URN ${found.school.urn}`,
        'There is no such draft of yours.',
      );
    const form = c.get('form');
    const read = visitNoteFromForm(form, today());
    const action = `/schools/${found.school.urn}/visits/${isNew ? 'new' : encodeURIComponent(draft!.recordId)}`;
    if ('problems' in read)
      return c.html(
        visitNoteFormPage({
          chrome: chromeOf(c, '/schools'),
          school: viewOf(found.school),
          csrf: c.get('csrf'),
          action,
          form,
          problems: read.problems,
        }),
        400,
      );
    return saveAsVisitor(
      c,
      found,
      {
        recordId: draft?.recordId ?? `visit#${read.note.date}#${randomUUID()}`,
        kind: 'visit note',
        note: read.note,
      },
      {
        what: `the note of a visit to URN ${found.school.urn} on ${formatDate(read.note.date)}`,
        refused: 'The note is published already: it is the school’s record now.',
      },
    );
  });

  schools.get('/:urn/report', async (c) => {
    const found = await asVisitor(c);
    if (found instanceof Response) return found;
    const existing = (await visitRecordsOf(found.school.urn)).find((r) => r.recordId === `report#${found.term}`);
    return c.html(
      reportFormPage({
        chrome: chromeOf(c, '/schools'),
        school: viewOf(found.school),
        csrf: c.get('csrf'),
        term: found.term,
        form: existing?.report ? { impact: existing.report.impact, reasons: existing.report.reasons } : {},
        published: existing?.status === 'published',
      }),
    );
  });

  schools.post('/:urn/report', async (c) => {
    const found = await asVisitor(c);
    if (found instanceof Response) return found;
    const form = c.get('form');
    const read = reportFromForm(form, found.term);
    if ('problems' in read)
      return c.html(
        reportFormPage({
          chrome: chromeOf(c, '/schools'),
          school: viewOf(found.school),
          csrf: c.get('csrf'),
          term: found.term,
          form,
          problems: read.problems,
        }),
        400,
      );
    return saveAsVisitor(
      c,
      found,
      { recordId: `report#${found.term}`, kind: 'task-group report', report: read.report },
      {
        what: `the task group's report for ${describeTerm(found.term)} on URN ${found.school.urn}: impact ${read.report.impact}`,
        refused: 'The report for this term is published already, or another visitor is writing it.',
      },
    );
  });

  return schools;
}
