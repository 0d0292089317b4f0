/**
 * Each school of one batch, its lines in its AAG area's report (an iteration of the state machine's "School pages"
 * Map, after its pages): its school, category, support, task group, warning notice and records, latest inspection,
 * last term's visits, letters to follow up and missing contacts, one item a school keyed by its area,
 * so that the area reports read their areas' schools without reading the term (functions/handlers/area-reports.ts).
 */
import { findMissingContacts } from '../core/intake';
import { areaLinesOf } from '../core/reporting/area-lines';
import { visitsPlannedAndDone } from '../core/reporting/visits';
import { previousTerm, termStartDate } from '../core/term';
import { authoritySchema, readConfig } from '../adapters/config';
import { loadAssessments, loadEvidence, loadSchools, loadSupport, loadTaskGroups, loadWarningNotices, saveAreaLines } from '../adapters/cycle-store';
import { lettersToFollowUp } from '../adapters/sent-emails';
import { batchInput, parseInput } from './inputs';
import { stageLog } from '../adapters/log';

export async function handler(event: unknown, context?: unknown) {
  const { term, startedAt, executionId, batch } = parseInput(batchInput, event, 'area lines');
  const config = readConfig(authoritySchema);
  const lastTerm = previousTerm(term);
  const [records, assessments, support, taskGroups, notices, evidence, followUp, lastTermsSupport] = await Promise.all([
    loadSchools(term, batch),
    loadAssessments(term, batch),
    loadSupport(term, batch),
    loadTaskGroups(term, batch),
    loadWarningNotices(term, batch),
    loadEvidence(term, { batch, kinds: ['inspection', 'intelligence', 'visit-note'] }),
    lettersToFollowUp(term, batch),
    loadSupport(lastTerm, batch),
  ]);
  // The reports need no contact's details, only which are missing (the same core function intake used).
  const missingContacts = findMissingContacts(records, records.flatMap((s) => s.contacts));
  const schools = records.map(({ contacts: _contacts, term: _term, ...school }) => school);
  const visits = visitsPlannedAndDone(lastTermsSupport, evidence.visitNotes, termStartDate(lastTerm, config.TERM_START_DATES), termStartDate(term, config.TERM_START_DATES));
  const lines = areaLinesOf({ term, run: startedAt, schools, assessments, support, taskGroups, notices, intelligence: evidence.intelligence, inspections: evidence.inspections, visits, lettersToFollowUp: followUp, missingContacts });
  await saveAreaLines(lines);
  const result = { schools: lines.length, areas: new Set(lines.map((l) => l.area)).size };
  stageLog('area lines', { term, executionId }, context).info("a batch's lines for the AAG area reports gathered", { ...result });
  return result;
}
