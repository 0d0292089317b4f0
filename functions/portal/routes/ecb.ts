/**
 * The ECB's routes, under /ecb, for the members of its group only: a term held for its confirmation, and its answer,
 * sent on the task token the cycle waits on (as `aws stepfunctions send-task-success` would) and kept on the record.
 */
import { Hono } from 'hono';
import { loadMethodology } from '../../adapters/methodology-file';
import {
  answerEcbConfirmation,
  answerEcbNotices,
  auditPortal,
  latestEcbConfirmation,
  latestEcbNoticeRequest,
  termProposals,
} from '../../adapters/portal-store';
import { termFiles } from '../../adapters/term-files';
import { decisionInWords } from '../../core/assessment/moderation';
import { personOnRecord } from '../../core/audit/trail';
import { ecbAnswerFromForm, noticeQuestionLines } from '../../core/intervention/ecb-form';
import { ecbAnswerFromSheet } from '../../core/intervention/ecb-sheet';
import type { EcbNoticeAnswer } from '../../core/intervention/warning-notices';
import { chromeOf, type PortalContext, type PortalEnv, refuse } from '../context';
import { type ChangeLine, ecbPage, type HeldTerm, type NoticeQuestions } from '../views/ecb';
import { banner } from '../views/layout';

/** When the cycle stops waiting for the ECB on a request made at `requestedAt` (cdk.json ecbConfirmationHours). */
const ecbDeadline = (c: PortalContext, requestedAt: string) =>
  new Date(Date.parse(requestedAt) + c.get('settings').ecbConfirmationHours * 3_600_000).toISOString();

async function heldTerm(c: PortalContext): Promise<{ held?: HeldTerm; changes: ChangeLine[] }> {
  const request = await latestEcbConfirmation();
  if (!request) return { changes: [] };
  const deadline = ecbDeadline(c, request.requestedAt);
  const answer = (request as { answer?: { by?: string; reason?: string } }).answer;
  const held: HeldTerm = {
    term: request.term,
    question: request.question ?? 'the term’s changes passed the ECB’s limit',
    requestedAt: request.requestedAt,
    deadline,
    waiting: Boolean(request.taskToken) && !request.answeredAt && Date.now() < Date.parse(deadline),
    ...(request.outcome ? { outcome: request.outcome } : {}),
    ...(answer?.by ? { answeredBy: answer.by } : {}),
    ...(request.answeredAt ? { answeredAt: request.answeredAt } : {}),
    ...(answer?.reason ? { reason: answer.reason } : {}),
  };
  const term = await termProposals(request.term, `ecb#${request.requestedAt}`);
  const schools = new Map(term.schools.map((s) => [s.urn, s]));
  const changes = term.proposals
    .filter((a) => a.changed)
    .map((a) => ({
      urn: a.urn,
      school: schools.get(a.urn)?.name ?? '',
      area: schools.get(a.urn)?.district ?? '',
      previous: a.previousCategory ?? 'none',
      category: a.category,
      decision: decisionInWords(a.moderation) || 'as proposed',
    }))
    .sort((a, b) => a.area.localeCompare(b.area) || a.school.localeCompare(b.school));
  return { held, changes };
}

/** The latest term's questions about warning notices, as the ECB's page shows them. */
async function noticeQuestions(c: PortalContext): Promise<NoticeQuestions | undefined> {
  const request = await latestEcbNoticeRequest();
  if (!request) return undefined;
  const deadline = ecbDeadline(c, request.requestedAt);
  const sheet = await termFiles()
    .readReport(request.term, 'ecb/warning-notices.csv')
    .catch(() => '');
  const lines = noticeQuestionLines('warning-notices.csv', new TextEncoder().encode(sheet));
  return {
    term: request.term,
    deadline,
    questions: lines.length,
    lines,
    waiting: Boolean(request.taskToken) && !request.answer && Date.now() < Date.parse(deadline),
    ...(request.answer ? { answered: { by: request.answer.by, decisions: request.answer.decisions.length } } : {}),
  };
}

export function ecbRoutes(): Hono<PortalEnv> {
  const ecb = new Hono<PortalEnv>();
  ecb.use(async (c, next) => {
    if (!c.get('roles').ecb)
      return refuse(c, 403, 'ecb', `opened ${new URL(c.req.url).pathname}`, 'Only members of the ECB see its pages.');
    await next();
  });

  ecb.get('/', async (c) => {
    const [{ held, changes }, notices] = await Promise.all([heldTerm(c), noticeQuestions(c)]);
    return c.html(
      ecbPage({
        chrome: chromeOf(c, '/ecb'),
        ...(held ? { held } : {}),
        ...(notices ? { notices } : {}),
        changes,
        csrf: c.get('csrf'),
        ...(c.req.query('answered') ? { notice: banner('success', 'The ECB’s decision is sent to the cycle') } : {}),
        ...(c.req.query('notices')
          ? { notice: banner('success', 'The ECB’s decisions on warning notices are given to the cycle') }
          : {}),
      }),
    );
  });

  ecb.post('/confirm', async (c) => {
    const { held, changes } = await heldTerm(c);
    if (!held?.waiting)
      return refuse(
        c,
        409,
        'ecb',
        "answered a held term's changes",
        held ? 'No term waits for the ECB now: it was answered, or its deadline passed.' : 'No term waits for the ECB.',
        held?.term,
      );
    const form = c.get('form');
    const letters = form.letters === 'send' || form.letters === 'hold' ? form.letters : undefined;
    const reason = (form.reason ?? '').trim();
    const problems = [
      ...(letters
        ? []
        : [{ field: 'letters', message: 'Select whether the ECB confirms the changes or keeps the letters held' }]),
      ...(reason ? [] : [{ field: 'reason', message: 'Enter the ECB’s reason' }]),
      ...(reason.length > 2000 ? [{ field: 'reason', message: 'Write the reason in at most 2000 characters' }] : []),
    ];
    if (problems.length > 0 || !letters)
      return c.html(
        ecbPage({ chrome: chromeOf(c, '/ecb'), held, changes, csrf: c.get('csrf'), form: { ...form }, problems }),
        400,
      );
    const by = personOnRecord(c.get('person'));
    const outcome = await answerEcbConfirmation(held.term, { letters, by, reason });
    if (outcome !== 'answered')
      return refuse(
        c,
        409,
        'ecb',
        "answered a held term's changes",
        outcome === 'answered already'
          ? 'Another member of the ECB answered first: their decision stands.'
          : 'The cycle had stopped waiting for the ECB (its deadline passed): the letters are held.',
        held.term,
      );
    await auditPortal({
      where: 'ecb',
      term: held.term,
      person: c.get('person'),
      what: `${letters === 'send' ? "confirmed the term's changes: the letters go" : "kept the term's letters held"} (${reason})`,
    });
    return c.redirect('/ecb?answered=1', 303);
  });
  /** The ECB's decisions on warning notices, from its sheet or its form: checked, given to the cycle, and audited. */
  const giveNoticeDecisions = async (c: PortalContext, how: 'sheet' | 'form') => {
    const [{ held, changes }, notices] = await Promise.all([heldTerm(c), noticeQuestions(c)]);
    if (!notices?.waiting)
      return refuse(
        c,
        409,
        'ecb',
        'gave decisions on warning notices',
        'The cycle is not waiting for the ECB’s decisions on warning notices now.',
        notices?.term,
      );
    const today = new Date().toISOString().slice(0, 10);
    const by = personOnRecord(c.get('person'));
    const dates = { on: today, minimumComplianceDays: loadMethodology().warningNotices?.minimumComplianceDays };
    const upload = c.get('upload');
    const refused = (shown: NoticeQuestions) =>
      c.html(
        ecbPage({
          chrome: chromeOf(c, '/ecb'),
          ...(held ? { held } : {}),
          notices: shown,
          changes,
          csrf: c.get('csrf'),
        }),
        400,
      );
    let answer: EcbNoticeAnswer;
    if (how === 'form') {
      const form = c.get('form');
      const checked = ecbAnswerFromForm(notices.lines, form, by, dates);
      if (!checked.answer) return refused({ ...notices, form, formProblems: checked.problems });
      answer = checked.answer;
    } else {
      const checked = upload
        ? ecbAnswerFromSheet(upload.name, upload.bytes, by, dates)
        : { problems: ['Select the filled-in sheet to upload'] };
      if (!checked.answer) return refused({ ...notices, problems: checked.problems });
      answer = checked.answer;
    }
    const given = await answerEcbNotices(notices.term, answer);
    if ('refused' in given)
      return refuse(c, 409, 'ecb', 'gave decisions on warning notices', given.refused, notices.term);
    if (given.outcome !== 'answered')
      return refuse(
        c,
        409,
        'ecb',
        'gave decisions on warning notices',
        'The cycle had stopped waiting (its deadline passed): the questions are asked again next term.',
        notices.term,
      );
    await auditPortal({
      where: 'ecb',
      term: notices.term,
      person: c.get('person'),
      what: `gave the ECB's decisions on warning notices ${how === 'form' ? 'in the form' : `from ${upload?.name}`}: ${answer.decisions.map((d) => `${d.urn} ${d.decision}`).join(', ')}`,
    });
    return c.redirect('/ecb?notices=1', 303);
  };
  ecb.post('/notices', (c) => giveNoticeDecisions(c, 'sheet'));
  ecb.post('/notices/form', (c) => giveNoticeDecisions(c, 'form'));
  return ecb;
}
