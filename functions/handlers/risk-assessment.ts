/**
 * Risk assessment: every open school placed in a category of the methodology in force, with its reasons, and
 * compared with its previous category, and the support the brokering would give with those categories. These
 * are proposals until each district's AAG has agreed them (or chosen other support).
 */
import { groupByUrn } from '../core/collections';
import { brokerSupport, proposedSupportOf } from '../core/support/brokering';
import { methodologyEntry, proposalEntries } from '../core/audit/trail';
import { appendToAuditTrail } from '../adapters/audit-trail';
import { assessSchool } from '../core/assessment/categorisation';
import { earlyWarning } from '../core/assessment/early-warning';
import { countCategories } from '../core/reporting/report';
import { previousTerm, termStartDate } from '../core/term';
import { authoritySchema, readConfig } from '../adapters/config';
import { loadEvidence, loadSchools, loadSupport, loadSystemLeaders, loadWarningNotices, previousCategories, saveProposals } from '../adapters/cycle-store';
import { noticesAsIntelligence } from '../core/intervention/warning-notices';
import { loadMethodology } from '../adapters/methodology-file';
import { parseInput, stageInput } from './inputs';
import { stageLog } from '../adapters/log';

export async function handler(event: unknown, context?: unknown) {
  const { term, executionId, startedAt } = parseInput(stageInput, event, 'risk assessment');
  const config = readConfig(authoritySchema);
  const methodology = loadMethodology();
  const [schools, evidence, systemLeaders, previousSupport, notices] = await Promise.all([loadSchools(term), loadEvidence(term), loadSystemLeaders(term), loadSupport(previousTerm(term)), loadWarningNotices(previousTerm(term))]);
  const asOf = termStartDate(term, config.TERM_START_DATES);
  const inspections = groupByUrn(evidence.inspections);
  // The warning notices the ECB issued through the cycle count as the authority's own record of them does.
  const intelligence = groupByUrn([...evidence.intelligence, ...noticesAsIntelligence(notices)]);
  const reports = groupByUrn(evidence.taskGroupReports);
  const performance = groupByUrn(evidence.performance);
  const previous = await previousCategories(schools.map((s) => s.urn), term);
  const proposals = schools.map((school) => {
    const assessment = assessSchool(
      { school, inspections: inspections.get(school.urn) ?? [], intelligence: intelligence.get(school.urn) ?? [], taskGroupReports: reports.get(school.urn) ?? [], performance: performance.get(school.urn) ?? [] },
      methodology,
      term,
      asOf,
      previous.get(school.urn),
    );
    // A school not yet in a category of concern whose own data is turning: for its AAG to review, never a letter.
    const policy = methodology.earlyWarning;
    const warning = policy && policy.categories.includes(assessment.category) ? earlyWarning({ school, inspections: inspections.get(school.urn) ?? [], intelligence: intelligence.get(school.urn) ?? [], performance: performance.get(school.urn) ?? [] }, policy, asOf) : undefined;
    return { ...assessment, proposedCategory: assessment.category, ...(warning ? { earlyWarning: warning } : {}) };
  });
  const proposedSupport = proposedSupportOf(brokerSupport({ term, schools, assessments: proposals, systemLeaders, methodology, previous: previousSupport }));
  await saveProposals(
    term,
    proposals.map((p) => {
      const support = proposedSupport.get(p.urn);
      return support ? { ...p, proposedSupport: support } : p;
    }),
  );
  const run = { term, startedAt, ...(executionId ? { executionId } : {}) };
  await appendToAuditTrail([methodologyEntry(run, methodology), ...proposalEntries(run, methodology.id, proposals)]);
  const result = { methodology: methodology.id, schools: proposals.length, atRisk: proposals.filter((p) => p.earlyWarning).length, categories: countCategories(methodology, proposals), proposedChanges: proposals.filter((a) => a.changed).length, districts: new Set(schools.map((s) => s.district)).size };
  stageLog('risk assessment', { term, executionId }, context).info('categories proposed', { ...result });
  return result;
}
