/**
 * A report for each AAG area of one batch (an iteration of the state machine's "AAG area reports" Map): its
 * schools' categories, changes, support, task groups, visits, warning notices and measures, with its charts, term by
 * term from each term's kept figures. Its schools' lines were gathered with their pages
 * (functions/handlers/area-lines.ts) and the term's figures counted before (functions/handlers/term-figures.ts),
 * so a batch reads its own areas' items and never the term's.
 */

import { drawCharts, measuresShown } from '../adapters/charts';
import { authoritySchema, readConfig } from '../adapters/config';
import {
  ecbNoticeProblems,
  loadAreaLines,
  loadModerationRound,
  loadScopeFigures,
  problemsShown,
  termsRun,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMeasures } from '../adapters/measures-file';
import { loadMethodology } from '../adapters/methodology-file';
import { termFiles } from '../adapters/term-files';
import { districtModeration } from '../core/assessment/moderation';
import { measureRows } from '../core/measures/measures';
import { areaListsOf, areaReportPath } from '../core/reporting/area-lines';
import { movements, ofstedByEra } from '../core/reporting/charts';
import { type ReportInput, reportHtml } from '../core/reporting/report';
import { categoriesTrend, goodOrBetterTrend, measureTerms } from '../core/reporting/term-figures';
import { previousTerm, termsBefore } from '../core/term';
import { areaReportsInput, parseInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, startedAt, executionId, batch, rejectedRows, rejectedProblems, notify } = parseInput(
    areaReportsInput,
    event,
    'AAG area reports',
  );
  const config = readConfig(authoritySchema);
  const files = termFiles();
  const methodology = loadMethodology();
  const measuresFile = loadMeasures();
  const [lines, round, noticeProblems, termsKept] = await Promise.all([
    loadAreaLines(term, startedAt, batch),
    loadModerationRound(term),
    ecbNoticeProblems(term),
    termsRun(),
  ]);
  const areas = areaListsOf(lines);
  // Every term up to this one, each by its kept figures for these areas: the term-figures step kept them all.
  const terms = [...termsBefore(termsKept, term), term];
  const kept = new Map((await loadScopeFigures(terms, [...areas.keys()])).map((f) => [`${f.term}|${f.scope}`, f]));
  const trendOf = (area: string) =>
    terms.map((t) => {
      const found = kept.get(`${t}|${area}`);
      if (!found)
        throw new Error(
          `no figures kept for ${area} in ${t}: the step that counts the term's figures keeps every area's before the areas' reports are written`,
        );
      return found;
    });
  const closed = { outcomes: round?.districtOutcomes ?? [], otherwise: round?.otherwise ?? 'deadline passed' } as const;
  const notApplied = problemsShown(round);
  const lastTerm = previousTerm(term);
  // The run's letters and the intake's rejected rows: the authority's, as every report gives them.
  const figures = {
    term,
    rejectedRows,
    ...(rejectedProblems !== undefined ? { rejectedProblems } : {}),
    emailsSent: notify.emailsSent,
    emailsAlreadySent: notify.emailsAlreadySent,
    emailsFailed: notify.emailsFailed,
    emailsPending: notify.emailsPending,
    lettersHeld: notify.lettersHeld,
    heldBecause: notify.heldBecause,
    lettersAwaitingDecision: notify.lettersAwaitingDecision,
    correctionsHeld: notify.correctionsHeld,
    correctionsSent: notify.correctionsSent,
    durationMs: Date.now() - Date.parse(startedAt),
  };
  for (const [area, own] of areas) {
    const trend = trendOf(area);
    const problems = notApplied.shown.filter((p) => p.startsWith(`${area}:`));
    const input: ReportInput = {
      authorityName: config.AUTHORITY_NAME,
      methodology,
      area,
      moderation: districtModeration(closed, own.schools, own.assessments),
      decisionsNotApplied: { shown: problems, count: problems.length },
      noticeDecisionsNotApplied: noticeProblems,
      figures,
      schools: own.schools,
      assessments: own.assessments,
      support: own.support,
      taskGroups: own.taskGroups,
      missingContacts: own.missingContacts,
      // The area's own system leaders, as the term's figures counted them.
      capacity: trend.at(-1)!.capacity ?? [],
      warningNotices: own.warningNoticeRecords,
      notices: own.notices,
      visits: { term: lastTerm, schools: own.visits },
      lettersToFollowUp: own.lettersToFollowUp,
      goodOrBetter: trend.at(-1)!.goodOrBetter,
      schoolLink: (urn) => `../schools/${urn}.html`,
    };
    const charts = await drawCharts([
      categoriesTrend(methodology, trend, area),
      movements(methodology, own.assessments),
      ofstedByEra(own.inspections),
      goodOrBetterTrend(trend),
    ]);
    // Every term's measures as kept, this term's yearly figures too.
    const rows = measureRows(measuresFile, measureTerms(trend), area);
    await files.writeReport(
      term,
      areaReportPath(area),
      reportHtml({ ...input, charts, measures: await measuresShown(measuresFile, rows, `the ${area} AAG area`) }),
      'text/html; charset=utf-8',
    );
  }
  const result = { areaReports: areas.size, schools: lines.length };
  stageLog('area reports', { term, executionId }, context).info('AAG area reports written for a batch of areas', {
    ...result,
  });
  return result;
}
