/**
 * AAG brokering: visits, and brokered school-to-school support, for every school whose agreed category brings
 * them; where a school's AAG chose its support school or system leader on its sheet, that choice stands, and
 * otherwise last term's partnership is kept while it can be.
 */

import { appendToAuditTrail } from '../adapters/audit-trail';
import { readConfig, supportTermsSchema } from '../adapters/config';
import {
  loadAssessments,
  loadEvidence,
  loadSchools,
  loadSupport,
  loadSystemLeaders,
  saveSupport,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { brokeringEntries } from '../core/audit/trail';
import { groupByUrn } from '../core/collections';
import { brokerSupport } from '../core/support/brokering';
import { tscRequests } from '../core/support/tsc-requests';
import { previousTerm } from '../core/term';
import { auditRun, parseInput, stageInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, executionId, startedAt, today } = parseInput(stageInput, event, 'brokering');
  const [schools, assessments, systemLeaders, previous, evidence] = await Promise.all([
    loadSchools(term),
    loadAssessments(term),
    loadSystemLeaders(term),
    loadSupport(previousTerm(term)),
    loadEvidence(term, { kinds: ['inspection', 'tsc-response'] }),
  ]);
  const { SUPPORT_TERMS: terms } = readConfig(supportTermsSchema);
  const brokered = brokerSupport({
    term,
    schools,
    assessments,
    systemLeaders,
    methodology: loadMethodology(),
    previous,
    ...(terms ? { terms } : {}),
  });
  // The needs the AAGs could not meet, as requests to the TSC board: last term's still open, and its answers.
  const phaseOf = new Map(schools.map((s) => [s.urn, s.phase]));
  const inspections = groupByUrn(evidence.inspections);
  const requests = tscRequests({
    term,
    support: brokered,
    phaseOf: (urn) => phaseOf.get(urn),
    inspectionsOf: (urn) => inspections.get(urn) ?? [],
    previous,
    responses: evidence.tscResponses,
  });
  const support = brokered.map((s) =>
    requests.bySchool.has(s.urn) ? { ...s, tscRequests: requests.bySchool.get(s.urn)! } : s,
  );
  await saveSupport(term, support);
  await appendToAuditTrail(brokeringEntries(auditRun({ term, startedAt, executionId, today }), support));
  const result = {
    supported: support.length,
    brokered: support.filter((s) => s.provider).length,
    unmet: support.filter((s) => s.unmet.length > 0).length,
    chosenByAag: support.filter((s) => s.chosenByAag).length,
    tscRequestsOpen: support.flatMap((s) => s.tscRequests ?? []).filter((r) => !r.response).length,
    tscResponses: support.flatMap((s) => s.tscRequests ?? []).filter((r) => r.response).length,
    tscResponsesUnmatched: requests.unmatched.length,
    choicesRefused: support.filter((s) => s.choiceRefused).length,
    kept: support.filter((s) => s.kept).length,
    changed: support.filter((s) => s.changedBecause).length,
    changedAfterAgreed: support.filter((s) => s.changedAfterAgreed).length,
  };
  stageLog('brokering', { term, executionId }, context).info('support brokered', { ...result });
  return result;
}
