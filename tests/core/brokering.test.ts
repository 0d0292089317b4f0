import { describe, expect, it } from 'vitest';
import { type BrokeredSupport, brokerSupport } from '../../functions/core/support/brokering';
import type { Assessment, Category, School, SystemLeader } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, leader, school } from '../builders';

// A school in A has inspection evidence of good or better unless the test says otherwise.
const assess = (
  urn: string,
  category: Category,
  reasons: Assessment['reasons'] = category === 'A'
    ? [
        {
          category: 'A',
          rule: 'ofsted-good-or-outstanding',
          text: 'Ofsted judged the school good or outstanding',
          evidence: 'x',
        },
      ]
    : [],
): Assessment => ({
  term: '2026-autumn',
  urn,
  category,
  reasons,
  changed: false,
  methodologyId: 'test',
});

function broker(schools: School[], categories: Record<string, Category>, systemLeaders: SystemLeader[] = []) {
  return brokerSupport({
    term: '2026-autumn',
    schools,
    assessments: Object.entries(categories).map(([urn, c]) => assess(urn, c)),
    systemLeaders,
    methodology: DEFAULT_METHODOLOGY,
  });
}

describe('AAG brokering', () => {
  const needy = school({ urn: '100001', consortium: 'North', district: 'Ashdown' });
  const sameConsortium = school({ urn: '100002', consortium: 'North', district: 'Ashdown' });
  const sameDistrict = school({ urn: '100003', consortium: 'South', district: 'Ashdown' });
  const elsewhere = school({ urn: '100004', consortium: 'East', district: 'Riverton' });

  it('looks in the same consortium first', () => {
    const [support] = broker([needy, elsewhere, sameDistrict, sameConsortium], {
      100001: 'C',
      100002: 'A',
      100003: 'A',
      100004: 'A',
    });
    expect(support?.provider).toEqual({ urn: '100002', name: sameConsortium.name, matchedWithin: 'consortium' });
  });

  it('then the district, then the county', () => {
    expect(
      broker([needy, sameDistrict, elsewhere], { 100001: 'C', 100003: 'A', 100004: 'A' })[0]?.provider?.matchedWithin,
    ).toBe('district');
    expect(broker([needy, elsewhere], { 100001: 'C', 100004: 'A' })[0]?.provider?.matchedWithin).toBe('county');
  });

  it('only category A schools of the same phase provide support', () => {
    const secondary = school({ urn: '100005', phase: 'secondary', consortium: 'North' });
    const result = broker([needy, sameConsortium, secondary], { 100001: 'D', 100002: 'B', 100005: 'A' });
    expect(result[0]?.provider).toBeUndefined();
    expect(result[0]?.unmet).toContain(
      'no primary school in a category that supports others has capacity to provide school-to-school support',
    );
  });

  it('allocates visits by need: C one a term, D one each half term, and a needs-analysis meeting for D', () => {
    const other = school({ urn: '100006' });
    const result = broker([needy, other, sameConsortium, sameDistrict], {
      100001: 'C',
      100006: 'D',
      100002: 'A',
      100003: 'A',
    });
    expect(result.map((s) => [s.urn, s.category, s.visitsThisTerm, s.needsAnalysisMeeting])).toEqual([
      ['100006', 'D', 2, true],
      ['100001', 'C', 1, false],
    ]);
  });

  it('serves D schools first when providers are scarce, and asks each provider for one school', () => {
    const c = school({ urn: '100007', consortium: 'North' });
    const result = broker([needy, c, sameConsortium], { 100001: 'C', 100007: 'D', 100002: 'A' });
    expect(result.find((s) => s.urn === '100007')?.provider?.urn).toBe('100002');
    expect(result.find((s) => s.urn === '100001')?.provider).toBeUndefined();
  });

  it('deploys a system leader of the phase with capacity, local first, never one from a school that needs support', () => {
    const leaders = [
      leader({ id: 'lle-away', homeSchoolUrn: '100004', designation: 'LLE' }),
      leader({ id: 'nle-local', homeSchoolUrn: '100003', designation: 'NLE' }),
      leader({ id: 'lle-struggling', homeSchoolUrn: '100008', designation: 'NLE' }),
    ];
    const struggling = school({ urn: '100008' });
    const result = broker(
      [needy, sameDistrict, elsewhere, struggling],
      { 100001: 'C', 100003: 'A', 100004: 'A', 100008: 'D' },
      leaders,
    );
    expect(result.find((s) => s.urn === '100001')?.leader?.id).toBe('nle-local');
    expect(result.map((s) => s.leader?.id)).not.toContain('lle-struggling');
  });

  it('does not deploy an LIO to an academy', () => {
    const academy = school({ urn: '100009', isAcademy: true });
    const result = broker([academy], { 100009: 'C' }, [leader({ id: 'lio', designation: 'LIO' })]);
    expect(result[0]?.leader).toBeUndefined();
  });

  it("respects a leader's capacity", () => {
    const schools = ['100011', '100012', '100013'].map((urn) => school({ urn }));
    const result = broker(schools, { 100011: 'C', 100012: 'C', 100013: 'C' }, [leader({ id: 'one', capacity: 2 })]);
    expect(result.filter((s) => s.leader).length).toBe(2);
  });
});

describe('brokering as providers and leaders fill up', () => {
  it("passes over those with no capacity left, and still finds one of the school's phase further on, in order", () => {
    // Four primary D schools in Riverton, then a secondary one; providers: three primary, one secondary, one
    // all-through.
    const needing = ['300001', '300002', '300003', '300004'].map((urn) =>
      school({ urn, district: 'Riverton', consortium: 'West' }),
    );
    const secondaryNeeding = school({ urn: '300005', phase: 'secondary', district: 'Riverton', consortium: 'West' });
    const providers = [
      school({ urn: '310001', district: 'Ashdown', consortium: 'North' }),
      school({ urn: '310002', phase: 'secondary', district: 'Ashdown', consortium: 'North' }),
      school({ urn: '310003', district: 'Riverton', consortium: 'East' }),
      school({ urn: '310004', phase: 'all-through', district: 'Ashdown', consortium: 'North' }),
      school({ urn: '310005', district: 'Ashdown', consortium: 'North' }),
    ];
    // Leaders: a local SLE (the district's first choice) for one school, an NLE and an LLE from elsewhere.
    const leaders = [
      leader({ id: 'a-nle', designation: 'NLE', homeSchoolUrn: '310001', capacity: 1 }),
      leader({ id: 'b-sle', designation: 'SLE', homeSchoolUrn: '310003', capacity: 1 }),
      leader({ id: 'c-lle', designation: 'LLE', homeSchoolUrn: '310005', capacity: 1 }),
      leader({ id: 'd-lle', designation: 'LLE', homeSchoolUrn: '310002', phases: ['secondary'], capacity: 1 }),
    ];
    const categories = {
      300001: 'D',
      300002: 'D',
      300003: 'D',
      300004: 'D',
      300005: 'D',
      310001: 'A',
      310002: 'A',
      310003: 'A',
      310004: 'A',
      310005: 'A',
    } as const;
    const result = broker([...needing, secondaryNeeding, ...providers], categories, leaders);
    const got = (urn: string) => result.find((s) => s.urn === urn)!;
    // In URN order: the district's provider first, then the county's in URN order, one school each.
    expect(
      ['300001', '300002', '300003', '300004'].map((urn) => [got(urn).provider?.urn, got(urn).provider?.matchedWithin]),
    ).toEqual([
      ['310003', 'district'],
      ['310001', 'county'],
      ['310004', 'county'],
      ['310005', 'county'],
    ]);
    // The secondary school: the primary providers were never its phase; the all-through one is taken, the secondary is
    // not.
    expect(got('300005').provider?.urn).toBe('310002');
    // Leaders: the local SLE, then from elsewhere the NLE before the LLE; then none of the phase left.
    expect(['300001', '300002', '300003', '300004'].map((urn) => got(urn).leader?.id)).toEqual([
      'b-sle',
      'a-nle',
      'c-lle',
      undefined,
    ]);
    expect(got('300004').unmet).toContain('no system leader or LIO for the primary phase has capacity this term');
    expect(got('300005').leader?.id).toBe('d-lle');
  });

  it('comes back, for a later school, to a leader one school could not have', () => {
    // Two LIOs: the first school takes the first; the academy can have neither; the third school has the second.
    const [first, academy, third] = [
      school({ urn: '320001' }),
      school({ urn: '320002', isAcademy: true }),
      school({ urn: '320003' }),
    ];
    const lios = [
      leader({ id: 'lio-1', designation: 'LIO', capacity: 1 }),
      leader({ id: 'lio-2', designation: 'LIO', capacity: 1 }),
    ];
    const result = broker([first, academy, third], { 320001: 'C', 320002: 'C', 320003: 'C' }, lios);
    expect(result.map((s) => [s.urn, s.leader?.id])).toEqual([
      ['320001', 'lio-1'],
      ['320002', undefined],
      ['320003', 'lio-2'],
    ]);
    // The academy's need says why the LIOs' free place was no use to it, not that no one had capacity.
    expect(result[1]?.unmet).toContain(
      'no system leader for the primary phase has capacity this term (an LIO has capacity, but LIOs are not deployed to academies)',
    );
  });
});

describe("the AAG's own choice of support", () => {
  const needy = school({ urn: '200001', consortium: 'North' });
  const nearby = school({ urn: '200002', consortium: 'North' });
  const chosen = school({ urn: '200003', consortium: 'South' });
  const choose =
    (choice: Assessment['supportChoice']) =>
    (urn: string, category: Category): Assessment => ({
      ...assess(urn, category),
      ...(urn === '200001' ? { supportChoice: choice } : {}),
    });
  function brokerWith(
    choice: Assessment['supportChoice'],
    schools: School[],
    categories: Record<string, Category>,
    leaders: SystemLeader[] = [],
  ) {
    return brokerSupport({
      term: '2026-autumn',
      schools,
      assessments: Object.entries(categories).map(([urn, c]) => choose(choice)(urn, c)),
      systemLeaders: leaders,
      methodology: DEFAULT_METHODOLOGY,
    });
  }

  it("stands in place of the brokering's, and says the AAG chose it, with its rationale", () => {
    const leaders = [leader({ id: 'near' }), leader({ id: 'picked', designation: 'NLE' })];
    const result = brokerWith(
      { providerUrn: '200003', leaderId: 'picked', rationale: 'led a similar recovery', by: 'Ashdown AAG' },
      [needy, nearby, chosen],
      { 200001: 'C', 200002: 'A', 200003: 'A' },
      leaders,
    );
    expect(result[0]?.provider).toEqual({ urn: '200003', name: chosen.name, matchedWithin: 'district' });
    expect(result[0]?.leader?.id).toBe('picked');
    expect(result[0]?.chosenByAag).toEqual({
      provider: true,
      leader: true,
      by: 'Ashdown AAG',
      rationale: 'led a similar recovery',
    });
    expect(result[0]?.choiceRefused).toBeUndefined();
  });

  it('is given its capacity before a school in greater need is brokered', () => {
    const worse = school({ urn: '200009', consortium: 'South' });
    // 200009 is in D and brokered first; without the reservation it would take 200003, the school the AAG chose for
    // 200001.
    const result = brokerWith(
      { providerUrn: '200003', by: 'Ashdown AAG', rationale: 'why' },
      [needy, chosen, worse, nearby],
      { 200001: 'C', 200009: 'D', 200003: 'A', 200002: 'A' },
    );
    expect(result.find((s) => s.urn === '200001')?.provider?.urn).toBe('200003');
    expect(result.find((s) => s.urn === '200009')?.provider?.urn).toBe('200002');
  });

  it('is refused, with the reason, when the school chosen does not provide support; the brokering chooses instead', () => {
    const result = brokerWith({ providerUrn: '200003', by: 'Ashdown AAG' }, [needy, nearby, chosen], {
      200001: 'C',
      200002: 'A',
      200003: 'C',
    });
    const own = result.find((s) => s.urn === '200001');
    expect(own?.provider?.urn).toBe('200002');
    expect(own?.chosenByAag).toBeUndefined();
    expect(own?.choiceRefused).toEqual([
      `support school ${chosen.name} (URN 200003) is in category C, which does not provide support`,
    ]);
  });

  it('refuses an unknown school or leader, and an LIO for an academy', () => {
    const academy = school({ urn: '200001', isAcademy: true, consortium: 'North' });
    const result = brokerWith(
      { providerUrn: '999999', leaderId: 'lio-1', by: 'Ashdown AAG' },
      [academy, nearby],
      { 200001: 'C', 200002: 'A' },
      [leader({ id: 'lio-1', name: 'Pat Lee', designation: 'LIO' })],
    );
    expect(result[0]?.choiceRefused).toEqual([
      'support school URN 999999 is not a school in the cycle this term',
      'system leader Pat Lee (lio-1) is an LIO, who is not deployed to an academy',
    ]);
    expect(result[0]?.provider?.urn).toBe('200002');
    expect(result[0]?.leader).toBeUndefined();
  });
});

describe('support from schools inspected good or better', () => {
  it('never brokers a school in A by default, uninspected, as a support school; nor accepts the AAG choosing one', () => {
    const needy = school({ urn: '300001' });
    const freeSchool = school({ urn: '300002', name: 'Riverton Park Free School' });
    const uninspected = (urn: string, category: Category) =>
      assess(
        urn,
        category,
        urn === '300002'
          ? [
              {
                category: 'A',
                rule: 'no-inspection-yet',
                text: 'The school has not been inspected yet',
                evidence: 'no Ofsted inspection on record',
              },
            ]
          : undefined,
      );
    const run = (choice?: Assessment['supportChoice']) =>
      brokerSupport({
        term: '2026-autumn',
        schools: [needy, freeSchool],
        assessments: [
          { ...uninspected('300001', 'C'), ...(choice ? { supportChoice: choice } : {}) },
          uninspected('300002', 'A'),
        ],
        systemLeaders: [],
        methodology: DEFAULT_METHODOLOGY,
      });
    expect(run()[0]?.provider).toBeUndefined();
    expect(run({ providerUrn: '300002', by: 'Ashdown AAG', rationale: 'near' })[0]?.choiceRefused).toEqual([
      'support school Riverton Park Free School (URN 300002) has no inspection evidence of good or better',
    ]);
  });
});

describe('partnerships that last', () => {
  const needy = school({ urn: '400001', consortium: 'North' });
  const first = school({ urn: '400002', consortium: 'North', name: 'Barford Primary School' });
  const second = school({ urn: '400003', consortium: 'North' });
  const lastTerm = (provider: School, leaderId: string): BrokeredSupport => ({
    term: '2026-summer',
    urn: '400001',
    district: 'Ashdown',
    category: 'C',
    brokered: true,
    provider: { urn: provider.urn, name: provider.name, matchedWithin: 'consortium' },
    leader: { id: leaderId, name: `Leader ${leaderId}`, designation: 'LLE' },
    visitsThisTerm: 1,
    needsAnalysisMeeting: false,
    unmet: [],
  });
  const run = (
    categories: Record<string, Category>,
    leaders: SystemLeader[],
    previous: BrokeredSupport[],
    schools = [needy, first, second],
  ) =>
    brokerSupport({
      term: '2026-autumn',
      schools,
      assessments: Object.entries(categories).map(([urn, c]) => assess(urn, c)),
      systemLeaders: leaders,
      methodology: DEFAULT_METHODOLOGY,
      previous,
    });

  it("keeps last term's support school and system leader, though the brokering would now choose others", () => {
    // Without last term, 400002 (the lower URN) and the NLE would be chosen; last term had 400003 and the LLE.
    const leaders = [leader({ id: 'nle', designation: 'NLE' }), leader({ id: 'lle' })];
    const [support] = run({ 400001: 'C', 400002: 'A', 400003: 'A' }, leaders, [lastTerm(second, 'lle')]);
    expect([support?.provider?.urn, support?.leader?.id, support?.kept, support?.changedBecause]).toEqual([
      '400003',
      'lle',
      { provider: true, leader: true },
      undefined,
    ]);
    const [fresh] = run({ 400001: 'C', 400002: 'A', 400003: 'A' }, leaders, []);
    expect([fresh?.provider?.urn, fresh?.leader?.id, fresh?.kept]).toEqual(['400002', 'nle', undefined]);
  });

  it('keeps a leader whose id an earlier version recorded with a curly apostrophe or an accent, now that ids are plain', () => {
    const [support] = run(
      { 400001: 'C', 400002: 'A', 400003: 'A' },
      [leader({ id: 'nle:amy-fox:la', designation: 'NLE' }), leader({ id: 'lle:ben-obrien:400003' })],
      [lastTerm(second, 'lle:ben-o\u2019brien:400003')],
    );
    expect([support?.leader?.id, support?.kept, support?.changedBecause]).toEqual([
      'lle:ben-obrien:400003',
      { provider: true, leader: true },
      undefined,
    ]);
  });

  it('changes a support school no longer in a category that supports, or a leader gone or without capacity, and says why', () => {
    const [support] = run(
      { 400001: 'C', 400002: 'C', 400003: 'A' },
      [leader({ id: 'other' })],
      [lastTerm(first, 'gone')],
    );
    expect(support?.provider?.urn).toBe('400003');
    expect(support?.leader?.id).toBe('other');
    expect(support?.kept).toBeUndefined();
    expect(support?.changedBecause).toEqual([
      "Barford Primary School, last term's support school, is now in category C",
      "Leader gone, last term's system leader, is not on this term's system leaders sheet",
    ]);
  });

  it("keeps a partnership before a school in greater need is brokered, within the provider's capacity", () => {
    const worse = school({ urn: '400009', consortium: 'North' });
    const result = run({ 400001: 'C', 400009: 'D', 400002: 'A' }, [], [lastTerm(first, 'x')], [needy, first, worse]);
    expect(result.find((s) => s.urn === '400001')?.provider?.urn).toBe('400002');
    expect(result.find((s) => s.urn === '400009')?.provider).toBeUndefined();
  });
});

describe('what brokered support is agreed as', () => {
  it('records the days a term for its category, how it is funded and what it costs, where a support school was found', () => {
    const needy = school({ urn: '500001' });
    const worse = school({ urn: '500002' });
    const provider = school({ urn: '500003' });
    const terms = { daysPerTerm: { C: 6, D: 12 }, dayRate: 450, fundedBy: 'the brokering grant' };
    const result = brokerSupport({
      term: '2026-autumn',
      schools: [needy, worse, provider],
      assessments: [assess('500001', 'C'), assess('500002', 'D'), assess('500003', 'A')],
      systemLeaders: [],
      methodology: DEFAULT_METHODOLOGY,
      terms,
    });
    // The D school is brokered first and takes the one provider; the C school has none, so nothing is agreed for it.
    expect(result.map((s) => [s.urn, s.agreed])).toEqual([
      ['500002', { days: 12, fundedBy: 'the brokering grant', cost: 5400 }],
      ['500001', undefined],
    ]);
  });

  it('uses the days and funding the AAG agreed on its sheet, and says so', () => {
    const terms = { daysPerTerm: { C: 6, D: 12 }, dayRate: 450, fundedBy: 'the brokering grant' };
    const chosen = {
      ...assess('500002', 'D'),
      supportChoice: { days: 15, fundedBy: "the school's own budget", by: 'Ashdown AAG' },
    };
    const result = brokerSupport({
      term: '2026-autumn',
      schools: [school({ urn: '500002' }), school({ urn: '500003' })],
      assessments: [chosen, assess('500003', 'A')],
      systemLeaders: [],
      methodology: DEFAULT_METHODOLOGY,
      terms,
    });
    expect(result[0]!.agreed).toEqual({ days: 15, fundedBy: "the school's own budget", cost: 6750, byAag: true });
  });
});

describe('support the AAG agreed on its sheet', () => {
  const agreedSchool = school({
    urn: '600005',
    consortium: 'North',
    district: 'Ashdown',
    name: 'Agreed Primary School',
  });
  const overridden = school({
    urn: '600001',
    consortium: 'North',
    district: 'Ashdown',
    name: 'Overridden Primary School',
  });
  const provider = school({ urn: '600009', consortium: 'North', district: 'Ashdown', name: 'Provider Primary School' });
  const other = school({ urn: '600010', consortium: 'South', district: 'Ashdown', name: 'Other Primary School' });
  const proposal = {
    provider: { urn: '600009', name: 'Provider Primary School', matchedWithin: 'consortium' as const },
    leader: { id: 'lle', name: 'Lee Leader', designation: 'LLE' as const },
    visitsThisTerm: 1,
    unmet: [],
  };
  const agreed = (moderation: Assessment['moderation'] = { decision: 'agree', by: 'Ashdown AAG' }): Assessment => ({
    ...assess('600005', 'C'),
    proposedCategory: 'C',
    proposedSupport: proposal,
    moderation,
  });
  const run = (
    assessments: Assessment[],
    leaders = [
      leader({ id: 'lle', name: 'Lee Leader', capacity: 1 }),
      leader({ id: 'lio', designation: 'LIO', capacity: 3 }),
    ],
  ) =>
    brokerSupport({
      term: '2026-autumn',
      schools: [overridden, agreedSchool, provider, other],
      assessments: [...assessments, assess('600009', 'A'), assess('600010', 'A')],
      systemLeaders: leaders,
      methodology: DEFAULT_METHODOLOGY,
    });

  it('stands, though a school the AAG overrode into greater need would now be brokered first', () => {
    // The AAG overrode 600001 from A to D: brokered from scratch, by need first, it would take the agreed school's
    // support.
    const result = run([
      agreed(),
      {
        ...assess('600001', 'D'),
        proposedCategory: 'A',
        moderation: { decision: 'override', by: 'Ashdown AAG', rationale: 'r' },
      },
    ]);
    const got = (urn: string) => result.find((s) => s.urn === urn)!;
    expect([
      got('600005').provider?.urn,
      got('600005').leader?.id,
      got('600005').asAgreed,
      got('600005').changedAfterAgreed,
    ]).toEqual(['600009', 'lle', { provider: true, leader: true }, undefined]);
    expect(got('600001').provider?.urn).toBe('600010');
    // A proposal that stood at the AAG's deadline stands likewise.
    expect(run([agreed({ decision: 'undecided', by: 'x' })]).find((s) => s.urn === '600005')?.asAgreed).toEqual({
      provider: true,
      leader: true,
    });
  });

  it("is changed only where it cannot stand, and then says what changed and why: another AAG's own choice took its place", () => {
    const chooser: Assessment = {
      ...assess('600001', 'C'),
      proposedCategory: 'C',
      moderation: { decision: 'agree', by: 'Ashdown AAG' },
      supportChoice: { providerUrn: '600009', rationale: 'knows the school', by: 'Ashdown AAG' },
    };
    const result = run([agreed(), chooser]);
    const changed = result.find((s) => s.urn === '600005')!;
    expect(changed.provider?.urn).toBe('600010');
    expect(changed.changedAfterAgreed).toEqual([
      'Provider Primary School, the support school as the AAG agreed it, has no capacity left this term (the Ashdown AAG chose it for Overridden Primary School)',
    ]);
    expect(changed.asAgreed).toEqual({ provider: false, leader: true });
  });

  it('says when what it agreed could not be found at the time was found after its decision', () => {
    const unmet = {
      ...agreed(),
      proposedSupport: {
        ...proposal,
        provider: undefined,
        unmet: [
          'no primary school in a category that supports others has capacity to provide school-to-school support',
        ],
      },
    };
    expect(run([unmet]).find((s) => s.urn === '600005')?.changedAfterAgreed).toEqual([
      "a support school, Provider Primary School, was found after the AAG's decision: none had a place when the support was proposed",
    ]);
  });
});
