/**
 * Requests to the Teaching Schools and Capacity (TSC) board: each need a school's AAG could not broker this term
 * (a support school, or a system leader or LIO for its visits), with the school's phase and area. A request stays
 * open, and on each term's report, until the board answers it (its responses sheet, taken in with the next term's
 * files: a provider offered, or none) or the AAG's own brokering meets the need.
 */

import type { Inspection, Phase, TscNeed, TscRequest, TscResponse } from '../types';
import type { BrokeredSupport } from './brokering';

export type { TscRequest } from '../types';

/**
 * The specialism a school's support needs: the areas its latest judging inspection graded below good (a key judgement
 * requiring improvement or inadequate; a report-card area needing attention or urgent improvement), weakest first.
 */
export function specialismNeeded(inspections: readonly Inspection[]): string | undefined {
  const judging = inspections
    .filter((i) => i.keyJudgements.length > 0 || i.reportCard.length > 0)
    .sort((a, b) => b.startDate.localeCompare(a.startDate))[0];
  if (!judging) return undefined;
  const weak = [
    ...judging.keyJudgements
      .filter((k) => k.grade >= 3)
      .sort((a, b) => b.grade - a.grade)
      .map((k) => k.area),
    ...judging.reportCard.filter((r) => r.grade === 'urgent improvement').map((r) => r.area),
    ...judging.reportCard.filter((r) => r.grade === 'needs attention').map((r) => r.area),
  ];
  return weak.length > 0 ? [...new Set(weak)].join(', ') : undefined;
}

const optionalSpecialism = (specialism: string | undefined) => (specialism ? { specialism } : {});

/** The need an unmet line of the brokering stands for. */
export const needOf = (unmet: string): TscNeed =>
  /school-to-school/.test(unmet) ? 'a support school' : 'a system leader or LIO';

export interface TscRequestsInput {
  readonly term: string;
  /** This term's brokering. */
  readonly support: readonly BrokeredSupport[];
  readonly phaseOf: (urn: string) => Phase | undefined;
  /** The school's inspections this term, for the specialism its support needs. */
  readonly inspectionsOf?: (urn: string) => readonly Inspection[];
  /** Last term's brokering, with its requests. */
  readonly previous: readonly BrokeredSupport[];
  /** The board's responses taken in with this term's files. */
  readonly responses: readonly TscResponse[];
}

/**
 * This term's requests for each school: last term's still open (or answered now), and the new ones; and the
 * responses that answer no request, for the report to name.
 */
export function tscRequests(input: TscRequestsInput): {
  bySchool: Map<string, TscRequest[]>;
  unmatched: TscResponse[];
} {
  const key = (urn: string, need: TscNeed) => `${urn}#${need}`;
  const open = new Map<string, TscRequest>();
  for (const s of input.previous) for (const r of s.tscRequests ?? []) if (!r.response) open.set(key(r.urn, r.need), r);
  const responses = new Map(input.responses.map((r) => [key(r.urn, r.need), r]));
  const used = new Set<string>();
  const bySchool = new Map<string, TscRequest[]>();
  for (const s of input.support) {
    const requests: TscRequest[] = [];
    const needs = new Map(s.unmet.map((u) => [needOf(u), u]));
    for (const need of ['a support school', 'a system leader or LIO'] as const) {
      const k = key(s.urn, need);
      const earlier = open.get(k);
      const response = responses.get(k);
      const detail = needs.get(need);
      // Open last term and met by this term's brokering, with no answer from the board: closed, not shown.
      if (!detail && !(earlier && response)) continue;
      // Stryker disable next-line ConditionalExpression: a key with no response is in no response's way when marked used
      if (response) used.add(k);
      requests.push({
        urn: s.urn,
        district: s.district,
        ...(input.phaseOf(s.urn) ? { phase: input.phaseOf(s.urn) } : {}),
        category: s.category,
        need,
        ...optionalSpecialism(specialismNeeded(input.inspectionsOf?.(s.urn) ?? [])),
        detail: detail ?? earlier!.detail,
        raisedIn: earlier?.raisedIn ?? input.term,
        ...(response ? { response } : {}),
      });
    }
    if (requests.length > 0) bySchool.set(s.urn, requests);
  }
  const unmatched = input.responses.filter((r) => !used.has(key(r.urn, r.need)));
  return { bySchool, unmatched };
}
