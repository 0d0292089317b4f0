/**
 * A page for each school of one batch (an iteration of the state machine's "School pages" Map), once its letters
 * are sent: its category term by term, its support and task group, last term's visits, its warning notice and its
 * audit trail. The ECB's and the AAGs' reports link to them (functions/handlers/reporting.ts).
 */

import { auditTrailsOf } from '../adapters/audit-trail';
import { authoritySchema, readConfig } from '../adapters/config';
import {
  cycleRunTerms,
  loadAssessments,
  loadEvidence,
  loadSchools,
  loadSupport,
  loadTaskGroups,
  loadWarningNotices,
} from '../adapters/cycle-store';
import { mapLimit } from '../adapters/dynamo';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { termFiles } from '../adapters/term-files';
import { groupBy } from '../core/collections';
import { schoolPageHtml } from '../core/reporting/school-page';
import type { VisitNote } from '../core/types';
import { batchInput, parseInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, executionId, batch } = parseInput(batchInput, event, 'school pages');
  const config = readConfig(authoritySchema);
  const files = termFiles();
  const methodology = loadMethodology();
  const [schools, support, taskGroups, notices, known] = await Promise.all([
    loadSchools(term, batch),
    loadSupport(term, batch),
    loadTaskGroups(term, batch),
    loadWarningNotices(term, batch),
    cycleRunTerms(),
  ]);
  // The terms the store knows, read once: those run (for the categories term by term) and the audit trail's.
  const earlierTerms = known.succeeded;
  const trails = await auditTrailsOf(
    batch,
    schools.map((s) => s.urn),
    known.auditTrail,
  );
  // The batch's schools in every term the store holds, this one last: their categories, and the visit notes taken in.
  const terms = await Promise.all(
    [...earlierTerms.filter((t) => t !== term), term].map(async (t) => ({
      assessments: await loadAssessments(t, batch),
      visitNotes: (await loadEvidence(t, { batch, kinds: ['visit-note'] })).visitNotes,
    })),
  );
  const supportOf = new Map(support.map((s) => [s.urn, s]));
  const groupOf = new Map(taskGroups.map((g) => [g.urn, g]));
  const noticeOf = new Map(notices.map((n) => [n.urn, n]));
  const historyOf = groupBy(
    terms.flatMap((t) => t.assessments),
    (a) => a.urn,
  );
  // A term's notes may be taken in again by a later term's sheet: each visit is shown once.
  const notesOf = new Map<string, Map<string, VisitNote>>();
  for (const t of terms)
    for (const n of t.visitNotes)
      notesOf.set(n.urn, (notesOf.get(n.urn) ?? new Map()).set(`${n.date}#${n.visitor}`, n));
  await mapLimit(schools, 16, (school) =>
    files.writeReport(
      term,
      `schools/${school.urn}.html`,
      schoolPageHtml({
        authorityName: config.AUTHORITY_NAME,
        methodology,
        school,
        history: historyOf.get(school.urn) ?? [],
        support: supportOf.get(school.urn),
        taskGroup: groupOf.get(school.urn),
        visitNotes: [...(notesOf.get(school.urn)?.values() ?? [])],
        warningNotice: noticeOf.get(school.urn),
        auditTrail: trails.get(school.urn) ?? [],
        reportHref: '../report.html',
      }),
      'text/html; charset=utf-8',
    ),
  );
  const result = { schoolPages: schools.length };
  stageLog('school pages', { term, executionId }, context).info('school pages written for a batch of schools', {
    ...result,
  });
  return result;
}
