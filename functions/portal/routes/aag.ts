/**
 * The AAG's routes, under /aag/<area key>: the area comes from the path only to be checked against the person's own
 * groups (refusalForArea), so a member of one area opening another's pages is refused, told why, and audited.
 */
import { Hono } from 'hono';
import { loadMethodology } from '../../adapters/methodology-file';
import {
  type AreaRound,
  auditPortal,
  draftsOf,
  latestRoundOf,
  saveDraft,
  submitDecisions,
  submittedDecisions,
  termOutcomes,
  termProposals,
} from '../../adapters/portal-store';
import { answerResponse, responsesOf, responsesOfSchools, visitsOfTerm } from '../../adapters/school-store';
import { refusalForArea, refusalToSubmit } from '../../core/access/people';
import { aagDeadlineOf } from '../../core/assessment/aag-notices';
import { decisionOutcomes } from '../../core/assessment/decision-outcomes';
import {
  decisionsSheet,
  type ProposalLine,
  proposalLines,
  proposalsCsv,
  readDecisions,
  type SchoolDecision,
} from '../../core/assessment/moderation';
import {
  DECISION_FORM_FIELDS,
  type DecisionForm,
  decisionFromForm,
  formOfDecision,
  orderProposals,
  PROPOSAL_ORDERS,
  type ProposalOrder,
} from '../../core/assessment/moderation-form';
import { answerFromForm, awaitingAnswer } from '../../core/assessment/school-responses';
import { personOnRecord } from '../../core/audit/trail';
import { whenInWords } from '../../core/dates';
import { describeRejection, readRows } from '../../core/sheets';
import { supportOptions } from '../../core/support/support-options';
import type { Assessment } from '../../core/types';
import { chromeOf, type PortalContext, type PortalEnv, refuse, takePendingForm } from '../context';
import { type DraftView, proposalsPage, type RoundState, schoolPage, submitPage } from '../views/aag';
import { banner, errorSummary, html, messagePage } from '../views/layout';
import { responsesForAag, visitsTable } from '../views/schools';

type AagContext = PortalContext;

/** The area's latest round, how it stands, and its proposals: or the page that says there is none. */
async function roundFor(c: AagContext, areaKey: string) {
  const round = await latestRoundOf(areaKey);
  if (!round) return undefined;
  const settings = c.get('settings');
  const deadline = aagDeadlineOf(round.requestedAt, settings.moderationDeadlineHours);
  const submitted = await submittedDecisions(round.district, round.term);
  const state: RoundState = {
    term: round.term,
    district: round.district,
    areaKey,
    deadline,
    open: false,
    ...(submitted ? { submitted } : {}),
  };
  if (round.closedAt)
    state.closedBecause = `The cycle stopped waiting for decisions at ${whenInWords(round.closedAt)}${submitted ? '' : ': the proposals stood'}.`;
  else if (Date.now() >= Date.parse(deadline)) state.closedBecause = `The deadline passed at ${whenInWords(deadline)}.`;
  else if (submitted?.received) state.closedBecause = 'The cycle has taken the AAG’s decisions.';
  else state.open = true;
  const term = await termProposals(round.term, `${round.requestedAt}#${round.closedAt ?? ''}`);
  return { round, state, term };
}

const noRound = (c: AagContext) =>
  c.html(
    messagePage('No proposals yet', chromeOf(c), [
      'The cycle has not yet asked this AAG to decide on its schools’ categories. When a term’s cycle reaches the AAGs, its proposals appear here and you are told by email.',
    ]),
    404,
  );

export function aagRoutes(): Hono<PortalEnv> {
  const aag = new Hono<PortalEnv>();

  // Every route: the person must belong to the area in the path.
  const ownAreaOnly = async (c: AagContext, next: () => Promise<void>) => {
    const area = areaOf(c);
    const refusal = refusalForArea(c.get('roles'), area);
    if (refusal) return refuse(c, 403, area, `opened ${new URL(c.req.url).pathname}`, refusal);
    await next();
  };
  aag.use('/:area', ownAreaOnly);
  aag.use('/:area/*', ownAreaOnly);

  aag.get('/:area', async (c) => {
    const found = await roundFor(c, areaOf(c));
    if (!found) return noRound(c);
    return listPage(c, found);
  });

  aag.post('/:area/sheet', async (c) => {
    const area = areaOf(c);
    const found = await roundFor(c, area);
    if (!found) return noRound(c);
    if (!found.state.open)
      return refuse(
        c,
        409,
        area,
        'uploaded a sheet',
        found.state.closedBecause ?? 'The round is closed.',
        found.round.term,
      );
    const upload = c.get('upload');
    const problems: string[] = [];
    if (!upload || upload.bytes.length === 0) problems.push('Select the filled-in sheet to upload');
    else if (!/\.(csv|xlsx)$/i.test(upload.name))
      problems.push(`${upload.name} is not a CSV or .xlsx file: upload the sheet as it was downloaded, filled in`);
    if (problems.length > 0 || !upload) return listPage(c, found, { sheetProblems: problems }, 400);
    const lines = proposalLines(found.round.district, found.term.proposals, found.term.schools);
    const ours = new Set(lines.map((l) => l.urn));
    const { decisions, rejected } = readDecisions(
      upload.name,
      readRows(upload.name, upload.bytes, decisionsSheet),
      loadMethodology(),
    );
    problems.push(...rejected.map(describeRejection));
    const others = [...new Set(decisions.filter((d) => d.district !== found.round.district).map((d) => d.district))];
    if (others.length > 0)
      problems.push(
        `${upload.name} has decisions for ${others.join(', ')}: upload only the ${found.round.district} AAG’s`,
      );
    for (const d of decisions.filter((d) => d.district === found.round.district && !ours.has(d.urn)))
      problems.push(`${upload.name}: URN ${d.urn} is not a school of the ${found.round.district} AAG’s area this term`);
    if (decisions.length === 0 && problems.length === 0) problems.push(`${upload.name} has no decisions`);
    if (problems.length > 0) return listPage(c, found, { sheetProblems: problems }, 400);
    const savedAt = new Date().toISOString();
    for (const { district: _district, ...decision } of decisions)
      await saveDraft(
        {
          area,
          term: found.round.term,
          urn: decision.urn,
          form: formOfDecision(decision),
          savedBy: decision.decidedBy ?? decidedByOf(c, found.round),
          savedAt,
        },
        found.round.district,
      );
    const overrides = decisions.filter((d) => d.decision === 'override').length;
    await auditPortal({
      where: area,
      term: found.round.term,
      person: c.get('person'),
      what: `uploaded the sheet ${upload.name}: ${decisions.length} decisions saved as drafts, ${overrides} ${overrides === 1 ? 'override' : 'overrides'}`,
    });
    return c.redirect(`/aag/${area}?sheet=${decisions.length}`, 303);
  });

  aag.get('/:area/proposals.csv', async (c) => {
    const found = await roundFor(c, areaOf(c));
    if (!found) return noRound(c);
    await auditPortal({
      where: areaOf(c),
      term: found.round.term,
      person: c.get('person'),
      what: 'downloaded the proposals sheet',
    });
    return c.body(proposalsCsv(found.round.district, found.term.proposals, found.term.schools), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${found.round.areaKey}-${found.round.term}-proposals.csv"`,
    });
  });

  /** A school's page's round and proposal, for its GET and its POST: or the page that says why there is none. */
  const opened = async (c: AagContext) => {
    const area = areaOf(c);
    const found = await roundFor(c, area);
    if (!found) return noRound(c);
    const context = await schoolContext(c, found);
    return context instanceof Response ? context : { area, found, context };
  };

  aag.get('/:area/schools/:urn', async (c) => {
    const school = await opened(c);
    if (school instanceof Response) return school;
    const { area, found, context } = school;
    const pending = takePendingForm(c, new URL(c.req.url).pathname);
    const draft = (await draftViews(area, found.round.term)).get(context.line.urn);
    return c.html(
      schoolPage({
        ...context,
        form: pending ?? draft?.form ?? {},
        ...(draft ? { draft } : {}),
        csrf: c.get('csrf'),
        ...(pending
          ? {
              notice: banner(
                'important',
                'You were signed out before your decision was saved',
                'It is filled in below as you left it: check it and save it again.',
              ),
            }
          : {}),
        ...(context.submitted ? { submitted: context.submitted } : {}),
        responses: await responsesOnPage(c, area, context.line.urn),
      }),
    );
  });

  // The chair's answer to a school's response: recorded once, on the audit trail, and shown to the school.
  aag.post('/:area/schools/:urn/responses/:id', async (c) => {
    const school = await opened(c);
    if (school instanceof Response) return school;
    const { area, found, context } = school;
    const urn = context.line.urn;
    const responseId = decodeURIComponent(c.req.param('id'));
    const refusal = refusalToSubmit(c.get('roles'), area);
    if (refusal)
      return refuse(
        c,
        403,
        area,
        `answered a response of URN ${urn}`,
        "Only the AAG's chair records its answer.",
        found.round.term,
      );
    const response = (await responsesOf(urn)).find((r) => r.responseId === responseId);
    if (!response) return refuse(c, 404, area, `answered a response of URN ${urn}`, 'There is no such response.');
    const read = answerFromForm(c.get('form'), response, {
      by: decidedByOf(c, found.round),
      at: new Date().toISOString(),
      term: found.round.term,
    });
    if ('problems' in read)
      return c.html(
        schoolPage({
          ...context,
          form: (await draftViews(area, found.round.term)).get(urn)?.form ?? {},
          csrf: c.get('csrf'),
          notice: errorSummary(read.problems),
          responses: await responsesOnPage(c, area, urn, { problems: read.problems, problemsFor: responseId }),
        }),
        400,
      );
    if (!(await answerResponse(urn, responseId, read.answer)))
      return refuse(
        c,
        409,
        area,
        `answered a response of URN ${urn}`,
        'The AAG has answered this response already.',
        found.round.term,
      );
    await auditPortal({
      where: area,
      term: found.round.term,
      person: c.get('person'),
      what: `answered ${response.by.name}'s response for URN ${urn} of ${response.at}: ${read.answer.outcome}`,
    });
    return c.redirect(`/aag/${area}/schools/${urn}?answered=1`, 303);
  });

  aag.post('/:area/schools/:urn', async (c) => {
    const school = await opened(c);
    if (school instanceof Response) return school;
    const { area, found, context } = school;
    const where = `decision on URN ${context.line.urn}`;
    if (!found.state.open)
      return refuse(
        c,
        409,
        area,
        `saved a ${where}`,
        found.state.closedBecause ?? 'The round is closed.',
        found.round.term,
      );
    const posted = c.get('form');
    const form: DecisionForm = Object.fromEntries(DECISION_FORM_FIELDS.map((f) => [f, posted[f] ?? '']));
    const problems = [
      ...(decisionFromForm(found.round.district, context.line.urn, form, decidedByOf(c, found.round), loadMethodology())
        .problems ?? []),
    ];
    // A choice of support is one the list offered, never a typed value.
    if (form.supportSchool && !context.options.supportSchools.some((o) => o.value === form.supportSchool))
      problems.push({ field: 'supportSchool', message: 'Select a support school from the list' });
    if (form.systemLeader && !context.options.systemLeaders.some((o) => o.value === form.systemLeader))
      problems.push({ field: 'systemLeader', message: 'Select a system leader from the list' });
    if (problems.length > 0) return c.html(schoolPage({ ...context, form, problems, csrf: c.get('csrf') }), 400);
    await saveDraft(
      {
        area,
        term: found.round.term,
        urn: context.line.urn,
        form,
        savedBy: decidedByOf(c, found.round),
        savedAt: new Date().toISOString(),
      },
      found.round.district,
    );
    await auditPortal({
      where: area,
      term: found.round.term,
      person: c.get('person'),
      what: `saved a draft ${where}: ${form.decision === 'override' ? `override to ${form.category}` : 'agree'}${form.supportSchool ? `, support school ${form.supportSchool}` : ''}${form.systemLeader ? `, system leader ${form.systemLeader}` : ''}`,
    });
    return c.redirect(`/aag/${area}?saved=${context.line.urn}`, 303);
  });

  aag.get('/:area/submit', async (c) => {
    const area = areaOf(c);
    const found = await roundFor(c, area);
    if (!found) return noRound(c);
    const refusal = refusalToSubmit(c.get('roles'), area) ?? (found.state.open ? undefined : found.state.closedBecause);
    if (refusal) return refuse(c, 403, area, 'opened the page to submit the decisions', refusal, found.round.term);
    return c.html(
      submitPage({
        chrome: chromeOf(c, `/aag/${area}`),
        round: found.state,
        lines: proposalLines(found.round.district, found.term.proposals, found.term.schools),
        drafts: await draftViews(area, found.round.term),
        csrf: c.get('csrf'),
      }),
    );
  });

  aag.post('/:area/submit', async (c) => {
    const area = areaOf(c);
    const found = await roundFor(c, area);
    if (!found) return noRound(c);
    const refusal = refusalToSubmit(c.get('roles'), area) ?? (found.state.open ? undefined : found.state.closedBecause);
    if (refusal) return refuse(c, 403, area, 'submitted the decisions', refusal, found.round.term);
    const lines = proposalLines(found.round.district, found.term.proposals, found.term.schools);
    const drafts = await draftViews(area, found.round.term);
    const { decisions, problems } = decisionsToSubmit(c, found.round, lines, drafts);
    if (problems.length > 0)
      return c.html(
        submitPage({
          chrome: chromeOf(c, `/aag/${area}`),
          round: found.state,
          lines,
          drafts,
          csrf: c.get('csrf'),
          problems,
        }),
        400,
      );
    const taken = await submitDecisions(
      {
        district: found.round.district,
        term: found.round.term,
        decidedAt: new Date().toISOString(),
        submittedBy: personOnRecord(c.get('person')),
        decisions,
      },
      area,
    );
    if (!taken)
      return refuse(
        c,
        409,
        area,
        'submitted the decisions again',
        'The cycle has already taken this AAG’s decisions for the term.',
        found.round.term,
      );
    const overrides = decisions.filter((d) => d.decision === 'override').length;
    await auditPortal({
      where: area,
      term: found.round.term,
      person: c.get('person'),
      what: `submitted the ${found.round.district} AAG's decisions: ${decisions.length} schools, ${overrides} ${overrides === 1 ? 'override' : 'overrides'}`,
    });
    return c.redirect(`/aag/${area}?saved=submitted`, 303);
  });

  return aag;
}

const areaOf = (c: AagContext) => c.req.param('area') ?? '';

/** The area's list of proposals, sorted and filtered as the query asks, with what was just done said at its top. */
async function listPage(
  c: AagContext,
  found: NonNullable<Awaited<ReturnType<typeof roundFor>>>,
  extra: { sheetProblems?: string[] } = {},
  status: 200 | 400 = 200,
) {
  const area = found.round.areaKey;
  const { round, state, term } = found;
  const methodology = loadMethodology();
  const lines = proposalLines(round.district, term.proposals, term.schools);
  const order = (PROPOSAL_ORDERS as readonly string[]).includes(c.req.query('order') ?? '')
    ? (c.req.query('order') as ProposalOrder)
    : 'changes-first';
  const filter = {
    ...(c.req.query('category') ? { category: c.req.query('category') } : {}),
    ...(c.req.query('phase') ? { phase: c.req.query('phase') } : {}),
    ...(c.req.query('earlyWarning') ? { earlyWarning: true } : {}),
    ...(c.req.query('changes') ? { changes: true } : {}),
  };
  const drafts = await draftViews(area, round.term);
  const closedAndApplied = round.closedAt ? agreedOf(term.proposals) : undefined;
  // What the decisions did, once the run that applied them has finished.
  const followed = closedAndApplied && round.closedAt ? await termOutcomes(round.term, round.closedAt) : undefined;
  const outcomes =
    followed && closedAndApplied
      ? decisionOutcomes([...closedAndApplied.values()], followed.letters, followed.support)
      : undefined;
  const saved = c.req.query('saved');
  const notice =
    saved === 'submitted'
      ? banner(
          'success',
          'The AAG’s decisions are submitted',
          'The cycle takes them from here: this page shows when it has.',
        )
      : saved
        ? banner('success', `Draft decision saved for ${lines.find((l) => l.urn === saved)?.school ?? 'the school'}`)
        : c.req.query('sheet')
          ? banner(
              'success',
              `${c.req.query('sheet')} decisions from the sheet saved as drafts`,
              'Check them below; the chair submits them as any others.',
            )
          : undefined;
  return c.html(
    proposalsPage({
      chrome: chromeOf(c, `/aag/${area}`),
      round: state,
      role: c.get('roles').areas.get(area)!,
      lines: orderProposals(lines, order, filter, methodology),
      all: lines.length,
      order,
      filter,
      categories: methodology.categories.map((cat) => cat.id),
      phases: [...new Set(lines.map((l) => l.phase))].sort(),
      drafts,
      csrf: c.get('csrf'),
      ...(closedAndApplied && closedAndApplied.size > 0 ? { agreed: closedAndApplied } : {}),
      ...(outcomes ? { outcomes } : {}),
      ...(notice ? { notice } : {}),
      ...(extra.sheetProblems ? { sheetProblems: extra.sheetProblems } : {}),
      after: await areaSchoolsSection(c, round.district, area, lines),
    }),
    status,
  );
}

/** The school's responses as the AAG sees them beside its proposal, with the chair's form to answer each. */
async function responsesOnPage(
  c: AagContext,
  area: string,
  urn: string,
  problems: { problems?: readonly { field: string; message: string }[]; problemsFor?: string } = {},
) {
  return responsesForAag({
    responses: await responsesOf(urn),
    action: (r) => `/aag/${area}/schools/${urn}/responses/${encodeURIComponent(r.responseId)}`,
    canAnswer: c.get('roles').areas.get(area) === 'chair',
    csrf: c.get('csrf'),
    ...problems,
  });
}

/** Below the proposals: the area's schools' responses waiting for an answer, and its visits planned and done. */
async function areaSchoolsSection(c: AagContext, district: string, area: string, lines: readonly ProposalLine[]) {
  const [responses, visits] = await Promise.all([
    responsesOfSchools(lines.map((l) => l.urn)),
    visitsOfTerm(c.get('settings').termStartDates, (s) => s.district === district),
  ]);
  const waiting = [...responses].flatMap(([urn, rs]) =>
    awaitingAnswer(rs).map((r) => ({ urn, school: lines.find((l) => l.urn === urn)?.school ?? urn, response: r })),
  );
  return html`<h2 class="govuk-heading-m">Schools' responses waiting for the AAG</h2>
${
  waiting.length === 0
    ? html`<p class="govuk-body">No school's response is waiting for an answer.</p>`
    : html`<ul class="govuk-list govuk-list--bullet">${waiting.map(
        (w) =>
          html`<li><a class="govuk-link" href="/aag/${area}/schools/${w.urn}">${w.school}</a>: ${w.response.by.name} (${w.response.by.role}) ${w.response.agrees ? 'agrees with' : 'disagrees with'} ${w.response.about === 'category' ? 'the category' : 'a visit note'}, ${whenInWords(w.response.at)}${w.response.challenge ? (w.response.challenge.withinWindow ? ': a challenge within the letter’s window' : ': after the letter’s window') : ''}</li>`,
      )}</ul>`
}
${visits ? visitsTable(visits) : ''}`;
}

/** How a decision records who made it: the person, for their AAG. */
const decidedByOf = (c: AagContext, round: AreaRound) => `${c.get('person').name}, ${round.district} AAG`;

async function draftViews(area: string, term: string): Promise<Map<string, DraftView>> {
  const drafts = await draftsOf(area, term);
  return new Map([...drafts].map(([urn, d]) => [urn, { form: d.form, savedBy: d.savedBy, savedAt: d.savedAt }]));
}

/** The school's line, the support it may be given and what the AAG submitted about it; or the page refusing it. */
async function schoolContext(c: AagContext, found: NonNullable<Awaited<ReturnType<typeof roundFor>>>) {
  const urn = c.req.param('urn') ?? '';
  const line = proposalLines(found.round.district, found.term.proposals, found.term.schools).find((l) => l.urn === urn);
  if (!line) {
    // Another area's school, or none: refused the same way, so the page says nothing of another area.
    return refuse(
      c,
      404,
      found.round.areaKey,
      `opened the proposal for URN ${urn}`,
      `URN ${urn} is not a school of the ${found.round.district} AAG’s area this term.`,
      found.round.term,
    );
  }
  const methodology = loadMethodology();
  return {
    chrome: chromeOf(c, `/aag/${found.round.areaKey}`),
    round: found.state,
    line,
    categories: methodology.categories.map((cat) => cat.id),
    options: supportOptions(urn, {
      schools: found.term.schools,
      proposals: found.term.proposals,
      systemLeaders: found.term.systemLeaders,
      methodology,
    }),
    ...(found.state.submitted ? { submitted: found.state.submitted.decisions.find((d) => d.urn === urn) } : {}),
  };
}

/** Every school's decision as the chair submits them: the drafts, read again by the sheet's rules, and agree for the rest. */
function decisionsToSubmit(
  c: AagContext,
  round: AreaRound,
  lines: readonly ProposalLine[],
  drafts: ReadonlyMap<string, DraftView>,
): { decisions: SchoolDecision[]; problems: string[] } {
  const methodology = loadMethodology();
  const problems: string[] = [];
  const decisions = lines.flatMap((line): SchoolDecision[] => {
    const draft = drafts.get(line.urn);
    if (!draft) return [{ urn: line.urn, decision: 'agree', decidedBy: decidedByOf(c, round) }];
    const read = decisionFromForm(round.district, line.urn, draft.form, draft.savedBy, methodology);
    if (read.problems) {
      problems.push(`${line.school}: ${read.problems.map((p) => p.message).join('; ')}`);
      return [];
    }
    return [read.decision];
  });
  return { decisions, problems };
}

/** After the round closed and the cycle applied it: each school's agreed category, where the record has one. */
function agreedOf(assessments: readonly Assessment[]) {
  return new Map(assessments.filter((a) => a.moderation).map((a) => [a.urn, a]));
}

export { html };
