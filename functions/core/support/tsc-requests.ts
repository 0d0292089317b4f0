/**
 * Requests to the Teaching Schools and Capacity (TSC) board: each need a school's AAG could not broker this term
 * (a support school, or a system leader or LIO for its visits), with the school's phase and area. A request stays
 * open, and on each term's report, until the board answers it (its responses sheet, taken in with the next term's
 * files: a provider offered, or none) or the AAG's own brokering meets the need.
 */
import type { BrokeredSupport } from './brokering';
import type { Phase, TscNeed, TscResponse } from '../types';

export interface TscRequest {
  urn: string;
  district: string;
  phase?: Phase;
  category: string;
  need: TscNeed;
  /** What the brokering found, as it says it. */
  detail: string;
  /** The term the AAG first asked. */
  raisedIn: string;
  /** The board's answer, taken in this term. */
  response?: TscResponse;
}

/** The need an unmet line of the brokering stands for. */
export const needOf = (unmet: string): TscNeed => (/school-to-school/.test(unmet) ? 'a support school' : 'a system leader or LIO');

export interface TscRequestsInput {
  readonly term: string;
  /** This term's brokering. */
  readonly support: readonly BrokeredSupport[];
  readonly phaseOf: (urn: string) => Phase | undefined;
  /** Last term's brokering, with its requests. */
  readonly previous: readonly BrokeredSupport[];
  /** The board's responses taken in with this term's files. */
  readonly responses: readonly TscResponse[];
}

/**
 * This term's requests for each school: last term's still open (or answered now), and the new ones; and the
 * responses that answer no request, for the report to name.
 */
export function tscRequests(input: TscRequestsInput): { bySchool: Map<string, TscRequest[]>; unmatched: TscResponse[] } {
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
      if (response) used.add(k);
      requests.push({
        urn: s.urn,
        district: s.district,
        ...(input.phaseOf(s.urn) ? { phase: input.phaseOf(s.urn) } : {}),
        category: s.category,
        need,
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
