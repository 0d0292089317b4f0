/**
 * What an AAG is shown of its district's proposals, field by field: in name order, its own schools only; the trust,
 * the previous category and whether the proposal changes it only where there is one; the support school and leader
 * proposed, or "none available: referred to the TSC board" only where the category needs them; the visits only where
 * there are any; and its sheet's rows as the CSV carries them. And when stored decisions still await the cycle.
 */
import { describe, expect, it } from 'vitest';
import { awaitsPassingOn, proposalLines, proposalsCsv } from '../../functions/core/assessment/moderation';
import type { Assessment, ProposedSupport } from '../../functions/core/types';
import { school } from '../builders';

const schools = [
  school({ urn: '100003', name: 'Cedar Academy', isAcademy: true, trustName: 'Northvale Trust' }),
  school({ urn: '100001', name: 'Alder Primary School' }),
  school({ urn: '100002', name: 'Beech Primary School' }),
  school({ urn: '100009', name: 'Aaron Elsewhere School', district: 'Barford' }),
];
const proposal = (urn: string, over: Partial<Assessment> = {}): Assessment => ({
  term: '2026-autumn',
  urn,
  category: 'C',
  reasons: [
    {
      category: 'C',
      rule: 'r1',
      text: 'Ofsted found an area that needs attention',
      evidence: 'Ofsted report card, 3 Feb 2026: achievement',
    },
    {
      category: 'C',
      rule: 'r1',
      text: 'Ofsted found an area that needs attention',
      evidence: 'Ofsted report card, 3 Feb 2026: inclusion',
    },
    { category: 'B', rule: 'r2', text: 'A new headteacher', evidence: 'intelligence' },
  ],
  changed: false,
  methodologyId: 'default-2026',
  ...over,
});
const brokered: ProposedSupport = {
  provider: { urn: '100020', name: 'Good Primary School' },
  leader: { id: 'nle:nia-lead:la', name: 'Nia Lead', designation: 'NLE' },
  visitsThisTerm: 1,
  unmet: [],
};
const nothingFound: ProposedSupport = {
  visitsThisTerm: 2,
  unmet: [
    'no primary school in a category that supports others has capacity to provide school-to-school support',
    'no system leader or LIO for the primary phase has capacity this term',
  ],
};
const proposals = [
  proposal('100003', { previousCategory: 'B', proposedSupport: brokered }),
  proposal('100002', { category: 'A', reasons: [], proposedSupport: { visitsThisTerm: 0, unmet: [] } }),
  proposal('100001', { previousCategory: 'C', proposedSupport: nothingFound, earlyWarning: undefined }),
  proposal('100009', { previousCategory: 'B' }),
];

describe("an AAG's proposals", () => {
  it('are its own schools in name order, each field only where there is something to say', () => {
    expect(proposalLines('Ashdown', proposals, schools)).toEqual([
      {
        urn: '100001',
        school: 'Alder Primary School',
        phase: 'primary',
        governance: 'maintained',
        previous: 'C',
        proposed: 'C',
        change: false,
        reasons: [
          {
            text: 'Ofsted found an area that needs attention',
            evidence: 'Ofsted report card, 3 Feb 2026: achievement; inclusion',
          },
        ],
        proposedSupportSchool: 'none available: referred to the TSC board',
        proposedLeader: 'none available: referred to the TSC board',
        visits: 2,
      },
      {
        urn: '100002',
        school: 'Beech Primary School',
        phase: 'primary',
        governance: 'maintained',
        proposed: 'A',
        change: false,
        reasons: [],
        proposedSupportSchool: '',
        proposedLeader: '',
      },
      {
        urn: '100003',
        school: 'Cedar Academy',
        phase: 'primary',
        governance: 'academy',
        trust: 'Northvale Trust',
        previous: 'B',
        proposed: 'C',
        change: true,
        reasons: [
          {
            text: 'Ofsted found an area that needs attention',
            evidence: 'Ofsted report card, 3 Feb 2026: achievement; inclusion',
          },
        ],
        proposedSupportSchool: 'Good Primary School (100020)',
        proposedLeader: 'Nia Lead, NLE (nle:nia-lead:la)',
        visits: 1,
      },
    ]);
  });

  it('say a support school is referred to the TSC board only where none was found for it', () => {
    const leaderOnly: ProposedSupport = {
      visitsThisTerm: 1,
      unmet: ['no system leader or LIO for the primary phase has capacity this term'],
    };
    const [line] = proposalLines('Ashdown', [proposal('100001', { proposedSupport: leaderOnly })], schools);
    expect(line).toMatchObject({
      proposedSupportSchool: '',
      proposedLeader: 'none available: referred to the TSC board',
    });
  });

  it('carry the AAG proposed category where it differs from the category', () => {
    const [line] = proposalLines(
      'Ashdown',
      [proposal('100001', { category: 'D', proposedCategory: 'C', previousCategory: 'D' })],
      schools,
    );
    expect(line).toMatchObject({ proposed: 'C', previous: 'D', change: true });
  });

  it('are the rows of its sheet, each marked agree to start with', () => {
    const csv = proposalsCsv('Ashdown', proposals, schools).split(/\r?\n/);
    expect(csv[0]).toMatch(/^AAG area,URN,School,Phase,Governance,/);
    expect(csv.slice(1).filter((l) => l !== '')).toHaveLength(3);
    expect(csv[1]).toContain(',100001,Alder Primary School,primary,maintained,,C,C,no,');
    expect(csv[1]).toContain(
      'Ofsted found an area that needs attention (Ofsted report card, 3 Feb 2026: achievement; inclusion)',
    );
    expect(csv[1]).toMatch(
      /none available: referred to the TSC board,none available: referred to the TSC board,2,.*agree/,
    );
    expect(csv[2]).toContain(',100002,Beech Primary School,primary,maintained,,,A,no,,,,,');
    expect(csv[3]).toContain(',100003,Cedar Academy,primary,academy,Northvale Trust,B,C,yes,');
    expect(csv[3]).toContain('Good Primary School (100020),"Nia Lead, NLE (nle:nia-lead:la)",1,');
  });
});

describe('decisions kept for the cycle', () => {
  it('await passing on until received, and again once offered after that', () => {
    const stored = (over: Record<string, string>) => ({ district: 'Ashdown', decisions: [], ...over }) as never;
    expect(awaitsPassingOn(stored({}))).toBe(true);
    expect(awaitsPassingOn(stored({ receivedAt: '2026-10-01T10:00:00Z' }))).toBe(false);
    expect(awaitsPassingOn(stored({ receivedAt: '2026-10-01T10:00:00Z', offeredAt: '2026-10-02T10:00:00Z' }))).toBe(
      true,
    );
    expect(awaitsPassingOn(stored({ receivedAt: '2026-10-01T10:00:00Z', offeredAt: '2026-10-01T10:00:00Z' }))).toBe(
      false,
    );
    expect(awaitsPassingOn(stored({ receivedAt: '2026-10-01T10:00:00Z', offeredAt: '2026-09-30T10:00:00Z' }))).toBe(
      false,
    );
  });
});
