/**
 * The school-improvement officer's routes, under /officer, for the team's group only: a term's files, uploaded
 * straight to where the term's inputs live (a signed S3 form on AWS), and the intake check on them, run as the cycle's
 * intake runs it, with its verdict and every rejected row, before the term is run.
 */
import { Hono } from 'hono';
import { type CycleRun, loadRuns, loadSchools, RUN_IN_PROGRESS } from '../../adapters/cycle-store';
import { loadMethodology } from '../../adapters/methodology-file';
import { auditPortal } from '../../adapters/portal-store';
import { visitsOfTerm } from '../../adapters/school-store';
import { lettersToFollowUp } from '../../adapters/sent-emails';
import { termFiles } from '../../adapters/term-files';
import { runEvents, startTermRun } from '../../adapters/term-runs';
import { IntakeHalted, readTermIntake } from '../../core/intake';
import { intakeReport } from '../../core/intake/intake-report';
import { runProgress } from '../../core/run-progress';
import { futureDateLimit, isTermId, nextTerm, previousTerm, SEASONS, termStartDate } from '../../core/term';
import { chromeOf, type PortalContext, type PortalEnv, refuse } from '../context';
import { originOf } from '../sign-in';
import { banner, html } from '../views/layout';
import { type IntakeCheckView, officerPage, type RunView, runProgressPage } from '../views/officer';
import { visitsTable } from '../views/schools';

/** The term whose first day is the latest on or before today. */
function currentTerm(today: string, starts: Record<(typeof SEASONS)[number], string>): string {
  const year = Number(today.slice(0, 4));
  const candidates = [year - 1, year].flatMap((y) => SEASONS.map((season) => `${y}-${season}`));
  return candidates
    .filter((t) => termStartDate(t, starts) <= today)
    .sort((a, b) => (termStartDate(a, starts) < termStartDate(b, starts) ? 1 : -1))[0]!;
}

async function intakeCheck(c: PortalContext, term: string, names: readonly string[]): Promise<IntakeCheckView> {
  const settings = c.get('settings');
  const files = termFiles();
  const bytes = new Map<string, Uint8Array>();
  for (const name of names) bytes.set(name, await files.readInput(term, name));
  const today = new Date().toISOString().slice(0, 10);
  try {
    const intake = readTermIntake(bytes, {
      laCode: settings.laCode,
      notAfter: futureDateLimit(today, termStartDate(term, settings.termStartDates)),
      categories: loadMethodology().categories.map((cat) => cat.id),
    });
    const { lines, halt } = intakeReport(intake, {
      laCode: settings.laCode,
      maxRejectedShare: settings.maxRejectedShare,
    });
    const names = new Map(intake.schools.map((school) => [school.urn, school.name]));
    return {
      ...(halt ? { halt } : {}),
      schools: intake.schools.length,
      rejected: intake.rejected,
      missingContacts: intake.missingContacts.length,
      missing: intake.missingContacts.map((m) => ({ urn: m.urn, school: names.get(m.urn) ?? '', role: m.role })),
      lines,
    };
  } catch (error) {
    if (!(error instanceof IntakeHalted)) throw error;
    return { halt: error.message, schools: 0, rejected: [], missingContacts: 0, missing: [], lines: [error.message] };
  }
}

export function officerRoutes(): Hono<PortalEnv> {
  const officer = new Hono<PortalEnv>();
  officer.use(async (c, next) => {
    if (!c.get('roles').officer)
      return refuse(
        c,
        403,
        'officer',
        `opened ${new URL(c.req.url).pathname}`,
        'Only the school-improvement team sees these pages.',
      );
    await next();
  });
  officer.get('/', (c) =>
    c.redirect(`/officer/${currentTerm(new Date().toISOString().slice(0, 10), c.get('settings').termStartDates)}`, 303),
  );
  officer.get('/:term', async (c) => {
    const term = c.req.param('term');
    if (!isTermId(term))
      return refuse(
        c,
        404,
        'officer',
        `opened ${new URL(c.req.url).pathname}`,
        `${term} is not a term, such as 2027-spring.`,
      );
    const { names, check, runs, startRefused, toFollowUp } = await termState(c, term);
    const files = termFiles();
    if (c.req.query('uploaded'))
      await auditPortal({
        where: 'officer',
        term,
        person: c.get('person'),
        what: `uploaded a file for ${term} and ran the intake check`,
      });
    return c.html(
      officerPage({
        chrome: chromeOf(c, '/officer'),
        term,
        previous: previousTerm(term),
        next: nextTerm(term),
        files: names,
        upload: await files.uploadForm(term, `${originOf(c)}/officer/${term}?uploaded=1`),
        ...(check ? { check } : {}),
        runs,
        toFollowUp,
        ...(startRefused ? { startRefused } : {}),
        csrf: c.get('csrf'),
        ...(c.req.query('uploaded') ? { notice: banner('success', 'The file is uploaded, and checked below') } : {}),
        after: await visitsOfTerm(c.get('settings').termStartDates).then((v) => (v ? visitsTable(v) : html``)),
      }),
    );
  });
  officer.post('/:term/runs', async (c) => {
    const term = c.req.param('term');
    if (!isTermId(term))
      return refuse(c, 404, 'officer', 'started a run', `${term} is not a term, such as 2027-spring.`);
    const { startRefused } = await termState(c, term);
    if (startRefused) return refuse(c, 409, 'officer', `started a run of ${term}`, startRefused, term);
    const started = await startTermRun(term);
    if ('refused' in started) return refuse(c, 409, 'officer', `started a run of ${term}`, started.refused, term);
    await auditPortal({ where: 'officer', term, person: c.get('person'), what: `started a run of ${term}` });
    return c.redirect(`/officer/${term}/runs?execution=${encodeURIComponent(started.executionId)}&started=1`, 303);
  });
  officer.get('/:term/runs', async (c) => {
    const term = c.req.param('term');
    const executionId = c.req.query('execution') ?? '';
    const known =
      isTermId(term) &&
      (executionId.includes(term) || (await loadRuns(term)).some((r) => r.executionId === executionId));
    const events = known ? await runEvents(executionId) : undefined;
    if (!events)
      return refuse(
        c,
        404,
        'officer',
        `opened ${new URL(c.req.url).pathname}`,
        `There is no such run of ${term}.`,
        term,
      );
    const progress = runProgress(events);
    return c.html(
      runProgressPage({
        chrome: chromeOf(c, '/officer'),
        term,
        progress,
        ...(c.req.query('started') ? { notice: banner('success', 'The run has started') } : {}),
      }),
    );
  });
  return officer;
}

/** The term's files, the intake check on them, its runs, and why it cannot be run now (if it cannot). */
async function termState(c: PortalContext, term: string) {
  const names = await termFiles()
    .listInputs(term)
    .catch(() => []);
  const [check, records, followUp] = await Promise.all([
    names.length > 0 ? intakeCheck(c, term, names) : Promise.resolve(undefined),
    loadRuns(term),
    lettersToFollowUp(term),
  ]);
  const runs: RunView[] = records
    .map((r): RunView => {
      const claim = r as CycleRun & { executionStartedAt?: string };
      return r.startedAt === RUN_IN_PROGRESS
        ? {
            startedAt: claim.executionStartedAt ?? '',
            status: 'in progress',
            ...(r.executionId ? { executionId: r.executionId } : {}),
          }
        : {
            startedAt: r.startedAt,
            status: r.status,
            finishedAt: r.finishedAt,
            ...(r.stage ? { stage: r.stage } : {}),
            ...(r.error ? { error: r.error } : {}),
            ...(r.executionId ? { executionId: r.executionId } : {}),
          };
    })
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const startRefused = runs.some((r) => r.status === 'in progress')
    ? 'A run of this term is in progress: it must end before the term is run again.'
    : names.length === 0
      ? "Upload the term's files before it is run."
      : check?.halt
        ? 'The intake check would stop this term: correct the files above before it is run.'
        : undefined;
  const schoolNames =
    followUp.length > 0 ? new Map((await loadSchools(term)).map((school) => [school.urn, school.name])) : new Map();
  const toFollowUp = followUp.map((l) => ({ ...l, school: schoolNames.get(l.urn) ?? '' }));
  return { names, check, runs, startRefused, toFollowUp };
}
