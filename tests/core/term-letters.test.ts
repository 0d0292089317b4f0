/** The term's letters school by school (functions/core/letters/term-letters.ts): corrections, and who is counted. */
import { describe, expect, it } from 'vitest';
import type { Correction } from '../../functions/core/letters/corrections';
import { letterCount, lettersBetween, termLetters } from '../../functions/core/letters/term-letters';
import type { Assessment, Contact } from '../../functions/core/types';
import { AUTHORITY, DEFAULT_METHODOLOGY, school } from '../builders';

const contactsOf = (urn: string, roles: Contact['role'][]) =>
  roles.map((role) => ({ urn, role, name: `${role} of ${urn}`, email: `${role.replace(/ /g, '-')}@${urn}.example` }));
const assessment = (urn: string, over: Partial<Assessment> = {}): Assessment => ({
  term: '2026-autumn',
  urn,
  category: 'C',
  previousCategory: 'A',
  changed: true,
  methodologyId: 'default-2026',
  reasons: [
    { category: 'C', rule: 'ofsted-requires-improvement', text: 'Ofsted: requires improvement', evidence: 'x' },
  ],
  ...over,
});
const input = (over: Partial<Parameters<typeof termLetters>[0]> = {}): Parameters<typeof termLetters>[0] => ({
  term: '2026-autumn',
  date: '2026-12-07',
  schools: [],
  assessments: [],
  previous: new Map(),
  support: new Map(),
  taskGroups: new Map(),
  notices: [],
  authority: AUTHORITY,
  methodology: DEFAULT_METHODOLOGY,
  copies: {
    dfeRegionalTeam: { name: 'DfE West Midlands', email: 'rst@dfe.example' },
    ofsted: { name: 'Ofsted', email: 'enquiries@ofsted.example' },
  },
  ...over,
});
const correction = (urn: string, roles: Correction['roles']): Correction => ({
  urn,
  said: { from: 'A', to: 'B', on: '2026-09-03' },
  now: 'C',
  previous: 'A',
  roles,
});

describe("the term's letters, school by school", () => {
  it('writes a correction instead of the change letters, to the roles told that have an address, counting the rest missing', () => {
    const schools = [
      {
        ...school({ urn: '100001' }),
        contacts: [
          ...contactsOf('100001', ['headteacher']),
          ...contactsOf('100009', ['chair of governors', 'trust board chair']),
        ],
      },
    ];
    const bySchool = termLetters(
      input({
        schools,
        assessments: [assessment('100001')],
        corrections: new Map([['100001', correction('100001', ['headteacher', 'chair of governors'])]]),
      }),
    );
    expect(bySchool.map((s) => [s.urn, s.count, s.missing])).toEqual([['100001', 1, 1]]);
    const letters = lettersBetween(bySchool, 0, letterCount(bySchool));
    expect(letters.map((l) => [l.letter.key.split('#')[2], l.letter.to.email, l.correction?.now])).toEqual([
      ['correction', 'headteacher@100001.example', 'C'],
    ]);
  });

  it('writes nothing for a school first categorised, unchanged, or with nothing decided, and lists one with no address', () => {
    const schools = [
      { ...school({ urn: '100003' }), contacts: [] },
      { ...school({ urn: '100002' }), contacts: contactsOf('100002', ['headteacher', 'chair of governors']) },
      { ...school({ urn: '100001' }), contacts: contactsOf('100001', ['headteacher', 'chair of governors']) },
      { ...school({ urn: '100004' }), contacts: contactsOf('100004', ['headteacher', 'chair of governors']) },
    ];
    const bySchool = termLetters(
      input({
        schools,
        assessments: [
          assessment('100001', { previousCategory: undefined }),
          assessment('100002', { changed: false, previousCategory: 'C' }),
          assessment('100003'),
          assessment('100004'),
        ],
      }),
    );
    expect(bySchool.map((s) => [s.urn, s.count, s.missing])).toEqual([
      ['100003', 0, 2],
      ['100004', 2, 0],
    ]);
    expect(lettersBetween(bySchool, 0, 2).map((l) => l.letter.to.email)).toEqual([
      'chair-of-governors@100004.example',
      'headteacher@100004.example',
    ]);
    expect(lettersBetween(bySchool, 1, 1)).toEqual([]);
    expect(lettersBetween(bySchool, 2, 1)).toEqual([]);
  });
});
