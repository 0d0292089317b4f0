/**
 * Risk assessment, over one batch of the term's schools (an iteration of the state machine's Map): every open
 * school in the batch placed in a category of the methodology in force, with its reasons, and compared with its
 * previous category. These are proposals until each district's AAG has agreed them (or chosen other support); the
 * support they would bring is proposed after every batch is assessed (functions/handlers/propose-support.ts).
 */

import { appendToAuditTrail } from '../adapters/audit-trail';
import { authoritySchema, readConfig } from '../adapters/config';
import {
  loadEvidence,
  loadSchools,
  loadWarningNotices,
  previousCategories,
  saveProposals,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { assessSchool } from '../core/assessment/categorisation';
import { warningFor } from '../core/assessment/early-warning';
import { proposalEntries } from '../core/audit/trail';
import { groupByUrn } from '../core/collections';
import { noticesAsIntelligence } from '../core/intervention/warning-notices';
import { previousTerm, termStartDate } from '../core/term';
import { auditRun, batchInput, parseInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, executionId, startedAt, batch, today } = parseInput(batchInput, event, 'risk assessment');
  const config = readConfig(authoritySchema);
  const methodology = loadMethodology();
  const [schools, evidence, notices] = await Promise.all([
    loadSchools(term, batch),
    loadEvidence(term, { batch }),
    loadWarningNotices(previousTerm(term), batch),
  ]);
  const asOf = termStartDate(term, config.TERM_START_DATES);
  const inspections = groupByUrn(evidence.inspections);
  // The warning notices the ECB issued through the cycle count as the authority's own record of them does.
  const intelligence = groupByUrn([...evidence.intelligence, ...noticesAsIntelligence(notices)]);
  const reports = groupByUrn(evidence.taskGroupReports);
  const performance = groupByUrn(evidence.performance);
  const previous = await previousCategories(
    schools.map((s) => s.urn),
    term,
  );
  const proposals = schools.map((school) => {
    const assessment = assessSchool(
      {
        school,
        inspections: inspections.get(school.urn) ?? [],
        intelligence: intelligence.get(school.urn) ?? [],
        taskGroupReports: reports.get(school.urn) ?? [],
        performance: performance.get(school.urn) ?? [],
      },
      methodology,
      term,
      asOf,
      previous.get(school.urn),
    );
    // A school not yet in a category of concern whose own data is turning: for its AAG to review, never a letter.
    const warning = warningFor(
      assessment.category,
      {
        school,
        inspections: inspections.get(school.urn) ?? [],
        intelligence: intelligence.get(school.urn) ?? [],
        performance: performance.get(school.urn) ?? [],
      },
      methodology.earlyWarning,
      asOf,
    );
    return { ...assessment, proposedCategory: assessment.category, ...(warning ? { earlyWarning: warning } : {}) };
  });
  await saveProposals(term, proposals, batch);
  const run = auditRun({ term, startedAt, executionId, today });
  await appendToAuditTrail(proposalEntries(run, methodology.id, proposals));
  const result = { schools: proposals.length };
  stageLog('risk assessment', { term, executionId }, context).info('categories proposed for a batch of schools', {
    ...result,
  });
  return result;
}
