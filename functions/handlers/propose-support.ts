/**
 * With every batch of the term's schools assessed: the support the brokering would give each school whose
 * proposed category brings it, for its AAG to agree or change. Brokering shares the providers' and system leaders'
 * capacity across the authority, so this is one invocation over the schools the categories bring support to; it
 * also counts the proposals for the run's summary.
 */

import { appendToAuditTrail } from '../adapters/audit-trail';
import {
  loadAssessments,
  loadSchools,
  loadSupport,
  loadSystemLeaders,
  saveProposedSupport,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { methodologyEntry } from '../core/audit/trail';
import { countCategories } from '../core/reporting/report';
import { brokerSupport, proposedSupportOf } from '../core/support/brokering';
import { previousTerm } from '../core/term';
import { auditRun, parseInput, stageInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, executionId, startedAt, today } = parseInput(stageInput, event, 'propose support');
  const methodology = loadMethodology();
  const [schools, proposals, systemLeaders, previousSupport] = await Promise.all([
    loadSchools(term),
    loadAssessments(term),
    loadSystemLeaders(term),
    loadSupport(previousTerm(term)),
  ]);
  const proposedSupport = proposedSupportOf(
    brokerSupport({ term, schools, assessments: proposals, systemLeaders, methodology, previous: previousSupport }),
  );
  await saveProposedSupport(
    proposals.flatMap((p) => {
      const support = proposedSupport.get(p.urn);
      return support ? [{ ...p, proposedSupport: support }] : [];
    }),
  );
  const run = auditRun({ term, startedAt, executionId, today });
  await appendToAuditTrail([methodologyEntry(run, methodology)]);
  const result = {
    methodology: methodology.id,
    schools: proposals.length,
    atRisk: proposals.filter((p) => p.earlyWarning).length,
    categories: countCategories(methodology, proposals),
    proposedChanges: proposals.filter((a) => a.changed).length,
    supportProposed: proposedSupport.size,
    districts: new Set(schools.map((s) => s.district)).size,
  };
  stageLog('propose support', { term, executionId }, context).info('support proposed', { ...result });
  return result;
}
