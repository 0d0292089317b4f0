import { describe, expect, it } from 'vitest';
import { tscResponsesSheet } from '../../functions/core/intake';
import { readRows, readSheet } from '../../functions/core/sheets';
import { type BrokeredSupport, brokerSupport } from '../../functions/core/support/brokering';
import { needOf, specialismNeeded, tscRequests } from '../../functions/core/support/tsc-requests';
import type { Assessment, TscResponse } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, keyJudgements, reportCard, school, singleWord } from '../builders';

const inC = (urn: string): Assessment => ({
  term: '2026-autumn',
  urn,
  category: 'C',
  reasons: [],
  changed: false,
  methodologyId: DEFAULT_METHODOLOGY.id,
});
/** A school in C with nobody to support it: both its needs go to the board. */
const unmetIn = (term: string, urn = '100001') =>
  brokerSupport({
    term,
    schools: [school({ urn })],
    assessments: [{ ...inC(urn), term }],
    systemLeaders: [],
    methodology: DEFAULT_METHODOLOGY,
  });
const phaseOf = () => 'primary' as const;
const response = (need: TscResponse['need'], outcome: TscResponse['outcome'], offered?: string): TscResponse => ({
  urn: '100001',
  need,
  outcome,
  date: '2026-10-20',
  ...(offered ? { offered } : {}),
});

describe('requests to the TSC board', () => {
  it("reads each of the brokering's unmet needs as a request, with the school's phase and area", () => {
    const support = unmetIn('2026-autumn');
    expect(support[0]!.unmet.map(needOf)).toEqual(['a support school', 'a system leader or LIO']);
    const { bySchool } = tscRequests({ term: '2026-autumn', support, phaseOf, previous: [], responses: [] });
    expect(bySchool.get('100001')).toEqual([
      {
        urn: '100001',
        district: 'Ashdown',
        phase: 'primary',
        category: 'C',
        need: 'a support school',
        detail: support[0]!.unmet[0],
        raisedIn: '2026-autumn',
      },
      {
        urn: '100001',
        district: 'Ashdown',
        phase: 'primary',
        category: 'C',
        need: 'a system leader or LIO',
        detail: support[0]!.unmet[1],
        raisedIn: '2026-autumn',
      },
    ]);
  });

  it('keeps an unanswered request open into the next term, since the term it was raised', () => {
    const autumn = tscRequests({
      term: '2026-autumn',
      support: unmetIn('2026-autumn'),
      phaseOf,
      previous: [],
      responses: [],
    });
    const previous: BrokeredSupport[] = unmetIn('2026-autumn').map((s) => ({
      ...s,
      tscRequests: autumn.bySchool.get(s.urn)!,
    }));
    const spring = tscRequests({
      term: '2027-spring',
      support: unmetIn('2027-spring'),
      phaseOf,
      previous,
      responses: [response('a system leader or LIO', 'offered', 'Sarah Lee (SLE)')],
    });
    const requests = spring.bySchool.get('100001')!;
    expect(requests.map((r) => [r.need, r.raisedIn, r.response?.offered])).toEqual([
      ['a support school', '2026-autumn', undefined],
      ['a system leader or LIO', '2026-autumn', 'Sarah Lee (SLE)'],
    ]);
    expect(spring.unmatched).toEqual([]);
    // Answered, the request is not carried again.
    const summer = tscRequests({
      term: '2027-summer',
      support: unmetIn('2027-summer'),
      phaseOf,
      previous: unmetIn('2027-spring').map((s) => ({ ...s, tscRequests: requests })),
      responses: [],
    });
    expect(summer.bySchool.get('100001')!.map((r) => [r.need, r.raisedIn])).toEqual([
      ['a support school', '2026-autumn'],
      ['a system leader or LIO', '2027-summer'],
    ]);
  });

  it("closes a request the AAG's own brokering meets, and names a response that answers no open request", () => {
    const autumn = tscRequests({
      term: '2026-autumn',
      support: unmetIn('2026-autumn'),
      phaseOf,
      previous: [],
      responses: [],
    });
    const previous = unmetIn('2026-autumn').map((s) => ({ ...s, tscRequests: autumn.bySchool.get(s.urn)! }));
    const met: BrokeredSupport[] = [{ ...unmetIn('2027-spring')[0]!, unmet: [] }];
    const spring = tscRequests({
      term: '2027-spring',
      support: met,
      phaseOf,
      previous,
      responses: [{ ...response('a support school', 'none'), urn: '100002' }],
    });
    expect(spring.bySchool.size).toBe(0);
    expect(spring.unmatched.map((r) => r.urn)).toEqual(['100002']);
  });

  it('rejects a response row it cannot use, naming the column, the value and what was expected', () => {
    const sheet = [
      'URN,Need,Response,Offered,Note,Responded by,Date',
      '100001,a system leader,offered,,,,20/10/2026',
      '100002,a mentor,none,,,,20/10/2026',
    ].join('\n');
    const result = readSheet(
      tscResponsesSheet,
      'tsc-responses.csv',
      readRows('tsc-responses.csv', new TextEncoder().encode(sheet)),
    );
    expect(result.rejected).toEqual([
      { file: 'tsc-responses.csv', row: 2, column: 'Offered', value: '', expected: 'who is offered, for an offer' },
      {
        file: 'tsc-responses.csv',
        row: 3,
        column: 'Need',
        value: 'a mentor',
        expected: 'one of a support school, a system leader or LIO',
      },
    ]);
  });

  it('names the specialism the support needs from the latest inspection: the areas below good, weakest first', () => {
    expect(specialismNeeded([keyJudgements('100001', [3, 2, 2, 4], '2024-03-01')])).toBe(
      'leadership and management, quality of education',
    );
    const later = reportCard(
      '100001',
      {
        'curriculum and teaching': 'needs attention',
        inclusion: 'urgent improvement',
        'leadership and governance': 'expected standard',
      },
      '2026-02-03',
    );
    expect(specialismNeeded([keyJudgements('100001', [3, 2, 2, 4], '2024-03-01'), later])).toBe(
      'inclusion, curriculum and teaching',
    );
    expect(specialismNeeded([keyJudgements('100001', [2, 2, 2, 2], '2024-03-01')])).toBeUndefined();
    // A later inspection with no graded areas (a single word, or an ungraded one) names none: the last that did stands.
    expect(
      specialismNeeded([
        keyJudgements('100001', [3, 2, 2, 2], '2024-03-01'),
        singleWord('100001', 2, '2025-06-01'),
        { ...reportCard('100001', {}, '2026-02-03'), safeguardingMet: false },
      ]),
    ).toBe('quality of education');
    expect(specialismNeeded([])).toBeUndefined();
    const { bySchool } = tscRequests({
      term: '2026-autumn',
      support: unmetIn('2026-autumn'),
      phaseOf,
      inspectionsOf: () => [later],
      previous: [],
      responses: [],
    });
    expect(bySchool.get('100001')!.map((r) => r.specialism)).toEqual([
      'inclusion, curriculum and teaching',
      'inclusion, curriculum and teaching',
    ]);
  });
});
