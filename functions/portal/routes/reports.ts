/**
 * A term's reports behind sign-in, under /reports/<term>/<file>: the board report and each AAG area's, the school and
 * trust pages, as the cycle wrote them (reports/<term>/ in the term files bucket). Who may read which is the core's
 * rule (refusalForReport); the pages carry no script, and are sent with a policy that allows none.
 */
import { Hono } from 'hono';
import { termProposals } from '../../adapters/portal-store';
import { schoolsOnRecord } from '../../adapters/school-store';
import { termFiles } from '../../adapters/term-files';
import { areaKeyOf, refusalForReport } from '../../core/access/people';
import { accessToSchool, readsLetters } from '../../core/access/schools';
import { isTermId } from '../../core/term';
import { chromeOf, type PortalContext, type PortalEnv, refuse } from '../context';
import { messagePage } from '../views/layout';

/**
 * A school's people and visitors read the school's own page of a term's report: refused by the AAG's rule, allowed
 * where the school's rule (accessToSchool, on the newest term's contacts) lets them see the school.
 */
async function schoolPeopleMayRead(
  c: PortalContext,
  file: string,
  refusal: string | undefined,
): Promise<string | undefined> {
  const urn = /^schools\/(\d+)\.html$/.exec(file)?.[1];
  if (!refusal || !urn) return refusal;
  const { schools } = await schoolsOnRecord();
  const access = accessToSchool(c.get('roles'), c.get('person').email, schools.get(urn));
  return 'refused' in access || !readsLetters(access) ? refusal : undefined;
}

export function reportRoutes(): Hono<PortalEnv> {
  const reports = new Hono<PortalEnv>();
  reports.get('/:term/*', async (c) => {
    const term = c.req.param('term');
    const file = decodeURIComponent(new URL(c.req.url).pathname.slice(`/reports/${term}/`.length));
    if (!isTermId(term))
      return refuse(c, 404, 'reports', `opened ${new URL(c.req.url).pathname}`, 'There is no such report.');
    const schools = await termProposals(term, 'reports').then(
      (t) => new Map(t.schools.map((s) => [s.urn, areaKeyOf(s.district)])),
      () => new Map<string, string>(),
    );
    const refusal = await schoolPeopleMayRead(
      c,
      file,
      refusalForReport(c.get('roles'), file, (urn) => schools.get(urn)),
    );
    if (refusal) return refuse(c, 403, 'reports', `opened ${term}'s ${file}`, refusal, term);
    let html: string;
    try {
      html = await termFiles().readReport(term, file);
    } catch {
      return c.html(
        messagePage('The report is not there yet', chromeOf(c), [
          `The ${term} report is written when the term's run finishes.`,
        ]),
        404,
      );
    }
    if (file.endsWith('.csv'))
      return c.body(html, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${term}-${file.split('/').pop()}"`,
      });
    // The report's own styles are in the page; it has no script and loads nothing.
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    return c.html(html);
  });
  return reports;
}
