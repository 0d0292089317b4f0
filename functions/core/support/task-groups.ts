/**
 * Task-group monitoring: a task group, chaired by a system leader, monitors the impact of support on each
 * school whose support the AAG brokered (categories C and D in the default methodology). Last term's report, where
 * there is one, is carried into the group's record; it has
 * already fed this term's risk assessment as evidence.
 */

import { groupByUrn } from '../collections';
import { compareTerms } from '../term';
import type { School, SystemLeader, TaskGroupReport } from '../types';
import type { BrokeredSupport } from './brokering';
import { phasesMatch } from './brokering';

export interface TaskGroup {
  term: string;
  urn: string;
  district: string;
  category: string;
  status: 'opened' | 'continued';
  chair?: { id: string; name: string; designation: SystemLeader['designation'] };
  providerUrn?: string;
  lastReport?: { term: string; impact: TaskGroupReport['impact']; summary: string; schoolResponse?: string };
  /** Set when no system leader could chair the group: the AAG must find one. */
  needsChair: boolean;
}

export interface TaskGroupInput {
  readonly term: string;
  readonly schools: readonly School[];
  readonly support: readonly BrokeredSupport[];
  readonly systemLeaders: readonly SystemLeader[];
  readonly reports: readonly TaskGroupReport[];
  /** URNs that had a task group last term. */
  readonly existingGroups: ReadonlySet<string>;
  /** The chair of each school's group last term, kept where that leader is still listed. */
  readonly previousChairs: ReadonlyMap<string, string>;
}

const CHAIR_DESIGNATIONS = new Set<SystemLeader['designation']>(['NLE', 'LLE', 'SLE']);

export function openTaskGroups(input: TaskGroupInput): TaskGroup[] {
  const schools = new Map(input.schools.map((s) => [s.urn, s]));
  const chairs = input.systemLeaders
    .filter((l) => CHAIR_DESIGNATIONS.has(l.designation))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  // The chairs for each phase, found once (a county has a handful of phases, not one list per school).
  const chairsByPhase = new Map<string, SystemLeader[]>();
  const chairsFor = (phase: School['phase']) => {
    let found = chairsByPhase.get(phase);
    // Stryker disable next-line ConditionalExpression: a cache; finding a phase's chairs again gives the same chairs
    if (!found) {
      found = chairs.filter((l) => l.phases.some((p) => phasesMatch(p, phase)));
      chairsByPhase.set(phase, found);
    }
    return found;
  };
  const reports = groupByUrn(input.reports);
  const chairing = new Map<string, number>();
  const load = (l: SystemLeader) => chairing.get(l.id) ?? 0;
  const groups: TaskGroup[] = [];
  for (const support of input.support) {
    if (!support.brokered) continue;
    const school = schools.get(support.urn);
    if (!school) continue;
    const previous = input.previousChairs.get(school.urn);
    const deployed =
      support.leader && CHAIR_DESIGNATIONS.has(support.leader.designation) ? support.leader.id : undefined;
    // Last term's chair if still eligible, else the leader deployed to the school, else the least-loaded chair with
    // capacity (the first in id order among equals), never one who leads from the school itself.
    let kept: SystemLeader | undefined;
    let asDeployed: SystemLeader | undefined;
    let leastLoaded: SystemLeader | undefined;
    for (const l of chairsFor(school.phase)) {
      if (l.homeSchoolUrn === school.urn) continue;
      if (l.id === previous) kept ??= l;
      if (l.id === deployed) asDeployed ??= l;
      if (load(l) < l.capacity && (leastLoaded === undefined || load(l) < load(leastLoaded))) leastLoaded = l;
    }
    const chair = kept ?? asDeployed ?? leastLoaded;
    if (chair) chairing.set(chair.id, load(chair) + 1);
    let report: TaskGroupReport | undefined;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: intake takes one report per school and term
    for (const r of reports.get(school.urn) ?? []) if (!report || compareTerms(r.term, report.term) > 0) report = r;
    groups.push({
      term: input.term,
      urn: school.urn,
      district: school.district,
      category: support.category,
      status: input.existingGroups.has(school.urn) ? 'continued' : 'opened',
      chair: chair ? { id: chair.id, name: chair.name, designation: chair.designation } : undefined,
      providerUrn: support.provider?.urn,
      lastReport: report
        ? {
            term: report.term,
            impact: report.impact,
            summary: report.summary,
            ...(report.schoolResponse ? { schoolResponse: report.schoolResponse } : {}),
          }
        : undefined,
      needsChair: !chair,
    });
  }
  return groups;
}
