/**
 * AAG brokering: each school in a category the methodology marks for brokered support (C and D in the default)
 * is paired with a school from a category that provides support (A), of the same phase, looked for in its own
 * consortium first, then its district, then across the county; a system leader (or, for a maintained school, an
 * LIO) is deployed for the visits its category brings (C: one a term, D: one each half term).
 * Needs that cannot be met locally are listed for the Teaching Schools and Capacity board.
 *
 * Only a school with inspection evidence of good or better (a deciding reason from an Ofsted rule of a category
 * that provides support) provides support: a new school in A by default, uninspected, does not.
 *
 * Partnerships last: a school keeps last term's support school and system leader while each remains eligible
 * and has capacity; when one cannot be kept, the reason is given ("Barford Primary School is now in category C").
 *
 * Where a district's AAG chose the support school or system leader itself (on its sheet), that choice stands in
 * place of the brokering's, and is given its capacity first; a choice that cannot stand (a school that does not
 * provide support, a leader unknown to the register) is refused with the reason, and the brokering chooses.
 */

import { decidingReasons } from '../assessment/categorisation';
import {
  brokeredCategories,
  categoryDefinition,
  type Methodology,
  providerCategories,
  severity,
} from '../assessment/methodology';
import { groupBy } from '../collections';
import type {
  Assessment,
  Category,
  Phase,
  ProposedSupport,
  School,
  SupportChoice,
  SystemLeader,
  TscRequest,
} from '../types';
import { canonicalLeaderId } from './leader-ids';

export type MatchedWithin = 'consortium' | 'district' | 'county';

export interface BrokeredSupport {
  term: string;
  urn: string;
  district: string;
  category: Category;
  /** Whether the AAG brokers school-to-school support and a task group monitors it (C and D in the default). */
  brokered: boolean;
  provider?: { urn: string; name: string; matchedWithin: MatchedWithin };
  leader?: { id: string; name: string; designation: SystemLeader['designation'] };
  visitsThisTerm: number;
  /**
   * Category D: a needs-analysis discussion with the headteacher, chair of governors and, for an academy, the trust's
   * chief executive.
   */
  needsAnalysisMeeting: boolean;
  /** What the AAG could not broker locally; referred to the TSC board. */
  unmet: string[];
  /** The school-to-school support agreed with the support school: days this term, how it is funded, and its cost. */
  agreed?: { days: number; fundedBy: string; cost: number; byAag?: boolean };
  /** The AAG chose the support school or system leader (or both) itself. */
  chosenByAag?: { provider: boolean; leader: boolean; by: string; rationale?: string; decidedAt?: string };
  /** An AAG's choice that could not stand, and why: the brokering chose instead. */
  choiceRefused?: string[];
  /** What the school kept of last term's support. */
  kept?: { provider: boolean; leader: boolean };
  /** Why last term's support school or system leader was not kept. */
  changedBecause?: string[];
  /** What stands as the AAG agreed it on its sheet (the proposal it agreed, or that stood at its deadline). */
  asAgreed?: { provider: boolean; leader: boolean };
  /**
   * What the brokering changed after the AAG agreed the proposal, and why: listed for the AAG, never done in silence.
   */
  changedAfterAgreed?: string[];
  /** The needs asked of the TSC board, open or answered this term (tsc-requests.ts). */
  tscRequests?: TscRequest[];
}

/** The days and funding agreed with a support school: the AAG's, where it set them on its sheet, else the defaults. */
function agreedTerms(
  hasProvider: boolean,
  assessment: Assessment,
  terms: SupportTerms | undefined,
): Pick<BrokeredSupport, 'agreed'> {
  if (!hasProvider || !terms) return {};
  const choice = assessment.supportChoice;
  const days = choice?.days ?? terms.daysPerTerm[assessment.category] ?? 0;
  if (days <= 0 && choice?.days === undefined) return {};
  const byAag = choice?.days !== undefined || choice?.fundedBy !== undefined;
  return {
    agreed: {
      days,
      fundedBy: choice?.fundedBy ?? terms.fundedBy,
      cost: days * terms.dayRate,
      ...(byAag ? { byAag: true } : {}),
    },
  };
}

export function phasesMatch(a: Phase, b: Phase): boolean {
  if (a === b) return true;
  const allThrough = (x: Phase, y: Phase) => x === 'all-through' && (y === 'primary' || y === 'secondary');
  return allThrough(a, b) || allThrough(b, a);
}

export interface BrokeringInput {
  readonly term: string;
  readonly schools: readonly School[];
  readonly assessments: readonly Assessment[];
  readonly systemLeaders: readonly SystemLeader[];
  readonly methodology: Methodology;
  /** Last term's support, so that partnerships last while they can. */
  readonly previous?: readonly BrokeredSupport[];
  /** What support is agreed as: days a term by category, the day rate, how it is funded. */
  readonly terms?: SupportTerms;
}

export interface SupportTerms {
  readonly daysPerTerm: Readonly<Record<string, number>>;
  readonly dayRate: number;
  readonly fundedBy: string;
}

const byUrn = (a: { urn: string }, b: { urn: string }) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);

/**
 * A search for the first of a list (providers in URN order, leaders in id order) of a school's phase that `accept`s,
 * as `find` would give it, but one that passes over a provider or leader with no capacity left for good (its load
 * only grows during the brokering), so each list is read through about once over the term, not once a school.
 * Each list is taken by its phase once.
 */
function firstOpenOf<T>(
  ofPhase: (x: T, phase: Phase) => boolean,
  isFull: (x: T) => boolean,
): (all: readonly T[], phase: Phase, accept: (x: T) => boolean) => T | undefined {
  const finders = new Map<readonly T[], Map<Phase, { list: T[]; next: Int32Array }>>();
  return (all, phase, accept) => {
    let byPhase = finders.get(all);
    // Stryker disable next-line ConditionalExpression: a finder made again finds the same (the cache is for speed)
    if (!byPhase) {
      byPhase = new Map();
      finders.set(all, byPhase);
    }
    let finder = byPhase.get(phase);
    // Stryker disable next-line ConditionalExpression: a finder made again finds the same (the cache is for speed)
    if (!finder) {
      const list = all.filter((x) => ofPhase(x, phase));
      finder = { list, next: Int32Array.from({ length: list.length + 1 }, (_, i) => i) };
      byPhase.set(phase, finder);
    }
    const { list, next } = finder;
    // next[i]: where to look from i on (itself, or past those found full), with the path shortened as it is read.
    const open = (i: number): number => {
      let root = i;
      // Stryker disable next-line ConditionalExpression: a full one not skipped is found full again (the skip is for speed)
      while (next[root] !== root) root = next[root]!;
      // Stryker disable next-line ConditionalExpression: the path is shortened for speed alone
      while (i !== root) {
        const after = next[i]!;
        next[i] = root;
        i = after;
      }
      return root;
    };
    for (let i = open(0); i < list.length; i = open(i + 1)) {
      const x = list[i]!;
      if (isFull(x)) next[i] = i + 1;
      else if (accept(x)) return x;
    }
    return undefined;
  };
}

/** The order leaders of a school's own district are deployed in, and then anyone's. */
const LEADER_RANK = ['NLE', 'LLE', 'LIO', 'SLE'] as const;
const NONE: readonly SystemLeader[] = [];
const NO_PROVIDERS: readonly School[] = [];

/**
 * Who may give support this term, by the rules the brokering keeps: the schools that may be support schools (in a
 * category that provides support, with inspection evidence of good or better), the system leaders who may be deployed
 * (not based in a school that itself needs support), and why a given school or leader may not support a given school.
 * The brokering and the AAG's list of choices in the portal both read it.
 */
export function supportEligibility(
  input: Pick<BrokeringInput, 'schools' | 'assessments' | 'systemLeaders' | 'methodology'>,
) {
  const m = input.methodology;
  const schools = new Map(input.schools.map((s) => [s.urn, s]));
  const categoryOf = new Map(input.assessments.map((a) => [a.urn, a.category]));
  const brokered = new Set(brokeredCategories(m));
  const providing = new Set(providerCategories(m));
  // Inspection evidence of good or better: a deciding reason from a rule on Ofsted's judgements.
  const ruleKind = new Map(m.rules.map((r) => [r.id, r.when.kind]));
  const assessmentOf = new Map(input.assessments.map((a) => [a.urn, a]));
  const inspectedGoodOrBetter = (urn: string) => {
    const a = assessmentOf.get(urn);
    return (
      a !== undefined &&
      providing.has(a.category) &&
      // Stryker disable next-line StringLiteral: a reason of no known rule is not Ofsted's, whatever stands in for its kind
      decidingReasons(a).some((r) => (ruleKind.get(r.rule) ?? '').startsWith('ofsted-'))
    );
  };
  const providers = input.schools.filter((s) => inspectedGoodOrBetter(s.urn)).sort(byUrn);
  // A leader based in a school that itself needs support is not deployed elsewhere.
  // Stryker disable next-line StringLiteral: a home school with no category is in no brokered category, whatever stands in for it
  const leaderHomeOk = (urn: string | undefined) => !urn || !brokered.has(categoryOf.get(urn) ?? '');
  const leaders = input.systemLeaders
    .filter((l) => leaderHomeOk(l.homeSchoolUrn))
    .slice()
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  /** Why a school cannot provide support now (as "<subject> <reason>"), or undefined if it can. */
  const whyNotProvider = (urn: string, forUrn: string, lastTerm: boolean): string | undefined => {
    const itsCategory = categoryOf.get(urn);
    if (!schools.has(urn)) return 'is not a school in the cycle this term';
    if (urn === forUrn) return 'is the school itself';
    // Stryker disable next-line StringLiteral: a school with no category provides no support, whatever stands in for it
    if (!providing.has(itsCategory ?? ''))
      return lastTerm
        ? `is now in category ${itsCategory}`
        : `is in category ${itsCategory ?? 'none'}, which does not provide support`;
    if (!inspectedGoodOrBetter(urn)) return 'has no inspection evidence of good or better';
    return undefined;
  };
  /** Why a system leader cannot be deployed to a school now, or undefined if they can. */
  const whyNotLeader = (leader: SystemLeader | undefined, school: School | undefined): string | undefined => {
    if (!leader) return "is not on this term's system leaders sheet";
    if (leader.homeSchoolUrn !== undefined && leader.homeSchoolUrn === school?.urn) return 'leads the school itself';
    if (leader.designation === 'LIO' && school?.isAcademy) return 'is an LIO, who is not deployed to an academy';
    if (!leaderHomeOk(leader.homeSchoolUrn)) return 'is based in a school that itself needs support';
    return undefined;
  };
  return { providers, leaders, leaderHomeOk, whyNotProvider, whyNotLeader };
}

export function brokerSupport(input: BrokeringInput): BrokeredSupport[] {
  const m = input.methodology;
  const schools = new Map(input.schools.map((s) => [s.urn, s]));
  const brokered = new Set(brokeredCategories(m));
  const visited = new Set(m.categories.filter((c) => c.support.visitsPerTerm > 0).map((c) => c.id));
  // The greatest need first; within a category by URN, so that the result is repeatable.
  const needing = input.assessments
    .filter((a) => brokered.has(a.category) || visited.has(a.category))
    .sort((a, b) => (a.category === b.category ? byUrn(a, b) : severity(m, b.category) - severity(m, a.category)));

  const { providers, leaders, whyNotProvider, whyNotLeader } = supportEligibility(input);
  const providersByConsortium = groupBy(
    // Stryker disable next-line MethodExpression,ConditionalExpression: a school with no consortium never looks there
    providers.filter((p) => p.consortium !== undefined),
    (p) => p.consortium!,
  );
  const providersByDistrict = groupBy(providers, (p) => p.district);
  const providerLoad = new Map<string, number>();
  const leaderLoad = new Map<string, number>();

  // By the id in its plain form: a choice typed on a sheet, or a leader kept from a term an earlier version stored.
  const leaderById = new Map(input.systemLeaders.map((l) => [canonicalLeaderId(l.id), l]));
  // The leaders by designation (in id order), in each home school's district and anywhere.
  const byDesignation = (some: readonly SystemLeader[]) => groupBy(some, (l) => l.designation);
  const leadersAnywhere = byDesignation(leaders);
  const leadersByDistrict = new Map(
    [
      ...groupBy(
        leaders.filter((l) => l.homeSchoolUrn !== undefined && schools.has(l.homeSchoolUrn)),
        (l) => schools.get(l.homeSchoolUrn!)!.district,
      ),
    ].map(([district, some]) => [district, byDesignation(some)]),
  );

  const openProvider = firstOpenOf<School>(
    (p, phase) => phasesMatch(p.phase, phase),
    (p) => (providerLoad.get(p.urn) ?? 0) >= m.brokering.schoolsPerProvider,
  );
  const openLeader = firstOpenOf<SystemLeader>(
    (l, phase) => l.phases.some((p) => phasesMatch(p, phase)),
    (l) => (leaderLoad.get(l.id) ?? 0) >= l.capacity,
  );

  const choices = new Map(
    needing.flatMap((a) => (a.supportChoice ? [[a.urn, checkChoice(a, a.supportChoice)] as const] : [])),
  );
  function checkChoice(
    assessment: Assessment,
    choice: SupportChoice,
  ): { provider?: School; leader?: SystemLeader; refused: string[] } {
    const refused: string[] = [];
    const definition = categoryDefinition(m, assessment.category);
    let provider: School | undefined;
    let leader: SystemLeader | undefined;
    if (choice.providerUrn !== undefined) {
      const chosen = schools.get(choice.providerUrn);
      const why = whyNotProvider(choice.providerUrn, assessment.urn, false);
      const subject =
        chosen && chosen.urn !== assessment.urn
          ? `support school ${chosen.name} (URN ${chosen.urn})`
          : `support school URN ${choice.providerUrn}`;
      if (!definition.support.brokered)
        refused.push(
          `support school URN ${choice.providerUrn}: a school in category ${assessment.category} is not brokered school-to-school support`,
        );
      else if (why) refused.push(`${subject} ${why}`);
      else provider = chosen;
    }
    if (choice.leaderId !== undefined) {
      const chosen = leaderById.get(canonicalLeaderId(choice.leaderId));
      const why = whyNotLeader(chosen, schools.get(assessment.urn));
      if (definition.support.visitsPerTerm === 0)
        refused.push(`system leader ${choice.leaderId}: a school in category ${assessment.category} has no visits`);
      else if (why) refused.push(`system leader ${chosen ? `${chosen.name} (${chosen.id})` : choice.leaderId} ${why}`);
      else leader = chosen;
    }
    // The AAG's choices are given their capacity before any school is brokered.
    if (provider) providerLoad.set(provider.urn, (providerLoad.get(provider.urn) ?? 0) + 1);
    if (leader) leaderLoad.set(leader.id, (leaderLoad.get(leader.id) ?? 0) + 1);
    return { provider, leader, refused };
  }

  // What the AAG agreed on its sheet stands next, ahead of anything kept or brokered anew: the support the brokering
  // proposed for a school whose proposed category the AAG agreed (or that stood at its deadline). Where a part of it
  // can no longer stand (its school now in another category, its capacity taken by an AAG's own choice), it is brokered
  // again and the change is said.
  const agreedOf = new Map(
    needing.flatMap((a) => (agreedProposal(a) ? [[a.urn, claimAgreed(a, agreedProposal(a)!)] as const] : [])),
  );
  function agreedProposal(assessment: Assessment): ProposedSupport | undefined {
    const decision = assessment.moderation?.decision;
    const asProposed = (assessment.proposedCategory ?? assessment.category) === assessment.category;
    return assessment.proposedSupport && asProposed && (decision === 'agree' || decision === 'undecided')
      ? assessment.proposedSupport
      : undefined;
  }
  function claimAgreed(
    assessment: Assessment,
    proposal: ProposedSupport,
  ): {
    provider?: School;
    leader?: SystemLeader;
    changed: string[];
    lookAgain: { provider: boolean; leader: boolean };
  } {
    const choice = choices.get(assessment.urn);
    const definition = categoryDefinition(m, assessment.category);
    const changed: string[] = [];
    let provider: School | undefined;
    let leader: SystemLeader | undefined;
    const agreedTo =
      assessment.moderation?.decision === 'agree'
        ? 'as the AAG agreed it'
        : 'as proposed (no AAG decision by its deadline)';
    if (proposal.provider && definition.support.brokered && !choice?.provider) {
      const was = schools.get(proposal.provider.urn);
      const why =
        whyNotProvider(proposal.provider.urn, assessment.urn, true) ??
        ((providerLoad.get(proposal.provider.urn) ?? 0) >= m.brokering.schoolsPerProvider
          ? `has no capacity left this term (${takenBy(proposal.provider.urn)})`
          : undefined);
      if (why) changed.push(`${was?.name ?? proposal.provider.name}, the support school ${agreedTo}, ${why}`);
      else {
        provider = was;
        providerLoad.set(proposal.provider.urn, (providerLoad.get(proposal.provider.urn) ?? 0) + 1);
      }
    }
    if (proposal.leader && definition.support.visitsPerTerm > 0 && !choice?.leader) {
      const now = leaderById.get(canonicalLeaderId(proposal.leader.id));
      const why =
        whyNotLeader(now, schools.get(assessment.urn)) ??
        ((leaderLoad.get(now!.id) ?? 0) >= now!.capacity ? 'has no capacity left this term' : undefined);
      if (why) changed.push(`${proposal.leader.name}, the system leader ${agreedTo}, ${why}`);
      else {
        leader = now;
        leaderLoad.set(now!.id, (leaderLoad.get(now!.id) ?? 0) + 1);
      }
    }
    // A part the proposal could not fill (a need for the TSC board) is looked for again: what was found is a change
    // too.
    return {
      provider,
      leader,
      changed,
      lookAgain: {
        provider: !proposal.provider && definition.support.brokered && !choice?.provider,
        leader: !proposal.leader && definition.support.visitsPerTerm > 0 && !choice?.leader,
      },
    };
  }
  /**
   * Who holds a provider's places this term, where an AAG's own choice took one: "the Ashdown AAG chose it for Barford
   * Primary School".
   */
  function takenBy(providerUrn: string): string {
    const chooser = needing.find((a) => choices.get(a.urn)?.provider?.urn === providerUrn);
    return chooser
      ? `the ${schools.get(chooser.urn)?.district ?? ''} AAG chose it for ${schools.get(chooser.urn)?.name ?? chooser.urn}`
      : 'its places are taken';
  }

  // Last term's partnerships, kept where they can be, before anything new is brokered (for a school with no agreed
  // proposal).
  const previousOf = new Map((input.previous ?? []).map((p) => [p.urn, p]));
  const kept = new Map(needing.filter((a) => !agreedOf.has(a.urn)).map((a) => [a.urn, keepFromLastTerm(a)] as const));
  function keepFromLastTerm(assessment: Assessment): { provider?: School; leader?: SystemLeader; changed: string[] } {
    const last = previousOf.get(assessment.urn);
    const choice = choices.get(assessment.urn);
    const definition = categoryDefinition(m, assessment.category);
    const changed: string[] = [];
    let provider: School | undefined;
    let leader: SystemLeader | undefined;
    if (last?.provider && definition.support.brokered && !choice?.provider) {
      const was = schools.get(last.provider.urn);
      const subject = `${was?.name ?? last.provider.name}, last term's support school,`;
      const why =
        whyNotProvider(last.provider.urn, assessment.urn, true) ??
        ((providerLoad.get(last.provider.urn) ?? 0) >= m.brokering.schoolsPerProvider
          ? 'has no capacity left this term'
          : undefined);
      if (why) changed.push(`${subject} ${why}`);
      else {
        provider = was;
        providerLoad.set(last.provider.urn, (providerLoad.get(last.provider.urn) ?? 0) + 1);
      }
    }
    if (last?.leader && definition.support.visitsPerTerm > 0 && !choice?.leader) {
      const now = leaderById.get(canonicalLeaderId(last.leader.id));
      const why =
        whyNotLeader(now, schools.get(assessment.urn)) ??
        ((leaderLoad.get(now!.id) ?? 0) >= now!.capacity ? 'has no capacity left this term' : undefined);
      if (why) changed.push(`${last.leader.name}, last term's system leader, ${why}`);
      else {
        leader = now;
        leaderLoad.set(now!.id, (leaderLoad.get(now!.id) ?? 0) + 1);
      }
    }
    return { provider, leader, changed };
  }

  /**
   * Why no leader could be deployed to a school, in words that fit the facts: an academy is never given an LIO, so
   * where LIOs of its phase still have places, the sentence says that they do and why they cannot go.
   */
  const noLeaderFor = (school: School): string => {
    if (!school.isAcademy) return `no system leader or LIO for the ${school.phase} phase has capacity this term`;
    const lioPlaces = leaders
      .filter((l) => l.designation === 'LIO' && l.phases.some((p) => phasesMatch(p, school.phase)))
      .reduce((n, l) => n + Math.max(0, l.capacity - (leaderLoad.get(l.id) ?? 0)), 0);
    return `no system leader for the ${school.phase} phase has capacity this term${lioPlaces > 0 ? ' (an LIO has capacity, but LIOs are not deployed to academies)' : ''}`;
  };

  const result: BrokeredSupport[] = [];
  for (const assessment of needing) {
    const school = schools.get(assessment.urn);
    if (!school) continue;
    const definition = categoryDefinition(m, assessment.category);
    const isBrokered = definition.support.brokered;
    const unmet: string[] = [];
    const choice = choices.get(school.urn);

    // Each tier searches only its own providers of the school's phase (in URN order), stopping at the first with
    // capacity; those with none left are passed over for good (firstOpenOf).
    const tiers: [MatchedWithin, (p: School) => boolean, readonly School[]][] = [
      [
        'consortium',
        (p) => school.consortium !== undefined && p.consortium === school.consortium,
        school.consortium !== undefined ? (providersByConsortium.get(school.consortium) ?? NO_PROVIDERS) : NO_PROVIDERS,
      ],
      ['district', (p) => p.district === school.district, providersByDistrict.get(school.district) ?? NO_PROVIDERS],
      ['county', () => true, providers],
    ];
    let provider: BrokeredSupport['provider'];
    const keep = kept.get(school.urn);
    const agreed = agreedOf.get(school.urn);
    const chosenProvider = choice?.provider ?? agreed?.provider ?? keep?.provider;
    if (chosenProvider)
      provider = {
        urn: chosenProvider.urn,
        name: chosenProvider.name,
        matchedWithin: tiers.find(([, test]) => test(chosenProvider))![0],
      };
    for (const [within, , candidates] of isBrokered && !provider ? tiers : []) {
      const found = openProvider(candidates, school.phase, (p) => p.urn !== school.urn);
      if (found) {
        provider = { urn: found.urn, name: found.name, matchedWithin: within };
        providerLoad.set(found.urn, (providerLoad.get(found.urn) ?? 0) + 1);
        break;
      }
    }
    if (isBrokered && !provider)
      unmet.push(
        `no ${school.phase} school in a category that supports others has capacity to provide school-to-school support`,
      );
    const foundAfterAgreed: string[] = [];
    if (agreed?.lookAgain.provider && provider)
      foundAfterAgreed.push(
        `a support school, ${provider.name}, was found after the AAG's decision: none had a place when the support was proposed`,
      );

    // System leaders of the school's phase; for a maintained school an LIO may be deployed too. Local leaders first
    // (by designation: NLE, LLE, LIO, SLE), then any, the first by id among equals. If no local leader can be
    // deployed, the first deployable of a designation anywhere is not local either.
    const deployable = (l: SystemLeader) =>
      l.homeSchoolUrn !== school.urn && (l.designation !== 'LIO' || !school.isAcademy);
    const bestLeader = (): SystemLeader | undefined => {
      for (const pool of [leadersByDistrict.get(school.district), leadersAnywhere]) {
        for (const designation of LEADER_RANK) {
          const found = openLeader(pool?.get(designation) ?? NONE, school.phase, deployable);
          if (found) return found;
        }
      }
      return undefined;
    };
    const standing = choice?.leader ?? agreed?.leader ?? keep?.leader;
    const leader = standing ?? (definition.support.visitsPerTerm > 0 ? bestLeader() : undefined);
    if (leader && !standing) leaderLoad.set(leader.id, (leaderLoad.get(leader.id) ?? 0) + 1);
    else if (!leader && definition.support.visitsPerTerm > 0) unmet.push(noLeaderFor(school));
    if (agreed?.lookAgain.leader && leader)
      foundAfterAgreed.push(
        `a system leader, ${leader.name}, was found after the AAG's decision: none had capacity when the support was proposed`,
      );
    const proposal = agreed ? agreedProposal(assessment)! : undefined;
    const changedAfterAgreed = agreed ? [...agreed.changed, ...foundAfterAgreed] : [];

    result.push({
      term: input.term,
      urn: school.urn,
      district: school.district,
      category: assessment.category,
      brokered: isBrokered,
      provider,
      leader: leader ? { id: leader.id, name: leader.name, designation: leader.designation } : undefined,
      visitsThisTerm: definition.support.visitsPerTerm,
      needsAnalysisMeeting: definition.support.needsAnalysisMeeting,
      unmet,
      ...(choice && (choice.provider || choice.leader)
        ? {
            chosenByAag: {
              provider: Boolean(choice.provider),
              leader: Boolean(choice.leader),
              by: assessment.supportChoice!.by,
              ...optional('rationale', assessment.supportChoice!.rationale),
              ...optional('decidedAt', assessment.supportChoice!.decidedAt),
            },
          }
        : {}),
      ...(choice && choice.refused.length > 0 ? { choiceRefused: choice.refused } : {}),
      ...agreedTerms(provider !== undefined, assessment, input.terms),
      ...(keep && (keep.provider || keep.leader)
        ? { kept: { provider: Boolean(keep.provider), leader: Boolean(keep.leader) } }
        : {}),
      ...(keep && keep.changed.length > 0 ? { changedBecause: keep.changed } : {}),
      // Since last term, as the proposal the AAG agreed found it (where what it agreed still stands).
      ...(proposal?.kept && ((proposal.kept.provider && agreed?.provider) || (proposal.kept.leader && agreed?.leader))
        ? {
            kept: {
              provider: Boolean(proposal.kept.provider && agreed?.provider),
              leader: Boolean(proposal.kept.leader && agreed?.leader),
            },
          }
        : {}),
      ...(proposal?.changedBecause?.length ? { changedBecause: proposal.changedBecause } : {}),
      ...(agreed && (agreed.provider || agreed.leader)
        ? { asAgreed: { provider: Boolean(agreed.provider), leader: Boolean(agreed.leader) } }
        : {}),
      ...(changedAfterAgreed.length > 0 ? { changedAfterAgreed } : {}),
    });
  }
  return result;
}

const optional = <K extends string>(key: K, value: string | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

/**
 * The brokering's proposal for each school, as the AAG's sheet shows it: the support the proposed categories would
 * bring.
 */
export function proposedSupportOf(support: readonly BrokeredSupport[]): Map<string, ProposedSupport> {
  return new Map(
    support.map((s) => [
      s.urn,
      {
        ...(s.provider
          ? { provider: { urn: s.provider.urn, name: s.provider.name, matchedWithin: s.provider.matchedWithin } }
          : {}),
        ...(s.leader ? { leader: s.leader } : {}),
        visitsThisTerm: s.visitsThisTerm,
        unmet: s.unmet,
        ...(s.kept ? { kept: s.kept } : {}),
        ...(s.changedBecause ? { changedBecause: s.changedBecause } : {}),
      },
    ]),
  );
}
