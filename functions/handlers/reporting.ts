/** Reporting: the AAG and ECB report, the summary, and the assessments as CSV; the run is recorded. */
import { findMissingContacts } from '../core/intake';
import { assessmentsCsv, reportHtml, summarise, type CycleSummary } from '../core/reports';
import { authoritySchema, readConfig } from '../adapters/config';
import { loadAssessments, loadSchools, loadSupport, loadTaskGroups, recordRun, releaseTermRun } from '../adapters/cycle-store';
import { lettersToFollowUp } from '../adapters/sent-emails';
import { loadMethodology } from '../adapters/methodology-file';
import { termFiles } from '../adapters/term-files';
import { parseInput, reportInput } from './inputs';
import { stageLog } from '../adapters/log';

export async function handler(event: unknown, context?: unknown): Promise<CycleSummary> {
  const { term, startedAt, executionId, intake, notify, moderation } = parseInput(reportInput, event, 'reporting');
  const config = readConfig(authoritySchema);
  const files = termFiles();
  const [schools, assessments, support, taskGroups, undelivered] = await Promise.all([loadSchools(term), loadAssessments(term), loadSupport(term), loadTaskGroups(term), lettersToFollowUp(term)]);
  // The same core function intake used: the stored schools carry the contacts intake accepted.
  const missingContacts = findMissingContacts(schools, schools.flatMap((s) => s.contacts));
  const finishedAt = new Date();
  const input = {
    authorityName: config.AUTHORITY_NAME,
    methodology: loadMethodology(),
    moderation: moderation.districts,
    figures: { term, rejectedRows: intake.rejectedRows, emailsSent: notify.emailsSent, emailsAlreadySent: notify.emailsAlreadySent, emailsFailed: notify.emailsFailed, emailsPending: notify.emailsPending, lettersHeld: notify.lettersHeld, heldBecause: notify.heldBecause, durationMs: finishedAt.getTime() - Date.parse(startedAt) },
    schools,
    assessments,
    support,
    taskGroups,
    missingContacts,
    lettersToFollowUp: undelivered.map((l) => ({ urn: l.urn, role: l.role, what: l.outcomeDetail ?? (l.status === 'rejected' ? `SES refused it: ${l.reason ?? ''}` : (l.outcome ?? '')), at: l.outcomeAt })),
  };
  const summary = summarise(input);
  await files.writeReport(term, 'report.html', reportHtml(input), 'text/html; charset=utf-8');
  await files.writeReport(term, 'assessments.csv', assessmentsCsv(schools, assessments), 'text/csv; charset=utf-8');
  await files.writeReport(term, 'summary.json', JSON.stringify(summary, null, 2) + '\n', 'application/json');
  await recordRun({ term, startedAt, status: 'succeeded', finishedAt: finishedAt.toISOString(), summary });
  if (executionId) await releaseTermRun(term, executionId);
  stageLog('reporting', { term, executionId }, context).info('report written', { ...summary });
  return summary;
}
