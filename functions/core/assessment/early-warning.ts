/**
 * Early warning: a school not yet in a category of concern flagged "at risk: review" before an inspection or a
 * concern says so, from the trends in its own data. Each signal and its weight, and the score that makes a flag,
 * are policy in the methodology's `earlyWarning` section; each flag names its evidence and how far past the
 * threshold the school is. The flag goes to the AAG's sheet for review, never straight into a letter. Pure.
 */
import { formatDate, monthsBetween } from '../dates';
import type { EarlyWarning, EarlyWarningSignal, Inspection, Intelligence, Performance, School } from '../types';
import type { EarlyWarningPolicy } from './early-warning-policy';
import { ofstedBand } from './good-or-better';

export type { EarlyWarning, EarlyWarningSignal } from '../types';
export { type EarlyWarningPolicy, earlyWarningPolicySchema } from './early-warning-policy';

export interface EarlyWarningEvidence {
  readonly school: School;
  readonly inspections: readonly Inspection[];
  readonly intelligence: readonly Intelligence[];
  readonly performance: readonly Performance[];
}

const YEAR_GROUPS: Partial<Record<School['phase'], number>> = {
  primary: 7,
  secondary: 5,
  'all-through': 12,
  nursery: 2,
};

/** The last two years of one figure, newest first, where both are given. */
function lastTwo(
  performance: readonly Performance[],
  source: Performance['source'],
  measure: string,
): [Performance, Performance] | undefined {
  const years = performance
    .filter((p) => p.source === source && p.measures[measure] !== undefined)
    .sort((a, b) => b.year.localeCompare(a.year));
  return years.length >= 2 ? [years[0]!, years[1]!] : undefined;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** About how many pupils a year group holds: pupils on roll over the phase's year groups. */
function cohortOf(school: School): number | undefined {
  const groups = YEAR_GROUPS[school.phase];
  return school.pupils && groups ? Math.max(1, Math.round(school.pupils / groups)) : undefined;
}

/** The signals that hold for a school at the term's start, and whether they make a flag. */
export function earlyWarning(
  evidence: EarlyWarningEvidence,
  policy: EarlyWarningPolicy,
  termStart: string,
): EarlyWarning | undefined {
  const s = policy.signals;
  const found: EarlyWarningSignal[] = [];
  const absence = lastTwo(evidence.performance, 'attendance', 'overallAbsence');
  if (s.attendanceFalling && absence) {
    const rise = round1(absence[0].measures.overallAbsence! - absence[1].measures.overallAbsence!);
    if (rise >= s.attendanceFalling.minPoints)
      found.push({
        signal: 'attendanceFalling',
        points: s.attendanceFalling.points,
        evidence: `overall absence rose ${rise} points, from ${absence[1].measures.overallAbsence}% in ${absence[1].year} to ${absence[0].measures.overallAbsence}% in ${absence[0].year}`,
      });
  }
  const persistent = lastTwo(evidence.performance, 'attendance', 'persistentAbsence');
  if (s.persistentAbsenceRising && persistent) {
    const rise = round1(persistent[0].measures.persistentAbsence! - persistent[1].measures.persistentAbsence!);
    if (rise >= s.persistentAbsenceRising.minPoints)
      found.push({
        signal: 'persistentAbsenceRising',
        points: s.persistentAbsenceRising.points,
        evidence: `persistent absence rose ${rise} points, from ${persistent[1].measures.persistentAbsence}% in ${persistent[1].year} to ${persistent[0].measures.persistentAbsence}% in ${persistent[0].year}`,
      });
  }
  const ks2 = lastTwo(evidence.performance, 'ks2', 'readingWritingMathsExpected');
  if (s.resultsFalling && ks2) {
    const [now, before] = [ks2[0].measures.readingWritingMathsExpected!, ks2[1].measures.readingWritingMathsExpected!];
    const fall = round1(before - now);
    const cohort = cohortOf(evidence.school);
    // The year-to-year noise of a school that size: the standard error of the difference of two shares.
    const p = (now + before) / 200;
    const noise = cohort ? round1(s.resultsFalling.noise * 100 * Math.sqrt((2 * p * (1 - p)) / cohort)) : 0;
    const needed = Math.max(s.resultsFalling.minPoints, noise);
    if (fall > needed)
      found.push({
        signal: 'resultsFalling',
        points: s.resultsFalling.points,
        evidence: `key stage 2 at the expected standard fell ${fall} points, from ${before}% in ${ks2[1].year} to ${now}% in ${ks2[0].year}, more than the ${needed} points that count for ${cohort ? `a cohort of about ${cohort}` : 'a school of unknown size'}`,
      });
  }
  const a8 = lastTwo(evidence.performance, 'ks4', 'attainment8');
  if (s.attainment8Falling && a8) {
    const [now, before] = [a8[0].measures.attainment8!, a8[1].measures.attainment8!];
    const fall = round1(before - now);
    const cohort = cohortOf(evidence.school);
    // The year-to-year noise of a school that size: the standard error of the difference of two cohorts' means.
    const noise = cohort
      ? round1(s.attainment8Falling.noise * s.attainment8Falling.pupilSd * Math.sqrt(2 / cohort))
      : 0;
    const needed = Math.max(s.attainment8Falling.minPoints, noise);
    if (fall > needed)
      found.push({
        signal: 'attainment8Falling',
        points: s.attainment8Falling.points,
        evidence: `Attainment 8 fell ${fall} points, from ${before} in ${a8[1].year} to ${now} in ${a8[0].year}, more than the ${needed} points that count for ${cohort ? `a cohort of about ${cohort}` : 'a school of unknown size'}`,
      });
  }
  const countWithin = (type: Intelligence['type'], months: number) =>
    evidence.intelligence.filter(
      (i) => i.type === type && monthsBetween(i.date, termStart) < months && i.date <= termStart,
    );
  if (s.headteacherTurnover) {
    const heads = countWithin('new headteacher', s.headteacherTurnover.withinMonths);
    if (heads.length >= s.headteacherTurnover.count)
      found.push({
        signal: 'headteacherTurnover',
        points: s.headteacherTurnover.points,
        evidence: `${heads.length} new headteachers in ${s.headteacherTurnover.withinMonths} months (${heads.map((h) => formatDate(h.date)).join(', ')})`,
      });
  }
  if (s.interimLeadership) {
    const interims = countWithin('interim headteacher', s.interimLeadership.withinMonths);
    if (interims.length >= s.interimLeadership.count)
      found.push({
        signal: 'interimLeadership',
        points: s.interimLeadership.points,
        evidence: `${interims.length} interim headteachers in ${s.interimLeadership.withinMonths} months (${interims.map((h) => formatDate(h.date)).join(', ')})`,
      });
  }
  const graded = evidence.inspections
    .filter((i) => i.era !== 'ungraded')
    .sort((a, b) => b.startDate.localeCompare(a.startDate))[0];
  if (s.inspectionOverdue && graded) {
    const years = Math.floor(monthsBetween(graded.startDate, termStart) / 12);
    if (years > s.inspectionOverdue.years)
      found.push({
        signal: 'inspectionOverdue',
        points: s.inspectionOverdue.points,
        evidence: `last graded inspection ${formatDate(graded.startDate)}, ${years} years before the term`,
      });
  }
  const latestKs2 = evidence.performance
    .filter((p) => p.source === 'ks2' && p.measures.readingWritingMathsExpected !== undefined)
    .sort((a, b) => b.year.localeCompare(a.year))[0];
  if (s.dataBelowGrade && graded && ofstedBand(graded) === 'good or better' && latestKs2) {
    const now = latestKs2.measures.readingWritingMathsExpected!;
    if (now < s.dataBelowGrade.ks2Below)
      found.push({
        signal: 'dataBelowGrade',
        points: s.dataBelowGrade.points,
        evidence: `judged good or better (${formatDate(graded.startDate)}) while key stage 2 at the expected standard is ${now}% in ${latestKs2.year}, below ${s.dataBelowGrade.ks2Below}%`,
      });
  }
  const score = found.reduce((n, f) => n + f.points, 0);
  if (score < policy.threshold) return undefined;
  return {
    policy: policy.id,
    score,
    threshold: policy.threshold,
    signals: found,
    summary: `at risk: review (score ${score} against a threshold of ${policy.threshold}: ${found.map((f) => f.evidence).join('; ')})`,
  };
}

/**
 * The early warning for a school in the category it was placed in: only a school in one of the policy's categories
 * (not yet one of concern) is looked at; without a policy there is none. The risk assessment and the backtest both
 * ask this.
 */
export function warningFor(
  category: string,
  evidence: EarlyWarningEvidence,
  policy: EarlyWarningPolicy | undefined,
  termStart: string,
): EarlyWarning | undefined {
  return policy?.categories.includes(category) ? earlyWarning(evidence, policy, termStart) : undefined;
}
