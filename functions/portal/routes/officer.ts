/**
 * The school-improvement officer's routes, under /officer, for the team's group only: a term's files, uploaded
 * straight to where the term's inputs live (a signed S3 form on AWS), and the intake check on them, run as the cycle's
 * intake runs it, with its verdict and every rejected row, before the term is run.
 */
import { Hono } from 'hono';
import { loadMethodology } from '../../adapters/methodology-file';
import { auditPortal } from '../../adapters/portal-store';
import { termFiles } from '../../adapters/term-files';
import { IntakeHalted, readTermIntake } from '../../core/intake';
import { intakeReport } from '../../core/intake/intake-report';
import { futureDateLimit, isTermId, nextTerm, previousTerm, SEASONS, termStartDate } from '../../core/term';
import { chromeOf, type PortalContext, type PortalEnv, refuse } from '../context';
import { originOf } from '../sign-in';
import { banner } from '../views/layout';
import { type IntakeCheckView, officerPage } from '../views/officer';

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
    return {
      ...(halt ? { halt } : {}),
      schools: intake.schools.length,
      rejected: intake.rejected,
      missingContacts: intake.missingContacts.length,
      lines,
    };
  } catch (error) {
    if (!(error instanceof IntakeHalted)) throw error;
    return { halt: error.message, schools: 0, rejected: [], missingContacts: 0, lines: [error.message] };
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
    const files = termFiles();
    const names = await files.listInputs(term).catch(() => []);
    const check = names.length > 0 ? await intakeCheck(c, term, names) : undefined;
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
        ...(c.req.query('uploaded') ? { notice: banner('success', 'The file is uploaded, and checked below') } : {}),
      }),
    );
  });
  return officer;
}
