/** The register's rules (functions/core/intake/register.ts): each school's phase, who is in the cycle, predecessors. */
import { describe, expect, it } from 'vitest';
import { inCycleScope, phaseOf, predecessorChains } from '../../functions/core/intake/register';

const row = (typeGroup: string, establishmentType: string, phaseName?: string) => ({
  typeGroup,
  establishmentType,
  ...(phaseName === undefined ? {} : { phaseName }),
});

describe("a school's phase, from the register", () => {
  it('reads special schools and alternative provision by their type, whatever their phase or its case', () => {
    expect(phaseOf(row('Special Schools', 'Community special school', 'Primary'))).toBe('special');
    expect(phaseOf(row('Local authority maintained schools', 'Foundation SPECIAL school', 'Secondary'))).toBe(
      'special',
    );
    expect(phaseOf(row('Local authority maintained schools', 'Pupil referral unit', 'Secondary'))).toBe(
      'alternative provision',
    );
    expect(phaseOf(row('Academies', 'Academy alternative provision converter', 'Primary'))).toBe(
      'alternative provision',
    );
  });

  it('reads each phase GIAS names, middle schools by what they are deemed, and a phase it does not know as primary', () => {
    const phases = [
      ['Primary', 'primary'],
      ['Middle deemed primary', 'primary'],
      ['SECONDARY', 'secondary'],
      ['Middle deemed secondary', 'secondary'],
      ['All-through', 'all-through'],
      ['Nursery', 'nursery'],
      ['16 plus', 'post-16'],
      ['Not applicable', 'primary'],
    ] as const;
    for (const [name, phase] of phases)
      expect([name, phaseOf(row('Academies', 'Academy converter', name))]).toEqual([name, phase]);
    expect(phaseOf(row('Academies', 'Academy converter'))).toBe('primary');
  });
});

describe('who is in the cycle', () => {
  const scope = (typeGroup: string, establishmentType: string, status: string) =>
    inCycleScope({ typeGroup, establishmentType, status });

  it('takes open maintained schools, academies, free schools and special schools, and nothing closed or independent', () => {
    expect(scope('Local authority maintained schools', 'Community school', 'Open')).toBe(true);
    expect(scope('ACADEMIES', 'Academy converter', ' Open, but proposed to close ')).toBe(true);
    expect(scope('Free Schools', 'Free schools', 'Open')).toBe(true);
    expect(scope('Special schools', 'Community special school', 'Open')).toBe(true);
    expect(scope('Special schools', 'Non-maintained special school', 'Open')).toBe(false);
    expect(scope('Independent schools', 'Other independent school', 'Open')).toBe(false);
    expect(scope('Local authority maintained schools', 'Community school', 'Closed')).toBe(false);
    expect(scope('Local authority maintained schools', 'Community school', 'Proposed to open')).toBe(false);
  });
});

describe("a school's predecessors", () => {
  it('takes the declared predecessor first, then a predecessor or successor link, for schools in the cycle only', () => {
    const { predecessorOf } = predecessorChains(
      new Set(['100001', '100002', '100003']),
      [
        { urn: '100001', predecessorUrn: '900001' },
        { urn: '999999', predecessorUrn: '900009' },
      ],
      [
        { urn: '100001', linkUrn: '900002', linkType: 'Predecessor' },
        { urn: '100002', linkUrn: '900003', linkType: 'Predecessor - amalgamated' },
        { urn: '900004', linkUrn: '100003', linkType: 'Successor' },
        { urn: '900005', linkUrn: '100003', linkType: 'successor - merged' },
        { urn: '100003', linkUrn: '900006', linkType: 'Sixth form centre link' },
        { urn: '900007', linkUrn: '100009', linkType: 'Successor' },
        { urn: '100009', linkUrn: '900008', linkType: 'Predecessor' },
      ],
    );
    expect([...predecessorOf]).toEqual([
      ['100001', '900001'],
      ['100002', '900003'],
      ['100003', '900004'],
    ]);
  });

  it('follows the chain back at most five schools, and never round a loop', () => {
    const links = ['1', '2', '3', '4', '5', '6', '7'].map((n, i, all) => ({
      urn: i === 0 ? '100001' : `90000${all[i - 1]}`,
      linkUrn: `90000${n}`,
      linkType: 'Predecessor',
    }));
    const { chainOf } = predecessorChains(new Set(['100001', ...links.map((l) => l.urn)]), [], links);
    expect(chainOf('100001')).toEqual(['900001', '900002', '900003', '900004', '900005']);
    const loop = predecessorChains(
      new Set(['100001', '900001']),
      [],
      [
        { urn: '100001', linkUrn: '900001', linkType: 'Predecessor' },
        { urn: '900001', linkUrn: '100001', linkType: 'Predecessor' },
      ],
    );
    expect(loop.chainOf('100001')).toEqual(['900001']);
    expect(loop.chainOf('100009')).toEqual([]);
  });
});
