/**
 * Warning notices, proposed over one batch of the term's schools (an iteration of the state machine's Map): each
 * school's notice carried into the term (a compliance date passed is judged from the task group's reports), and new
 * proposals by the methodology's warning-notice policy. Everything a school's notice depends on is its own (its
 * agreed category, its task group's reports, its notice last term and any the ECB already decided this term), so
 * each batch reads and writes only its own range of URNs. "Count the warning notices" (count-notices.ts) then
 * counts the term's notices and writes the ECB's questions.
 */

import { appendToAuditTrail } from '../adapters/audit-trail';
import { authoritySchema, readConfig } from '../adapters/config';
import {
  loadAssessments,
  loadEvidence,
  loadSchools,
  loadWarningNotices,
  saveWarningNotices,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { noticeEntries } from '../core/audit/trail';
import { proposeWarningNotices } from '../core/intervention/warning-notices';
import { previousTerm, termStartDate } from '../core/term';
import { auditRun, batchInput, parseInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, startedAt, executionId, batch, today } = parseInput(batchInput, event, 'propose warning notices');
  const config = readConfig(authoritySchema);
  const methodology = loadMethodology();
  const [schools, assessments, evidence, previous, earlierRun] = await Promise.all([
    loadSchools(term, batch),
    loadAssessments(term, batch),
    loadEvidence(term, { batch, kinds: ['task-group-report'] }),
    loadWarningNotices(previousTerm(term), batch),
    loadWarningNotices(term, batch),
  ]);
  const notices = proposeWarningNotices({
    term,
    termStart: termStartDate(term, config.TERM_START_DATES),
    ...(today ? { today } : {}),
    schools,
    assessments,
    reports: evidence.taskGroupReports,
    previous,
    decidedThisTerm: earlierRun,
    ...(methodology.warningNotices ? { policy: methodology.warningNotices } : {}),
  });
  await saveWarningNotices(term, notices, batch);
  await appendToAuditTrail(noticeEntries(auditRun({ term, startedAt, executionId, today }), notices));
  const result = {
    schools: schools.length,
    notices: notices.length,
    questions: notices.filter((n) => n.question).length,
  };
  stageLog('propose warning notices', { term, executionId }, context).info(
    'warning notices carried and proposed for a batch of schools',
    result,
  );
  return result;
}
