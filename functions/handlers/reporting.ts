/**
 * Reporting, the cycle's last step: the ECB's report with its charts, a page for each trust, the summary, the
 * assessments and every scope's measures as CSV; the run is recorded. Each school's page, and each AAG area's
 * report, is written before, a batch at a time (functions/handlers/school-pages.ts, area-reports.ts). Last term's
 * planned visits are set against the visit notes this term's intake took in. The trends read every term's figures
 * as they were kept (functions/handlers/term-figures.ts counts this term's, and any earlier term's again where
 * needed), not the terms' data.
 */

import { drawCharts, measuresShown } from '../adapters/charts';
import { authoritySchema, readConfig } from '../adapters/config';
import {
  ecbNoticeProblems,
  loadAssessments,
  loadEvidence,
  loadModerationRound,
  loadSchools,
  loadSupport,
  loadSystemLeaders,
  loadTaskGroups,
  loadTermFigures,
  loadWarningNotices,
  problemsShown,
  recordRun,
  releaseTermRun,
  termsRun,
} from '../adapters/cycle-store';
import { mapLimit } from '../adapters/dynamo';
import { stageLog } from '../adapters/log';
import { loadMeasures } from '../adapters/measures-file';
import { loadMethodology } from '../adapters/methodology-file';
import { lettersToFollowUp, termLetterRecords } from '../adapters/sent-emails';
import { termFiles } from '../adapters/term-files';
import { districtModeration, slugOf } from '../core/assessment/moderation';
import { groupBy } from '../core/collections';
import { findMissingContacts } from '../core/intake';
import { correctionsOfTerm } from '../core/letters/corrections';
import { measureRows } from '../core/measures/measures';
import { measuresCsv } from '../core/measures/measures-report';
import { areaReportPath } from '../core/reporting/area-lines';
import { categoriesByArea, letters, movements, ofstedByEra } from '../core/reporting/charts';
import { assessmentsCsv, type CycleSummary, type ReportInput, reportHtml, summarise } from '../core/reporting/report';
import { trustPageHtml } from '../core/reporting/school-page';
import {
  AUTHORITY,
  categoriesTrend,
  goodOrBetterTrend,
  measureTerms,
  scopeOverTerms,
} from '../core/reporting/term-figures';
import { visitsPlannedAndDone } from '../core/reporting/visits';
import { previousTerm, termStartDate, termsBefore } from '../core/term';
import { parseInput, reportInput } from './inputs';

const HTML = 'text/html; charset=utf-8';

export async function handler(event: unknown, context?: unknown): Promise<CycleSummary> {
  const { term, startedAt, executionId, intake, notify } = parseInput(reportInput, event, 'reporting');
  const config = readConfig(authoritySchema);
  const files = termFiles();
  const methodology = loadMethodology();
  const [
    schools,
    assessments,
    support,
    taskGroups,
    undelivered,
    systemLeaders,
    earlierTerms,
    notices,
    round,
    noticeProblems,
  ] = await Promise.all([
    loadSchools(term),
    loadAssessments(term),
    loadSupport(term),
    loadTaskGroups(term),
    lettersToFollowUp(term),
    loadSystemLeaders(term),
    termsRun(),
    loadWarningNotices(term),
    loadModerationRound(term),
    ecbNoticeProblems(term),
  ]);
  // How each AAG dealt with its proposals: its outcome as the round closed, its schools' agreed categories counted
  // here.
  const closed = { outcomes: round?.districtOutcomes ?? [], otherwise: round?.otherwise ?? 'deadline passed' } as const;
  const moderation = { districts: districtModeration(closed, schools, assessments), notApplied: problemsShown(round) };
  const measuresFile = loadMeasures();
  const areas = [...new Set(schools.map((s) => s.district))].sort();
  // The evidence the report shows: its measures (their yearly figures too) are the kept figures', not the performance
  // data.
  const evidence = await loadEvidence(term, { kinds: ['inspection', 'intelligence', 'visit-note'] });
  // Every term's figures up to this one, as kept: the term-figures step counted this term's and made every earlier
  // term's serve.
  const figuresByTerm = await Promise.all([...termsBefore(earlierTerms, term), term].map((t) => loadTermFigures(t)));
  const over = (scope: string) => scopeOverTerms(figuresByTerm, scope);
  const authorityMeasures = measureRows(measuresFile, measureTerms(over(AUTHORITY)));
  // Last term's visits: those its brokering planned, against the notes that came in with this term's intake.
  const lastTerm = previousTerm(term);
  const visits = {
    term: lastTerm,
    schools: visitsPlannedAndDone(
      await loadSupport(lastTerm),
      evidence.visitNotes,
      termStartDate(lastTerm, config.TERM_START_DATES),
      termStartDate(term, config.TERM_START_DATES),
    ),
  };
  // The same core function intake used: the stored schools carry the contacts intake accepted.
  const missingContacts = findMissingContacts(
    schools,
    schools.flatMap((s) => s.contacts),
  );
  const finishedAt = new Date();
  const input: ReportInput = {
    authorityName: config.AUTHORITY_NAME,
    methodology,
    moderation: moderation.districts,
    decisionsNotApplied: moderation.notApplied,
    noticeDecisionsNotApplied: noticeProblems,
    figures: {
      term,
      rejectedRows: intake.rejectedRows,
      ...(intake.rejectedProblems !== undefined ? { rejectedProblems: intake.rejectedProblems } : {}),
      ...(intake.ofstedNotInRegister ? { ofstedNotInRegister: intake.ofstedNotInRegister } : {}),
      emailsSent: notify.emailsSent,
      emailsAlreadySent: notify.emailsAlreadySent,
      emailsFailed: notify.emailsFailed,
      emailsPending: notify.emailsPending,
      lettersHeld: notify.lettersHeld,
      heldBecause: notify.heldBecause,
      ...(notify.heldByStage ? { heldByStage: true } : {}),
      ...(notify.redirectedTo ? { redirectedTo: notify.redirectedTo } : {}),
      lettersAwaitingDecision: notify.lettersAwaitingDecision,
      correctionsHeld: notify.correctionsHeld,
      correctionsSent: notify.correctionsSent,
      durationMs: finishedAt.getTime() - Date.parse(startedAt),
    },
    schools,
    assessments,
    support,
    taskGroups,
    missingContacts,
    systemLeaders,
    warningNotices: evidence.intelligence.filter((i) => i.type === 'warning notice'),
    notices,
    visits,
    lettersToFollowUp: undelivered,
    goodOrBetter: over(AUTHORITY).at(-1)!.goodOrBetter,
    corrections: correctionsOfTerm(assessments, await termLetterRecords(term), methodology),
  };
  const summary = summarise(input);
  const thisTermsInspections = evidence.inspections;

  const charts = await drawCharts([
    categoriesByArea(methodology, schools, assessments),
    categoriesTrend(methodology, over(AUTHORITY)),
    movements(methodology, assessments),
    ofstedByEra(thisTermsInspections),
    goodOrBetterTrend(over(AUTHORITY)),
    letters({
      sent: summary.emailsSent,
      alreadySent: summary.emailsAlreadySent,
      failed: summary.emailsFailed,
      pending: summary.emailsPending,
      held: summary.lettersHeld,
      toFollowUp: summary.lettersToFollowUp,
    }),
  ]);
  // Each multi-academy trust's academies in the authority.
  const trusts = new Map(
    [
      ...groupBy(
        schools.filter((s) => s.isAcademy && s.trustCode),
        (s) => s.trustCode!,
      ),
    ].map(([code, own]) => [code, { name: own.at(-1)!.trustName ?? code, schools: own }]),
  );
  const trustHref = (code: string) => `trusts/${slugOf(code)}.html`;
  // Each trust's page is given its own academies' assessments and support, not the term's (there are hundreds of trusts
  // nationally).
  const [assessmentOf, supportOf] = [
    new Map(assessments.map((a) => [a.urn, a])),
    new Map(support.map((s) => [s.urn, s])),
  ];
  const ownOf = <T>(of: Map<string, T>, urns: readonly { urn: string }[]) =>
    urns.flatMap((s) => (of.has(s.urn) ? [of.get(s.urn)!] : []));
  // Sixteen at a time, as the school pages are written: one after another, hundreds of trusts wait on S3 in turn.
  await mapLimit([...trusts], 16, ([code, trust]) =>
    files.writeReport(
      term,
      trustHref(code),
      trustPageHtml({
        authorityName: config.AUTHORITY_NAME,
        term,
        trustName: trust.name,
        schools: trust.schools,
        assessments: ownOf(assessmentOf, trust.schools),
        support: ownOf(supportOf, trust.schools),
        reportHref: '../report.html',
        schoolHref: (urn) => `../schools/${urn}.html`,
      }),
      HTML,
    ),
  );
  const trustLinks = [...trusts.entries()]
    .sort((a, b) => a[1].name.localeCompare(b[1].name))
    .map(([code, t]) => ({ area: t.name, href: trustHref(code) }));
  await files.writeReport(
    term,
    'report.html',
    reportHtml({
      ...input,
      charts,
      measures: await measuresShown(measuresFile, authorityMeasures, 'the authority'),
      areaLinks: areas.map((area) => ({ area, href: areaReportPath(area) })),
      trustLinks,
    }),
    HTML,
  );

  // Every scope's measures in one file: the authority's, then each area's (its report shows them, written before).
  const allMeasureRows = [
    ...authorityMeasures,
    ...areas.flatMap((area) => measureRows(measuresFile, measureTerms(over(area)), area)),
  ];
  await files.writeReport(term, 'assessments.csv', assessmentsCsv(schools, assessments), 'text/csv; charset=utf-8');
  await files.writeReport(term, 'measures.csv', measuresCsv(allMeasureRows), 'text/csv; charset=utf-8');
  await files.writeReport(term, 'summary.json', `${JSON.stringify(summary, null, 2)}\n`, 'application/json');
  await recordRun({
    term,
    startedAt,
    ...(executionId ? { executionId } : {}),
    status: 'succeeded',
    finishedAt: finishedAt.toISOString(),
    summary,
  });
  if (executionId) await releaseTermRun(term, executionId);
  stageLog('reporting', { term, executionId }, context).info('report written', {
    ...summary,
    areas: areas.length,
    trustPages: trusts.size,
  });
  return summary;
}
