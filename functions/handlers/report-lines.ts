/**
 * What each school of one batch brings to the term's reports (an iteration of the state machine's "School pages"
 * Map, after its pages), so that no report step reads the term:
 * - its lines in its AAG area's report: its school, category, support, task group, warning notice and records,
 *   latest inspection, last term's visits, letters to follow up and missing contacts, one item a school keyed by its
 *   area (read by functions/handlers/area-reports.ts);
 * - the batch's sums towards the term's figures: its schools in each category, good or better, each measure's
 *   counts and how many schools each system leader supports, an item for the authority and each area the batch has
 *   schools in (added up by functions/handlers/term-figures.ts).
 */

import { authoritySchema, readConfig } from '../adapters/config';
import {
  loadAssessments,
  loadEvidence,
  loadSchools,
  loadSupport,
  loadTaskGroups,
  loadWarningNotices,
  saveAreaLines,
  saveBatchSums,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMeasures } from '../adapters/measures-file';
import { lettersToFollowUp } from '../adapters/sent-emails';
import { findMissingContacts } from '../core/intake';
import { areaLinesOf } from '../core/reporting/area-lines';
import { batchSumsKey, sumsOfSchools } from '../core/reporting/term-figures';
import { visitsPlannedAndDone } from '../core/reporting/visits';
import { previousTerm, termStartDate } from '../core/term';
import { batchInput, parseInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, startedAt, executionId, batch } = parseInput(batchInput, event, 'report lines');
  const config = readConfig(authoritySchema);
  const measures = loadMeasures();
  const lastTerm = previousTerm(term);
  const [records, assessments, support, taskGroups, notices, evidence, followUp, lastTermsSupport] = await Promise.all([
    loadSchools(term, batch),
    loadAssessments(term, batch),
    loadSupport(term, batch),
    loadTaskGroups(term, batch),
    loadWarningNotices(term, batch),
    loadEvidence(term, { batch, kinds: ['inspection', 'intelligence', 'visit-note', 'performance'] }),
    lettersToFollowUp(term, batch),
    loadSupport(lastTerm, batch),
  ]);
  // The reports need no contact's details, only which are missing (the same core function intake used).
  const missingContacts = findMissingContacts(
    records,
    records.flatMap((s) => s.contacts),
  );
  const schools = records.map(({ contacts: _contacts, term: _term, ...school }) => school);
  const visits = visitsPlannedAndDone(
    lastTermsSupport,
    evidence.visitNotes,
    termStartDate(lastTerm, config.TERM_START_DATES),
    termStartDate(term, config.TERM_START_DATES),
  );
  const lines = areaLinesOf({
    term,
    run: startedAt,
    schools,
    assessments,
    support,
    taskGroups,
    notices,
    intelligence: evidence.intelligence,
    inspections: evidence.inspections,
    visits,
    lettersToFollowUp: followUp,
    missingContacts,
  });
  const sums = sumsOfSchools(
    { schools, assessments, inspections: evidence.inspections, performance: evidence.performance },
    measures,
    support,
  );
  await Promise.all([
    saveAreaLines(lines),
    saveBatchSums(sums.map((s) => ({ ...s, term, part: batchSumsKey(s.scope, batch), run: startedAt }))),
  ]);
  const result = { schools: lines.length, areas: new Set(lines.map((l) => l.area)).size };
  stageLog('report lines', { term, executionId }, context).info("a batch's lines and sums for the reports gathered", {
    ...result,
  });
  return result;
}
