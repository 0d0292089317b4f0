import { describe, expect, it } from 'vitest';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import { openTaskGroups } from '../../functions/core/support/task-groups';
import { leader, school } from '../builders';

const support = (urn: string, category: 'C' | 'D', leaderId?: string): BrokeredSupport => ({
  term: '2027-spring',
  urn,
  district: 'Ashdown',
  category,
  brokered: true,
  leader: leaderId ? { id: leaderId, name: leaderId, designation: 'NLE' } : undefined,
  visitsThisTerm: category === 'D' ? 2 : 1,
  needsAnalysisMeeting: category === 'D',
  unmet: [],
});

describe('task groups', () => {
  const schools = [school({ urn: '100001' }), school({ urn: '100002' })];
  const leaders = [
    leader({ id: 'nle', designation: 'NLE', capacity: 1 }),
    leader({ id: 'lle', designation: 'LLE', capacity: 1 }),
    leader({ id: 'lio', designation: 'LIO', capacity: 9 }),
  ];

  it('opens one group per supported school, chaired by a system leader (never an LIO)', () => {
    const groups = openTaskGroups({
      term: '2027-spring',
      schools,
      support: [support('100001', 'C'), support('100002', 'D')],
      systemLeaders: leaders,
      reports: [],
      existingGroups: new Set(),
      previousChairs: new Map(),
    });
    expect(groups.map((g) => [g.urn, g.status, g.chair?.designation])).toEqual([
      ['100001', 'opened', 'LLE'],
      ['100002', 'opened', 'NLE'],
    ]);
  });

  it("keeps last term's chair and carries the last report", () => {
    const groups = openTaskGroups({
      term: '2027-spring',
      schools,
      support: [support('100001', 'C')],
      systemLeaders: leaders,
      reports: [
        { urn: '100001', term: '2026-summer', impact: 'insufficient', summary: 'old' },
        { urn: '100001', term: '2026-autumn', impact: 'adequate', summary: 'on track' },
      ],
      existingGroups: new Set(['100001']),
      previousChairs: new Map([['100001', 'nle']]),
    });
    expect(groups[0]).toMatchObject({
      status: 'continued',
      chair: { id: 'nle' },
      lastReport: { term: '2026-autumn', impact: 'adequate' },
    });
  });

  it('says when no system leader can chair', () => {
    const groups = openTaskGroups({
      term: '2027-spring',
      schools,
      support: [support('100001', 'C')],
      systemLeaders: [leader({ id: 'lio', designation: 'LIO' })],
      reports: [],
      existingGroups: new Set(),
      previousChairs: new Map(),
    });
    expect(groups[0]).toMatchObject({ needsChair: true, chair: undefined });
  });
});

describe('who chairs a task group', () => {
  const open = (over: Partial<Parameters<typeof openTaskGroups>[0]>) =>
    openTaskGroups({
      term: '2027-spring',
      schools: [school({ urn: '100001' }), school({ urn: '100002' })],
      support: [support('100001', 'C')],
      systemLeaders: [],
      reports: [],
      existingGroups: new Set(),
      previousChairs: new Map(),
      ...over,
    });
  const chairs = (groups: ReturnType<typeof openTaskGroups>) => groups.map((g) => [g.urn, g.chair?.id ?? 'none']);

  it('takes the first in id order among chairs equally loaded, whatever the order they are listed in', () => {
    const systemLeaders = [leader({ id: 'sle-b', designation: 'SLE' }), leader({ id: 'nle-a', designation: 'NLE' })];
    expect(chairs(open({ systemLeaders }))).toEqual([['100001', 'nle-a']]);
    expect(chairs(open({ systemLeaders: [...systemLeaders].reverse() }))).toEqual([['100001', 'nle-a']]);
  });

  it("takes a chair of the school's phase (an all-through leader or one of several phases), not one of another", () => {
    const secondary = school({ urn: '100003', phase: 'secondary' });
    const systemLeaders = [
      leader({ id: 'a-primary', phases: ['primary'] }),
      leader({ id: 'b-both', phases: ['secondary', 'primary'] }),
    ];
    const groups = open({
      schools: [school({ urn: '100001' }), secondary],
      support: [support('100001', 'C'), support('100003', 'C')],
      systemLeaders,
    });
    expect(chairs(groups)).toEqual([
      ['100001', 'a-primary'],
      ['100003', 'b-both'],
    ]);
    expect(chairs(open({ systemLeaders: [leader({ id: 'secondary', phases: ['secondary'] })] }))).toEqual([
      ['100001', 'none'],
    ]);
    expect(chairs(open({ systemLeaders: [leader({ id: 'through', phases: ['all-through'] })] }))).toEqual([
      ['100001', 'through'],
    ]);
  });

  it('opens no group where the support was not brokered, or for a school not in the cycle', () => {
    const unbrokered = { ...support('100001', 'C'), brokered: false };
    expect(open({ support: [unbrokered, support('100099', 'D')], systemLeaders: [leader({ id: 'lle' })] })).toEqual([]);
  });

  it("never gives the chair to a leader from the school itself, even last term's chair or the leader deployed there", () => {
    const own = leader({ id: 'a-own', homeSchoolUrn: '100001', designation: 'NLE' });
    const other = leader({ id: 'b-other' });
    const groups = open({
      support: [support('100001', 'C', 'a-own')],
      systemLeaders: [own, other],
      previousChairs: new Map([['100001', 'a-own']]),
    });
    expect(chairs(groups)).toEqual([['100001', 'b-other']]);
  });

  it("takes the leader deployed to the school before the least loaded, and last term's chair before both", () => {
    const systemLeaders = [leader({ id: 'a' }), leader({ id: 'b', designation: 'NLE' }), leader({ id: 'c' })];
    expect(chairs(open({ support: [support('100001', 'C', 'b')], systemLeaders }))).toEqual([['100001', 'b']]);
    expect(
      chairs(
        open({
          support: [support('100001', 'C', 'b')],
          systemLeaders,
          previousChairs: new Map([['100001', 'c']]),
        }),
      ),
    ).toEqual([['100001', 'c']]);
  });

  it('gives each chair no more groups than their capacity, the least loaded first, and says when none is left', () => {
    const three = [school({ urn: '100001' }), school({ urn: '100002' }), school({ urn: '100003' })];
    const threeSupported = [support('100001', 'C'), support('100002', 'C'), support('100003', 'C')];
    const groups = open({
      schools: three,
      support: threeSupported,
      systemLeaders: [leader({ id: 'a', capacity: 2 }), leader({ id: 'b', capacity: 1 })],
    });
    expect(chairs(groups)).toEqual([
      ['100001', 'a'],
      ['100002', 'b'],
      ['100003', 'a'],
    ]);
    const short = open({ schools: three, support: threeSupported, systemLeaders: [leader({ id: 'a', capacity: 1 })] });
    expect(short.map((g) => [g.urn, g.chair?.id ?? 'none', g.needsChair])).toEqual([
      ['100001', 'a', false],
      ['100002', 'none', true],
      ['100003', 'none', true],
    ]);
    expect(chairs(open({ systemLeaders: [leader({ id: 'a', capacity: 0 })] }))).toEqual([['100001', 'none']]);
  });

  it("carries the school's response to the last report where it gave one, and the provider brokered", () => {
    const groups = open({
      support: [{ ...support('100001', 'C'), provider: { urn: '100555', name: 'Provider School' } } as BrokeredSupport],
      reports: [
        { urn: '100001', term: '2026-autumn', impact: 'strong', summary: 'Moving', schoolResponse: 'We agree' },
        { urn: '100002', term: '2026-autumn', impact: 'insufficient', summary: 'Not theirs' },
      ],
    });
    expect(groups[0]).toMatchObject({
      providerUrn: '100555',
      lastReport: { term: '2026-autumn', impact: 'strong', summary: 'Moving', schoolResponse: 'We agree' },
    });
    const without = open({ reports: [{ urn: '100001', term: '2026-autumn', impact: 'strong', summary: 'Moving' }] });
    expect(without[0]?.lastReport).toEqual({ term: '2026-autumn', impact: 'strong', summary: 'Moving' });
  });
});
