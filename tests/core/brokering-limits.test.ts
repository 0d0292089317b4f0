/**
 * The brokering at its limits: a matched school is no unmet need; a support school or leader kept from last term, or
 * chosen by an AAG, takes a place, and one with none left is said to have none ("has no capacity left this term")
 * rather than given twice; an all-through school is paired with a primary or secondary one; a leader is never
 * deployed to the school they lead, and an AAG's choice of them is refused saying so.
 */
import { describe, expect, it } from 'vitest';
import { phasesMatch } from '../../functions/core/support/brokering';
import type { School, SupportChoice } from '../../functions/core/types';
import { brokerAutumn, brokeringAssessment, lastTermSupport, leader, school } from '../builders';

const assess = brokeringAssessment;
const broker = brokerAutumn;
const lastTerm = lastTermSupport;

const [c1, c2, provider, other] = ['100001', '100002', '100010', '100011'].map((urn) =>
  school({ urn, consortium: 'North', district: 'Ashdown' }),
) as [School, School, School, School];

describe('unmet needs', () => {
  it('lists none for a school given a support school and a leader', () => {
    const [support] = broker([c1, provider], [assess(c1.urn, 'C'), assess(provider.urn, 'A')], [leader({ id: 'nle' })]);
    expect(support).toMatchObject({ provider: { urn: provider.urn }, leader: { id: 'nle' }, unmet: [] });
  });

  it('lists the leader alone where only the support school was found', () => {
    const [support] = broker([c1, provider], [assess(c1.urn, 'C'), assess(provider.urn, 'A')]);
    expect(support!.unmet).toEqual(['no system leader or LIO for the primary phase has capacity this term']);
  });
});

describe('capacity', () => {
  it('gives a kept support school to the first school only, saying it has no capacity left for the second', () => {
    const result = broker(
      [c1, c2, provider, other],
      [assess(c1.urn, 'C'), assess(c2.urn, 'C'), assess(provider.urn, 'A'), assess(other.urn, 'A')],
      [],
      [
        lastTerm(c1.urn, { provider: { urn: provider.urn, name: provider.name, matchedWithin: 'consortium' } }),
        lastTerm(c2.urn, { provider: { urn: provider.urn, name: provider.name, matchedWithin: 'consortium' } }),
      ],
    );
    expect(result.map((s) => [s.urn, s.provider?.urn, s.kept?.provider ?? false])).toEqual([
      [c1.urn, provider.urn, true],
      [c2.urn, other.urn, false],
    ]);
    expect(result[1]!.changedBecause).toEqual([
      `${provider.name}, last term's support school, has no capacity left this term`,
    ]);
  });

  it("keeps last term's leader while they have places, and says when they have none", () => {
    const one = leader({ id: 'lle', name: 'Lena Lead', capacity: 1 });
    const result = broker(
      [c1, c2],
      [assess(c1.urn, 'C'), assess(c2.urn, 'C')],
      [one, leader({ id: 'sle', designation: 'SLE', capacity: 1 })],
      [
        lastTerm(c1.urn, { leader: { id: 'lle', name: 'Lena Lead', designation: 'LLE' } }),
        lastTerm(c2.urn, { leader: { id: 'lle', name: 'Lena Lead', designation: 'LLE' } }),
      ],
    );
    expect(result.map((s) => s.leader?.id)).toEqual(['lle', 'sle']);
    expect(result[1]!.changedBecause).toEqual(["Lena Lead, last term's system leader, has no capacity left this term"]);
  });

  it("uses up a leader's place with an AAG's choice, before anyone is brokered", () => {
    const one = leader({ id: 'lle', capacity: 1 });
    const choice: SupportChoice = { leaderId: 'lle', by: 'Ashdown AAG' };
    // The school that chose comes second by URN; without its choice taking the place first, the first would get it.
    const result = broker([c1, c2], [assess(c1.urn, 'C'), assess(c2.urn, 'C', { supportChoice: choice })], [one]);
    expect(result.map((s) => [s.urn, s.leader?.id])).toEqual([
      [c1.urn, undefined],
      [c2.urn, 'lle'],
    ]);
    expect(result[1]!.chosenByAag).toEqual({ provider: false, leader: true, by: 'Ashdown AAG' });
  });

  it("uses up a support school's place with an AAG's choice, and says whose choice took it", () => {
    const choice: SupportChoice = { providerUrn: provider.urn, by: 'Ashdown AAG' };
    const result = broker(
      [c1, c2, provider],
      [assess(c1.urn, 'C'), assess(c2.urn, 'C', { supportChoice: choice }), assess(provider.urn, 'A')],
    );
    expect(result.map((s) => s.provider?.urn)).toEqual([undefined, provider.urn]);
  });
});

describe('phases', () => {
  it('pairs an all-through school with primary and secondary, but not primary with secondary', () => {
    expect(phasesMatch('all-through', 'primary')).toBe(true);
    expect(phasesMatch('secondary', 'all-through')).toBe(true);
    expect(phasesMatch('primary', 'secondary')).toBe(false);
    expect(phasesMatch('nursery' as never, 'primary')).toBe(false);
    const allThrough = school({ urn: '100020', phase: 'all-through', consortium: 'North', district: 'Ashdown' });
    const [support] = broker(
      [allThrough, provider],
      [assess(allThrough.urn, 'C'), assess(provider.urn, 'A')],
      [leader({ id: 'sec', phases: ['secondary'] })],
    );
    expect(support).toMatchObject({ provider: { urn: provider.urn }, leader: { id: 'sec' }, unmet: [] });
  });
});

describe('a leader and their own school', () => {
  const own = leader({ id: 'nle', name: 'Nia Own', homeSchoolUrn: c1.urn });

  it('never deploys a leader to the school they lead', () => {
    const [support] = broker([c1], [assess(c1.urn, 'C')], [own]);
    expect(support!.leader).toBeUndefined();
  });

  it("refuses an AAG's choice of them, saying why", () => {
    const [support] = broker(
      [c1],
      [assess(c1.urn, 'C', { supportChoice: { leaderId: 'nle', by: 'Ashdown AAG' } })],
      [own],
    );
    expect(support!.choiceRefused).toEqual(['system leader Nia Own (nle) leads the school itself']);
  });

  it("refuses an AAG's choice of the school itself as its support school", () => {
    const [support] = broker(
      [c1, provider],
      [assess(c1.urn, 'C', { supportChoice: { providerUrn: c1.urn, by: 'Ashdown AAG' } }), assess(provider.urn, 'A')],
    );
    expect(support!.choiceRefused).toEqual([`support school URN ${c1.urn} is the school itself`]);
    expect(support!.provider?.urn).toBe(provider.urn);
  });
});
