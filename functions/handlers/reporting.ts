/**
 * Reporting: the ECB's report with its charts, a report for each AAG area and each trust, the summary and the
 * assessments as CSV; the run is recorded. Each school's page is written before, a batch of schools at a time
 * (functions/handlers/school-pages.ts). Last term's planned visits are set against the visit notes
 * this term's intake took in. The trends read each earlier term's figures as its report kept them
 * (functions/core/reporting/term-figures.ts), not the term's data: this term's figures are kept likewise.
 */
import { findMissingContacts } from '../core/intake';
import { assessmentsCsv, reportHtml, summarise, type CycleSummary, type DrawnChart, type ReportInput } from '../core/reporting/report';
import { categoriesByArea, categoriesOverTerms, goodOrBetterOverTerms, letters, movements, ofstedByEra, type Chart } from '../core/reporting/charts';
import { trustPageHtml } from '../core/reporting/school-page';
import { districtModeration, slugOf } from '../core/assessment/moderation';
import { previousTerm, termSortKey, termStartDate } from '../core/term';
import { visitsPlannedAndDone } from '../core/reporting/visits';
import { authoritySchema, readConfig } from '../adapters/config';
import { drawChart } from '../adapters/charts';
import { ecbNoticeProblems, problemsShown, loadAssessments, loadEvidence, loadModerationRound, loadSchools, loadSupport, loadSystemLeaders, loadTaskGroups, loadWarningNotices, loadTermFigures, recordRun, releaseTermRun, saveTermFigures, termsRun } from '../adapters/cycle-store';
import { lettersToFollowUp } from '../adapters/sent-emails';
import { loadMethodology } from '../adapters/methodology-file';
import { termFiles } from '../adapters/term-files';
import { parseInput, reportInput } from './inputs';
import { stageLog } from '../adapters/log';
import { loadMeasures } from '../adapters/measures-file';
import { measureRows, termDataByArea, type MeasureRow, type TermData } from '../core/measures/measures';
import { AUTHORITY, countTermFigures, figuresServe, measureTerms, scopeOverTerms, type ScopeFigures } from '../core/reporting/term-figures';
import { groupBy } from '../core/collections';
import { measuresChart, measuresCsv, measuresSection } from '../core/measures/measures-report';

const HTML = 'text/html; charset=utf-8';

export async function handler(event: unknown, context?: unknown): Promise<CycleSummary> {
  const { term, startedAt, executionId, intake, notify } = parseInput(reportInput, event, 'reporting');
  const config = readConfig(authoritySchema);
  const files = termFiles();
  const methodology = loadMethodology();
  const [schools, assessments, support, taskGroups, undelivered, systemLeaders, earlierTerms, notices, round, noticeProblems] = await Promise.all([loadSchools(term), loadAssessments(term), loadSupport(term), loadTaskGroups(term), lettersToFollowUp(term), loadSystemLeaders(term), termsRun(), loadWarningNotices(term), loadModerationRound(term), ecbNoticeProblems(term)]);
  // How each AAG dealt with its proposals: its outcome as the round closed, its schools' agreed categories counted here.
  const closed = { outcomes: round?.districtOutcomes ?? [], otherwise: round?.otherwise ?? 'deadline passed' } as const;
  const moderation = { districts: districtModeration(closed, schools, assessments), notApplied: problemsShown(round) };
  const measuresFile = loadMeasures();
  const areas = [...new Set(schools.map((s) => s.district))].sort();
  const evidence = await loadEvidence(term);
  const thisTerm: TermData = { term, termStart: termStartDate(term, config.TERM_START_DATES), schools, assessments, inspections: evidence.inspections, performance: evidence.performance, figures: evidence.measureFigures };
  // This term's figures, and every earlier term's as it kept them, for the trends: a term whose kept figures do not
  // serve (none kept, a measure since added or redefined, an area it had none for) is read whole and counted again.
  const thisTermsFigures = countTermFigures(thisTerm, areas, measuresFile);
  let countedAgain = 0;
  const earlierFigures = await Promise.all(
    earlierTerms.filter((t) => termSortKey(t) < termSortKey(term)).map(async (t) => {
      const need = { termStart: termStartDate(t, config.TERM_START_DATES), areas, measures: measuresFile };
      const kept = await loadTermFigures(t);
      if (figuresServe(kept, need)) return kept;
      countedAgain += 1;
      const [termSchools, termAssessments, termEvidence] = await Promise.all([loadSchools(t), loadAssessments(t), loadEvidence(t, { kinds: ['inspection', 'performance', 'measure-figure'] })]);
      const counted = countTermFigures({ term: t, termStart: need.termStart, schools: termSchools, assessments: termAssessments, inspections: termEvidence.inspections, performance: termEvidence.performance, figures: termEvidence.measureFigures }, areas, measuresFile);
      await saveTermFigures(t, counted);
      return counted;
    }),
  );
  const figuresByTerm = [...earlierFigures, thisTermsFigures];
  const over = (scope: string) => scopeOverTerms(figuresByTerm, scope);
  const categoryTrend = (figures: ScopeFigures[], area?: string) => categoriesOverTerms(methodology, figures.map((f) => ({ term: f.term, categories: f.categories })), area);
  const goodOrBetterTrend = (figures: ScopeFigures[]) => goodOrBetterOverTerms(figures.map((f) => ({ term: f.term, ...f.goodOrBetter })));
  const authorityMeasures = measureRows(measuresFile, measureTerms(over(AUTHORITY)), thisTerm);
  // Last term's visits: those its brokering planned, against the notes that came in with this term's intake.
  const lastTerm = previousTerm(term);
  const visits = { term: lastTerm, schools: visitsPlannedAndDone(await loadSupport(lastTerm), evidence.visitNotes, termStartDate(lastTerm, config.TERM_START_DATES), termStartDate(term, config.TERM_START_DATES)) };
  // The same core function intake used: the stored schools carry the contacts intake accepted.
  const missingContacts = findMissingContacts(schools, schools.flatMap((s) => s.contacts));
  const finishedAt = new Date();
  const input: ReportInput = {
    authorityName: config.AUTHORITY_NAME,
    methodology,
    moderation: moderation.districts,
    decisionsNotApplied: moderation.notApplied,
    noticeDecisionsNotApplied: noticeProblems,
    figures: { term, rejectedRows: intake.rejectedRows, emailsSent: notify.emailsSent, emailsAlreadySent: notify.emailsAlreadySent, emailsFailed: notify.emailsFailed, emailsPending: notify.emailsPending, lettersHeld: notify.lettersHeld, heldBecause: notify.heldBecause, durationMs: finishedAt.getTime() - Date.parse(startedAt) },
    schools,
    assessments,
    support,
    taskGroups,
    missingContacts,
    systemLeaders,
    warningNotices: evidence.intelligence.filter((i) => i.type === 'warning notice'),
    notices,
    visits,
    lettersToFollowUp: undelivered.map((l) => ({ urn: l.urn, role: l.role, what: l.outcomeDetail ?? (l.status === 'rejected' ? `SES refused it: ${l.reason ?? ''}` : (l.outcome ?? '')), at: l.outcomeAt })),
  };
  const summary = summarise(input);
  const draw = async (charts: Chart[]): Promise<DrawnChart[]> => Promise.all(charts.map(async (chart) => ({ chart, svg: await drawChart(chart) })));
  const thisTermsInspections = evidence.inspections;
  const areaHref = (area: string) => `aag/${slugOf(area)}.html`;

  const charts = await draw([
    categoriesByArea(methodology, schools, assessments),
    categoryTrend(over(AUTHORITY)),
    movements(methodology, assessments),
    ofstedByEra(thisTermsInspections),
    goodOrBetterTrend(over(AUTHORITY)),
    letters({ sent: summary.emailsSent, alreadySent: summary.emailsAlreadySent, failed: summary.emailsFailed, pending: summary.emailsPending, held: summary.lettersHeld, toFollowUp: summary.lettersToFollowUp }),
  ]);
  // Each multi-academy trust's academies in the authority.
  const trusts = new Map([...groupBy(schools.filter((s) => s.isAcademy && s.trustCode), (s) => s.trustCode!)].map(([code, own]) => [code, { name: own.at(-1)!.trustName ?? code, schools: own }]));
  const trustHref = (code: string) => `trusts/${slugOf(code)}.html`;
  for (const [code, trust] of trusts) {
    await files.writeReport(term, trustHref(code), trustPageHtml({ authorityName: config.AUTHORITY_NAME, term, trustName: trust.name, schools: trust.schools, assessments, support, reportHref: '../report.html', schoolHref: (urn) => `../schools/${urn}.html` }), HTML);
  }
  const trustLinks = [...trusts.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name)).map(([code, t]) => ({ area: t.name, href: trustHref(code) }));
  const measuresOf = async (rows: MeasureRow[], scope: string) => {
    const [chart] = await draw([measuresChart(rows, scope)]);
    return measuresSection(`${measuresFile.title} (${measuresFile.id}, from ${measuresFile.effectiveFrom}), for ${scope}`, rows, chart);
  };
  await files.writeReport(term, 'report.html', reportHtml({ ...input, charts, measures: await measuresOf(authorityMeasures, 'the authority'), areaLinks: areas.map((area) => ({ area, href: areaHref(area) })), trustLinks }), HTML);
  const allMeasureRows = [...authorityMeasures];

  // Each AAG's own report: its area's schools only, linking to the same school pages. Every list is split by area
  // once (and each term's data likewise), so the areas' reports together cost one pass, however many areas.
  const areaOfUrn = new Map(schools.map((s) => [s.urn, s.district]));
  const byArea = <T extends { urn: string }>(list: readonly T[]) => groupBy(list, (x) => areaOfUrn.get(x.urn));
  const [schoolsIn, assessmentsIn, supportIn, groupsIn, missingIn, followUpIn, noticesOfIntelligenceIn, noticesIn, visitsIn, inspectionsIn] = [
    byArea(schools), byArea(assessments), byArea(support), byArea(taskGroups), byArea(missingContacts), byArea(input.lettersToFollowUp ?? []), byArea(input.warningNotices ?? []), byArea(notices), byArea(visits.schools), byArea(thisTermsInspections),
  ];
  const thisTermByArea = termDataByArea(thisTerm, areas);
  const problemsIn = groupBy(moderation.notApplied.shown, (p) => areas.find((area) => p.startsWith(`${area}:`)));
  for (const area of areas) {
    const areaAssessments = assessmentsIn.get(area) ?? [];
    const areaFigures = over(area);
    const areaProblems = problemsIn.get(area) ?? [];
    const areaInput: ReportInput = {
      ...input,
      area,
      schools: schoolsIn.get(area) ?? [],
      assessments: areaAssessments,
      support: supportIn.get(area) ?? [],
      taskGroups: groupsIn.get(area) ?? [],
      missingContacts: missingIn.get(area) ?? [],
      lettersToFollowUp: followUpIn.get(area) ?? [],
      warningNotices: noticesOfIntelligenceIn.get(area) ?? [],
      notices: noticesIn.get(area) ?? [],
      visits: { term: lastTerm, schools: visitsIn.get(area) ?? [] },
      moderation: moderation.districts.filter((d) => d.district === area),
      decisionsNotApplied: { shown: areaProblems, count: areaProblems.length },
      schoolLink: (urn) => `../schools/${urn}.html`,
    };
    const areaCharts = await draw([
      categoryTrend(areaFigures, area),
      movements(methodology, areaAssessments),
      ofstedByEra(inspectionsIn.get(area) ?? []),
      goodOrBetterTrend(areaFigures),
    ]);
    const areaMeasures = measureRows(measuresFile, measureTerms(areaFigures), thisTermByArea.get(area), area);
    allMeasureRows.push(...areaMeasures);
    await files.writeReport(term, areaHref(area), reportHtml({ ...areaInput, charts: areaCharts, measures: await measuresOf(areaMeasures, `the ${area} AAG area`) }), HTML);
  }

  await files.writeReport(term, 'assessments.csv', assessmentsCsv(schools, assessments), 'text/csv; charset=utf-8');
  await files.writeReport(term, 'measures.csv', measuresCsv(allMeasureRows), 'text/csv; charset=utf-8');
  await files.writeReport(term, 'summary.json', JSON.stringify(summary, null, 2) + '\n', 'application/json');
  await saveTermFigures(term, thisTermsFigures);
  await recordRun({ term, startedAt, status: 'succeeded', finishedAt: finishedAt.toISOString(), summary });
  if (executionId) await releaseTermRun(term, executionId);
  stageLog('reporting', { term, executionId }, context).info('report written', { ...summary, areaReports: areas.length, trustPages: trusts.size, earlierTerms: earlierFigures.length, earlierTermsCountedAgain: countedAgain });
  return summary;
}
