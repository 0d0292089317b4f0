/**
 * The ECB's routes, under /ecb, for the members of its group only: a term held for its confirmation, and its answer,
 * sent on the task token the cycle waits on (as `aws stepfunctions send-task-success` would) and kept on the record.
 */
import { Hono } from 'hono';
import { answerEcbConfirmation, auditPortal, latestEcbConfirmation, termProposals } from '../../adapters/portal-store';
import { decisionInWords } from '../../core/assessment/moderation';
import { personOnRecord } from '../../core/audit/trail';
import { chromeOf, type PortalContext, type PortalEnv, refuse } from '../context';
import { type ChangeLine, ecbPage, type HeldTerm } from '../views/ecb';
import { banner } from '../views/layout';

async function heldTerm(c: PortalContext): Promise<{ held?: HeldTerm; changes: ChangeLine[] }> {
  const request = await latestEcbConfirmation();
  if (!request) return { changes: [] };
  const deadline = new Date(
    Date.parse(request.requestedAt) + c.get('settings').ecbConfirmationHours * 3_600_000,
  ).toISOString();
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

export function ecbRoutes(): Hono<PortalEnv> {
  const ecb = new Hono<PortalEnv>();
  ecb.use(async (c, next) => {
    if (!c.get('roles').ecb)
      return refuse(c, 403, 'ecb', `opened ${new URL(c.req.url).pathname}`, 'Only members of the ECB see its pages.');
    await next();
  });

  ecb.get('/', async (c) => {
    const { held, changes } = await heldTerm(c);
    return c.html(
      ecbPage({
        chrome: chromeOf(c, '/ecb'),
        ...(held ? { held } : {}),
        changes,
        csrf: c.get('csrf'),
        ...(c.req.query('answered') ? { notice: banner('success', 'The ECB’s decision is sent to the cycle') } : {}),
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
  return ecb;
}
