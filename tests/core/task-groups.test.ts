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
