/**
 * The brokering's answers in full where the AAG has had its say, and where the order of the rows or a methodology's
 * shape could change them: the days and funding agreed; the first provider and leader by URN and id whatever the
 * input order; only schools with inspection evidence of good or better providing; an AAG's choices refused or taken,
 * with each reason in its words; a proposal the AAG agreed, or that stood at its deadline, kept as agreed or changed
 * with the reason; a leader found after the decision; an academy told why no LIO was sent; a category visited but not
 * brokered, or brokered without visits; and the proposal the AAG's sheet shows.
 */
import { describe, expect, it } from 'vitest';
import { proposedSupportOf, type SupportTerms } from '../../functions/core/support/brokering';
import type { Assessment, ProposedSupport, School, SupportChoice } from '../../functions/core/types';
import {
  brokeringAssessment as assess,
  brokerAutumn as broker,
  COLOUR_METHODOLOGY,
  lastTermSupport as lastTerm,
  leader,
  school,
  withSupport,
} from '../builders';

const north = (urn: string, over: Partial<School> = {}) =>
  school({ urn, consortium: 'North', district: 'Ashdown', ...over });
const [c1, c2, d1, p1, p2] = ['100001', '100002', '100003', '100010', '100011'].map((urn) => north(urn)) as [
  School,
  School,
  School,
  School,
  School,
];
const TERMS: SupportTerms = { daysPerTerm: { C: 4, D: 8 }, dayRate: 350, fundedBy: 'the authority' };
const choose = (choice: Omit<SupportChoice, 'by'>): Partial<Assessment> => ({
  supportChoice: { by: 'Ashdown AAG', ...choice },
});
const agreedWith = (proposal: ProposedSupport, decision: 'agree' | 'undecided' = 'agree'): Partial<Assessment> => ({
  proposedSupport: proposal,
  moderation: { decision, by: 'Ashdown AAG' },
});
const proposalOf = (over: Partial<ProposedSupport>): ProposedSupport => ({ visitsThisTerm: 1, unmet: [], ...over });

describe('the support agreed with the support school', () => {
  const run = (over: Partial<Assessment> = {}, terms = TERMS) =>
    broker([c1, p1], [assess(c1.urn, 'C', over), assess(p1.urn, 'A')], [], [], { terms })[0]!;

  it("is the category's days at the day rate, funded as the terms say, unless the AAG set its own", () => {
    expect(run().agreed).toEqual({ days: 4, fundedBy: 'the authority', cost: 1400 });
    expect(run(choose({ days: 2 })).agreed).toEqual({ days: 2, fundedBy: 'the authority', cost: 700, byAag: true });
    expect(run(choose({ fundedBy: 'the trust' })).agreed).toEqual({
      days: 4,
      fundedBy: 'the trust',
      cost: 1400,
      byAag: true,
    });
  });

  it('is nothing where the category has no days, unless the AAG set them, even to none', () => {
    const noDays = { ...TERMS, daysPerTerm: { D: 8 } };
    expect(run({}, noDays).agreed).toBeUndefined();
    expect(run(choose({ days: 0 }), noDays).agreed).toEqual({
      days: 0,
      fundedBy: 'the authority',
      cost: 0,
      byAag: true,
    });
  });
});

describe('the order of the rows', () => {
  it('never changes who is given: the first support school by URN, the first leader by id', () => {
    const schools = [c1, p2, p1];
    const leaders = [leader({ id: 'nle-b', designation: 'NLE' }), leader({ id: 'nle-a', designation: 'NLE' })];
    const assessments = [assess(c1.urn, 'C'), assess(p2.urn, 'A'), assess(p1.urn, 'A')];
    for (const [s, a, l] of [
      [schools, assessments, leaders],
      [[...schools].reverse(), [...assessments].reverse(), [...leaders].reverse()],
    ] as const) {
      expect(broker([...s], [...a], [...l])[0]).toMatchObject({ provider: { urn: p1.urn }, leader: { id: 'nle-a' } });
    }
  });

  it('gives the greatest need first: a school in D before a school in C with a lower URN', () => {
    const result = broker(
      [c1, d1, p1],
      [assess(c1.urn, 'C'), assess(d1.urn, 'D'), assess(p1.urn, 'A')],
      [leader({ id: 'only', capacity: 1 })],
    );
    expect(result.map((s) => [s.urn, s.provider?.urn, s.leader?.id])).toEqual([
      [d1.urn, p1.urn, 'only'],
      [c1.urn, undefined, undefined],
    ]);
  });
});

describe('who may provide support', () => {
  it('is a school judged good or better by Ofsted, even where other reasons place it in A too', () => {
    const alsoNew = assess(p1.urn, 'A', {
      reasons: [
        { category: 'A', rule: 'ofsted-good-or-outstanding', text: 'Good', evidence: 'x' },
        { category: 'A', rule: 'no-inspection-yet', text: 'Not yet inspected', evidence: 'y' },
      ],
    });
    expect(broker([c1, p1], [assess(c1.urn, 'C'), alsoNew])[0]!.provider?.urn).toBe(p1.urn);
  });

  it('is a leader of any of their phases, but not one based in a school that itself needs support', () => {
    const both = leader({ id: 'both', phases: ['secondary', 'primary'] });
    expect(broker([c1], [assess(c1.urn, 'C')], [both])[0]!.leader?.id).toBe('both');
    const atC2 = leader({ id: 'at-c2', homeSchoolUrn: c2.urn });
    expect(broker([c1, c2], [assess(c1.urn, 'C'), assess(c2.urn, 'C')], [atC2]).map((s) => s.leader)).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe("an AAG's choice", () => {
  const refused = (
    over: Partial<Assessment>,
    leaders = [leader({ id: 'nle', name: 'Nia Lead' })],
    schools = [c1, p1],
  ) => broker(schools, [assess(c1.urn, 'C', over), assess(p1.urn, 'A')], leaders)[0]!;

  it('of a school with no category this term is refused, saying so', () => {
    const unassessed = north('100099', { name: 'Unassessed School' });
    expect(refused(choose({ providerUrn: unassessed.urn }), [], [c1, p1, unassessed]).choiceRefused).toEqual([
      'support school Unassessed School (URN 100099) is in category none, which does not provide support',
    ]);
  });

  it('of a leader based in a school that needs support is refused, saying so', () => {
    const atC2 = leader({ id: 'lle', name: 'Lee Based', homeSchoolUrn: c2.urn });
    const support = broker(
      [c1, c2],
      [assess(c1.urn, 'C', choose({ leaderId: 'lle' })), assess(c2.urn, 'C')],
      [atC2],
    )[0]!;
    expect(support.choiceRefused).toEqual([
      'system leader Lee Based (lle) is based in a school that itself needs support',
    ]);
  });

  it('of a leader based in another, good school stands, and an LIO stands for a maintained school', () => {
    const atP1 = leader({ id: 'lle', homeSchoolUrn: p1.urn });
    expect(refused(choose({ leaderId: 'lle' }), [atP1])).toMatchObject({ leader: { id: 'lle' } });
    expect(refused(choose({ leaderId: 'lle' }), [atP1]).choiceRefused).toBeUndefined();
    const lio = leader({ id: 'lio', designation: 'LIO' });
    expect(refused(choose({ leaderId: 'lio' }), [lio])).toMatchObject({ leader: { id: 'lio' } });
    const academy = north(c1.urn, { isAcademy: true });
    const nle = leader({ id: 'nle' });
    expect(refused(choose({ leaderId: 'nle' }), [nle], [academy, p1])).toMatchObject({ leader: { id: 'nle' } });
  });

  it('records when it was made, and leaves out a rationale not given', () => {
    expect(refused(choose({ providerUrn: p1.urn, decidedAt: '2026-10-01' })).chosenByAag).toEqual({
      provider: true,
      leader: false,
      by: 'Ashdown AAG',
      decidedAt: '2026-10-01',
    });
  });

  it('is found where it is: the consortium, the district or the county', () => {
    const within = (provider: School) =>
      broker(
        [c1, provider],
        [assess(c1.urn, 'C', choose({ providerUrn: provider.urn })), assess(provider.urn, 'A')],
      )[0]!.provider?.matchedWithin;
    expect(within(north('100020'))).toBe('consortium');
    expect(within(north('100021', { consortium: 'South' }))).toBe('district');
    expect(within(north('100022', { consortium: 'South', district: 'Barford' }))).toBe('county');
    const loose = (urn: string, district: string) => school({ urn, district, consortium: undefined });
    const alone = loose('100030', 'Ashdown');
    expect(
      broker(
        [alone, loose('100031', 'Ashdown')],
        [assess(alone.urn, 'C', choose({ providerUrn: '100031' })), assess('100031', 'A')],
      )[0]!.provider?.matchedWithin,
    ).toBe('district');
  });
});

describe('a category visited but not brokered, or brokered without visits', () => {
  it('is given a leader but no support school, and an AAG choosing one is told why not', () => {
    const [support] = broker(
      [c1, p1],
      [assess(c1.urn, 'yellow', choose({ providerUrn: p1.urn })), assess(p1.urn, 'green')],
      [leader({ id: 'nle' })],
      [],
      { methodology: COLOUR_METHODOLOGY },
    );
    expect(support).toMatchObject({ category: 'yellow', brokered: false, leader: { id: 'nle' }, unmet: [] });
    expect(support!.provider).toBeUndefined();
    expect(support!.choiceRefused).toEqual([
      `support school URN ${p1.urn}: a school in category yellow is not brokered school-to-school support`,
    ]);
  });

  it('never sends a leader to a school they lead, even where its category is not brokered', () => {
    const own = leader({ id: 'own', homeSchoolUrn: c1.urn });
    const [support] = broker([c1], [assess(c1.urn, 'yellow')], [own], [], { methodology: COLOUR_METHODOLOGY });
    expect(support!.leader).toBeUndefined();
  });

  it('is given a support school but no leader, kept, agreed or chosen', () => {
    const noVisits = withSupport('C', { visitsPerTerm: 0 });
    const nle = leader({ id: 'nle', name: 'Nia Lead' });
    const run = (over: Partial<Assessment>, previous = [] as ReturnType<typeof lastTerm>[]) =>
      broker([c1, p1], [assess(c1.urn, 'C', over), assess(p1.urn, 'A')], [nle], previous, {
        methodology: noVisits,
      })[0]!;
    expect(run({})).toMatchObject({ provider: { urn: p1.urn }, visitsThisTerm: 0, unmet: [] });
    expect(run({}).leader).toBeUndefined();
    expect(run(choose({ leaderId: 'nle' })).choiceRefused).toEqual([
      'system leader nle: a school in category C has no visits',
    ]);
    expect(
      run(agreedWith(proposalOf({ leader: { id: 'nle', name: 'Nia Lead', designation: 'NLE' } }))).leader,
    ).toBeUndefined();
    expect(
      run({}, [lastTerm(c1.urn, { leader: { id: 'nle', name: 'Nia Lead', designation: 'NLE' } })]).leader,
    ).toBeUndefined();
  });
});

describe('a proposal the AAG agreed', () => {
  const nia = { id: 'nle', name: 'Nia Lead', designation: 'NLE' } as const;

  it('stands as agreed, or as it stood at the deadline, and says so', () => {
    for (const decision of ['agree', 'undecided'] as const) {
      const [support] = broker(
        [c1, p1, p2],
        [
          assess(
            c1.urn,
            'C',
            agreedWith(proposalOf({ provider: { urn: p2.urn, name: p2.name }, leader: nia }), decision),
          ),
          assess(p1.urn, 'A'),
          assess(p2.urn, 'A'),
        ],
        [leader({ id: 'nle', name: 'Nia Lead' }), leader({ id: 'aaa', name: 'First By Id' })],
      );
      expect(support).toMatchObject({
        provider: { urn: p2.urn },
        leader: { id: 'nle' },
        asAgreed: { provider: true, leader: true },
      });
      expect(support!.changedAfterAgreed).toBeUndefined();
    }
  });

  it('does not stand where the AAG changed the category, or overrode it', () => {
    const proposal = proposalOf({ provider: { urn: p2.urn, name: p2.name } });
    const run = (over: Partial<Assessment>) =>
      broker([c1, p1, p2], [assess(c1.urn, 'C', over), assess(p1.urn, 'A'), assess(p2.urn, 'A')])[0]!;
    expect(run({ ...agreedWith(proposal), proposedCategory: 'C' }).provider?.urn).toBe(p2.urn);
    expect(run({ ...agreedWith(proposal), proposedCategory: 'D' }).provider?.urn).toBe(p1.urn);
    expect(
      run({ proposedSupport: proposal, moderation: { decision: 'override', by: 'Ashdown AAG' } }).provider?.urn,
    ).toBe(p1.urn);
  });

  it('is changed where its support school is now in C, naming it as the register does now', () => {
    const renamed = north(p1.urn, { name: 'Beta Academy' });
    const [support] = broker(
      [c1, renamed, p2],
      [
        assess(
          c1.urn,
          'C',
          agreedWith(proposalOf({ provider: { urn: p1.urn, name: 'Beta Primary School' } }), 'undecided'),
        ),
        assess(p1.urn, 'C'),
        assess(p2.urn, 'A'),
      ],
    );
    const result = support!.urn === c1.urn ? support! : undefined;
    expect(result?.changedAfterAgreed).toEqual([
      'Beta Academy, the support school as proposed (no AAG decision by its deadline), is now in category C',
    ]);
    expect(result?.provider?.urn).toBe(p2.urn);
  });

  it("is changed where an AAG's own choice took its support school's place, saying whose", () => {
    const result = broker(
      [c1, c2, p1, p2],
      [
        assess(c1.urn, 'C', agreedWith(proposalOf({ provider: { urn: p1.urn, name: p1.name } }))),
        assess(c2.urn, 'C', choose({ providerUrn: p1.urn })),
        assess(p1.urn, 'A'),
        assess(p2.urn, 'A'),
      ],
    );
    expect(result[0]!.changedAfterAgreed).toEqual([
      `${p1.name}, the support school as the AAG agreed it, has no capacity left this term (the Ashdown AAG chose it for ${c2.name})`,
    ]);
  });

  it('is changed where another agreed proposal took the place first, saying its places are taken', () => {
    const same = proposalOf({ provider: { urn: p1.urn, name: p1.name } });
    const result = broker(
      [c1, c2, p1, p2],
      [
        assess(c1.urn, 'C', agreedWith(same)),
        assess(c2.urn, 'C', agreedWith(same)),
        assess(p1.urn, 'A'),
        assess(p2.urn, 'A'),
      ],
    );
    expect(result.map((s) => s.provider?.urn)).toEqual([p1.urn, p2.urn]);
    expect(result[1]!.changedAfterAgreed).toEqual([
      `${p1.name}, the support school as the AAG agreed it, has no capacity left this term (its places are taken)`,
    ]);
  });

  it("is changed where its leader's places are taken, and each agreed school uses one", () => {
    const result = broker(
      [c1, c2, d1],
      [
        assess(c1.urn, 'C', agreedWith(proposalOf({ leader: nia }))),
        assess(c2.urn, 'C', agreedWith(proposalOf({ leader: nia }))),
        assess(d1.urn, 'D', agreedWith(proposalOf({ leader: nia }))),
      ],
      [leader({ id: 'nle', name: 'Nia Lead', capacity: 2 }), leader({ id: 'sle', designation: 'SLE' })],
    );
    expect(result.map((s) => [s.urn, s.leader?.id])).toEqual([
      [d1.urn, 'nle'],
      [c1.urn, 'nle'],
      [c2.urn, 'sle'],
    ]);
    // Another leader is found for it: a change already said, not a find where the proposal had none.
    expect(result[2]!.changedAfterAgreed).toEqual([
      'Nia Lead, the system leader as the AAG agreed it, has no capacity left this term',
    ]);
  });

  it('says a leader was found after the decision where the proposal had none', () => {
    const [support] = broker(
      [c1],
      [assess(c1.urn, 'C', agreedWith(proposalOf({})))],
      [leader({ id: 'nle', name: 'Nia Lead' })],
    );
    expect(support!.changedAfterAgreed).toEqual([
      "a system leader, Nia Lead, was found after the AAG's decision: none had capacity when the support was proposed",
    ]);
  });

  it('carries what the proposal kept of last term, where what it kept still stands, and why it changed the rest', () => {
    const [support] = broker(
      [c1, p1],
      [
        assess(
          c1.urn,
          'C',
          agreedWith(
            proposalOf({
              provider: { urn: p1.urn, name: p1.name },
              kept: { provider: true, leader: false },
              changedBecause: ["Old Lead, last term's system leader, has no capacity left this term"],
            }),
          ),
        ),
        assess(p1.urn, 'A'),
      ],
    );
    expect(support).toMatchObject({
      kept: { provider: true, leader: false },
      changedBecause: ["Old Lead, last term's system leader, has no capacity left this term"],
      asAgreed: { provider: true, leader: false },
    });
    const [gone] = broker(
      [c1, p1],
      [
        assess(
          c1.urn,
          'C',
          agreedWith(proposalOf({ provider: { urn: p1.urn, name: p1.name }, kept: { provider: true, leader: false } })),
        ),
        assess(p1.urn, 'C'),
      ],
    );
    expect(gone!.kept).toBeUndefined();
    expect(gone!.asAgreed).toBeUndefined();
  });

  it('keeps nothing of last term for a school with an agreed proposal', () => {
    // c1's agreed proposal names p2; last term it had p1. p1's one place must go to c2, whose last term it was too.
    const result = broker(
      [c1, c2, p1, p2],
      [
        assess(c1.urn, 'C', agreedWith(proposalOf({ provider: { urn: p2.urn, name: p2.name } }))),
        assess(c2.urn, 'C'),
        assess(p1.urn, 'A'),
        assess(p2.urn, 'A'),
      ],
      [],
      [
        lastTerm(c1.urn, { provider: { urn: p1.urn, name: p1.name, matchedWithin: 'consortium' } }),
        lastTerm(c2.urn, { provider: { urn: p1.urn, name: p1.name, matchedWithin: 'consortium' } }),
      ],
    );
    expect(result.map((s) => [s.urn, s.provider?.urn])).toEqual([
      [c1.urn, p2.urn],
      [c2.urn, p1.urn],
    ]);
    expect(result[0]!.changedBecause).toBeUndefined();
    expect(result[1]!.changedAfterAgreed).toBeUndefined();
  });

  it("names last term's support school as the register does now", () => {
    const renamed = north(p1.urn, { name: 'Beta Academy' });
    const [support] = broker(
      [c1, renamed],
      [assess(c1.urn, 'C'), assess(p1.urn, 'C')],
      [],
      [lastTerm(c1.urn, { provider: { urn: p1.urn, name: 'Beta Primary School', matchedWithin: 'consortium' } })],
    );
    expect(support!.changedBecause).toEqual(["Beta Academy, last term's support school, is now in category C"]);
  });
});

describe('an academy with no leader', () => {
  const academy = north(c1.urn, { isAcademy: true });
  it('is told an LIO has places but LIOs are not sent to academies, only where an LIO of its phase has a place', () => {
    const unmetWith = (leaders: ReturnType<typeof leader>[]) =>
      broker([academy], [assess(c1.urn, 'C')], leaders)[0]!.unmet.at(-1);
    expect(unmetWith([leader({ id: 'lio', designation: 'LIO' })])).toBe(
      'no system leader for the primary phase has capacity this term (an LIO has capacity, but LIOs are not deployed to academies)',
    );
    expect(unmetWith([leader({ id: 'lio', designation: 'LIO', phases: ['secondary'] })])).toBe(
      'no system leader for the primary phase has capacity this term',
    );
    expect(unmetWith([leader({ id: 'lio', designation: 'LIO', capacity: 0 })])).toBe(
      'no system leader for the primary phase has capacity this term',
    );
    expect(unmetWith([leader({ id: 'lle', designation: 'LLE', capacity: 0 })])).toBe(
      'no system leader for the primary phase has capacity this term',
    );
  });
});

describe("the proposal on the AAG's sheet", () => {
  it('is the support brokered, with what it kept and why it changed, and nothing it has not', () => {
    const result = broker(
      [c1, c2, p1],
      [assess(c1.urn, 'C'), assess(c2.urn, 'C'), assess(p1.urn, 'A')],
      [leader({ id: 'nle', name: 'Nia Lead', capacity: 1 })],
      [lastTerm(c1.urn, { leader: { id: 'gone', name: 'Gone Lead', designation: 'LLE' } })],
    );
    const proposals = proposedSupportOf(result);
    expect(proposals.get(c1.urn)).toEqual({
      provider: { urn: p1.urn, name: p1.name, matchedWithin: 'consortium' },
      leader: { id: 'nle', name: 'Nia Lead', designation: 'LLE' },
      visitsThisTerm: 1,
      unmet: [],
      changedBecause: ["Gone Lead, last term's system leader, is not on this term's system leaders sheet"],
    });
    expect(proposals.get(c2.urn)).toEqual({
      visitsThisTerm: 1,
      unmet: [
        'no primary school in a category that supports others has capacity to provide school-to-school support',
        'no system leader or LIO for the primary phase has capacity this term',
      ],
    });
    const kept = proposedSupportOf([
      lastTerm(c1.urn, { kept: { provider: true, leader: false }, leader: { id: 'x', name: 'X', designation: 'SLE' } }),
    ]);
    expect(kept.get(c1.urn)).toEqual({
      leader: { id: 'x', name: 'X', designation: 'SLE' },
      visitsThisTerm: 1,
      unmet: [],
      kept: { provider: true, leader: false },
    });
  });
});
