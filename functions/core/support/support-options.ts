/**
 * The support an AAG may choose for a school instead of the brokering's proposal, as the portal lists it: the support
 * schools and system leaders the brokering's own rules allow for this school (supportEligibility), of its phase, each
 * with what it already takes on this term in the proposals. Only what has capacity left is offered; the proposal's
 * own choice stays on the list. The brokering checks a choice again when it runs and says why if it cannot stand.
 */
import type { Methodology } from '../assessment/methodology';
import type { Assessment, School, SystemLeader } from '../types';
import { phasesMatch, supportEligibility } from './brokering';

export interface SupportOption {
  /** What the form sends: a support school's URN, or a system leader's id. */
  value: string;
  /** What the list shows. */
  label: string;
}

export interface SupportOptions {
  supportSchools: SupportOption[];
  systemLeaders: SupportOption[];
}

export function supportOptions(
  urn: string,
  input: {
    schools: readonly School[];
    /** The term's proposals, with the support the brokering proposes on each. */
    proposals: readonly Assessment[];
    systemLeaders: readonly SystemLeader[];
    methodology: Methodology;
  },
): SupportOptions {
  const school = input.schools.find((s) => s.urn === urn);
  if (!school) return { supportSchools: [], systemLeaders: [] };
  const { providers, leaders, whyNotProvider, whyNotLeader } = supportEligibility({
    ...input,
    assessments: input.proposals,
  });
  const own = input.proposals.find((a) => a.urn === urn)?.proposedSupport;
  const providerLoad = new Map<string, number>();
  const leaderLoad = new Map<string, number>();
  for (const a of input.proposals) {
    const p = a.proposedSupport;
    if (p?.provider) providerLoad.set(p.provider.urn, (providerLoad.get(p.provider.urn) ?? 0) + 1);
    if (p?.leader) leaderLoad.set(p.leader.id, (leaderLoad.get(p.leader.id) ?? 0) + 1);
  }
  const perProvider = input.methodology.brokering.schoolsPerProvider;
  const supportSchools = providers
    .filter(
      (p) =>
        phasesMatch(p.phase, school.phase) &&
        // Stryker disable next-line BooleanLiteral: last term's words for a refusal differ, and any refusal leaves it off
        !whyNotProvider(p.urn, urn, false) &&
        (p.urn === own?.provider?.urn || (providerLoad.get(p.urn) ?? 0) < perProvider),
    )
    .sort(
      (a, b) =>
        Number(b.district === school.district) - Number(a.district === school.district) || a.name.localeCompare(b.name),
    )
    .map((p) => ({
      value: p.urn,
      label: `${p.name} (URN ${p.urn}), ${p.district}${p.urn === own?.provider?.urn ? ': proposed' : ''}`,
    }));
  const systemLeaders = leaders
    .filter(
      (l) =>
        l.phases.some((p) => phasesMatch(p, school.phase)) &&
        !whyNotLeader(l, school) &&
        (l.id === own?.leader?.id || (leaderLoad.get(l.id) ?? 0) < l.capacity),
    )
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((l) => ({
      value: l.id,
      label: `${l.name}, ${l.designation} (${l.capacity - (leaderLoad.get(l.id) ?? 0)} of ${l.capacity} places left)${l.id === own?.leader?.id ? ': proposed' : ''}`,
    }));
  return { supportSchools, systemLeaders };
}
