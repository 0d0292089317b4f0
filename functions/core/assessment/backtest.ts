/**
 * The early-warning policy, measured: replayed over the terms the store holds, how many of the schools it flagged
 * went on to a category of concern (precision), how many terms ahead it flagged those that did (lead time), and how
 * many that did it never flagged before they got there (missed). Pure: each term's flags and categories in, the
 * figures out, so the ECB can judge its thresholds.
 */
import { groupByUrn } from '../collections';
import type { Category, Inspection, Intelligence, Performance, School, TaskGroupReport } from '../types';
import { categorise } from './categorisation';
import { type EarlyWarningPolicy, warningFor } from './early-warning';
import type { Methodology } from './methodology';

export interface ReplayedTerm {
  term: string;
  /** Each school's agreed category that term. */
  categories: ReadonlyMap<string, string>;
  /** The schools the policy flags that term. */
  flagged: ReadonlySet<string>;
}

/** A term's schools and evidence, as the store or the term's files hold them. */
export interface TermEvidence {
  readonly schools: readonly School[];
  readonly inspections: readonly Inspection[];
  readonly intelligence: readonly Intelligence[];
  readonly performance: readonly Performance[];
  readonly taskGroupReports?: readonly TaskGroupReport[];
}

/** The schools the policy flags in a term: those in the policy's categories whose signals reach its threshold. */
export function flaggedSchools(
  evidence: TermEvidence,
  categories: ReadonlyMap<string, string>,
  policy: EarlyWarningPolicy,
  termStart: string,
): Set<string> {
  const [inspections, intelligence, performance] = [
    groupByUrn(evidence.inspections),
    groupByUrn(evidence.intelligence),
    groupByUrn(evidence.performance),
  ];
  return new Set(
    evidence.schools
      .filter((s) =>
        warningFor(
          categories.get(s.urn) ?? '',
          {
            school: s,
            inspections: inspections.get(s.urn) ?? [],
            intelligence: intelligence.get(s.urn) ?? [],
            performance: performance.get(s.urn) ?? [],
          },
          policy,
          termStart,
        ),
      )
      .map((s) => s.urn),
  );
}

/**
 * A term replayed from its files alone: each school's category as the methodology proposes it from the term's
 * evidence (no AAG's override, no notice the cycle itself issued), and the schools the policy flags.
 */
export function replayTermFiles(
  term: string,
  evidence: TermEvidence,
  methodology: Methodology,
  policy: EarlyWarningPolicy,
  termStart: string,
): ReplayedTerm {
  const [inspections, intelligence, performance, reports] = [
    groupByUrn(evidence.inspections),
    groupByUrn(evidence.intelligence),
    groupByUrn(evidence.performance),
    groupByUrn(evidence.taskGroupReports ?? []),
  ];
  const categories = new Map<string, Category>(
    evidence.schools.map((school) => [
      school.urn,
      categorise(
        {
          school,
          inspections: inspections.get(school.urn) ?? [],
          intelligence: intelligence.get(school.urn) ?? [],
          performance: performance.get(school.urn) ?? [],
          taskGroupReports: reports.get(school.urn) ?? [],
        },
        methodology,
        termStart,
      ).category,
    ]),
  );
  return { term, categories, flagged: flaggedSchools(evidence, categories, policy, termStart) };
}

export interface BacktestResult {
  terms: number;
  /** Schools flagged at least once in a term with a later term to judge by. */
  flagged: number;
  /** Of those, the schools in a category of concern in a later term. */
  declined: number;
  /** declined / flagged, or none when nothing was flagged. */
  precision?: number;
  /** Schools that moved from outside into a category of concern in a later term. */
  declines: number;
  /** For each decline flagged before it: how many terms before. */
  leadTimes: number[];
  /** Declines the policy did not flag beforehand. */
  missed: number;
  /** The flagged schools that did not decline, for the ECB to look at. */
  notDeclined: string[];
}

export function backtest(terms: readonly ReplayedTerm[], concern: readonly string[]): BacktestResult {
  const inConcern = (t: ReplayedTerm, urn: string) => concern.includes(t.categories.get(urn) ?? '');
  const firstFlag = new Map<string, number>();
  terms.forEach((t, i) => {
    for (const urn of t.flagged) if (!firstFlag.has(urn) && i < terms.length - 1) firstFlag.set(urn, i);
  });
  /** The first term (after `from`) in which the school is in a category of concern, having been outside it. */
  const declineAfter = (urn: string, from: number) => {
    for (let i = from + 1; i < terms.length; i++)
      if (inConcern(terms[i]!, urn) && !inConcern(terms[i - 1]!, urn)) return i;
    return undefined;
  };
  const declinedUrns = [...firstFlag].filter(([urn, i]) => declineAfter(urn, i) !== undefined).map(([urn]) => urn);
  const leadTimes: number[] = [];
  let declines = 0;
  let missed = 0;
  const urns = new Set(terms.flatMap((t) => [...t.categories.keys()]));
  for (const urn of urns) {
    const at = declineAfter(urn, 0);
    if (at === undefined) continue;
    declines++;
    const flaggedAt = terms.slice(0, at).findIndex((t) => t.flagged.has(urn));
    if (flaggedAt === -1) missed++;
    else leadTimes.push(at - flaggedAt);
  }
  return {
    terms: terms.length,
    flagged: firstFlag.size,
    declined: declinedUrns.length,
    ...(firstFlag.size > 0 ? { precision: declinedUrns.length / firstFlag.size } : {}),
    declines,
    leadTimes: leadTimes.sort((a, b) => a - b),
    missed,
    notDeclined: [...firstFlag.keys()].filter((urn) => !declinedUrns.includes(urn)).sort(),
  };
}

/** The figures as the command prints them. */
export function backtestLines(result: BacktestResult, policyId: string): string[] {
  const median = (xs: readonly number[]) =>
    xs.length === 0
      ? undefined
      : xs.length % 2
        ? xs[(xs.length - 1) / 2]!
        : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
  return [
    `Early-warning policy ${policyId}, replayed over ${result.terms} ${result.terms === 1 ? 'term' : 'terms'}:`,
    `  flagged: ${result.flagged} ${result.flagged === 1 ? 'school' : 'schools'} (with a later term to judge by); ${result.declined} went on to a category of concern`,
    `  precision: ${result.precision === undefined ? 'none flagged, so not measured' : `${Math.round(result.precision * 100)}% (${result.declined} of ${result.flagged})`}`,
    `  declines into a category of concern: ${result.declines}; flagged beforehand: ${result.leadTimes.length}; missed: ${result.missed}`,
    `  lead time: ${result.leadTimes.length === 0 ? 'none to measure' : `median ${median(result.leadTimes)} ${median(result.leadTimes) === 1 ? 'term' : 'terms'}, from ${result.leadTimes[0]} to ${result.leadTimes.at(-1)}`}`,
    ...(result.notDeclined.length > 0
      ? [
          `  flagged and not (yet) declined: ${result.notDeclined.slice(0, 20).join(', ')}${result.notDeclined.length > 20 ? ` and ${result.notDeclined.length - 20} more` : ''}`,
        ]
      : []),
  ];
}
