import { describe, expect, it } from 'vitest';
import { visitsPlannedAndDone } from '../../functions/core/reporting/visits';
import type { VisitNote } from '../../functions/core/types';
import { lastTermSupport } from '../builders';

const note = (urn: string, date: string, focus = 'Reading'): VisitNote => ({
  urn,
  date,
  visitor: 'Lia Officer (LIO)',
  focus,
  findings: 'Better',
  nextSteps: 'Group pupils',
});
/** The summer term of 2026: from 20 April to the day before the autumn term's first day, 3 September. */
const summer = (planned: Parameters<typeof visitsPlannedAndDone>[0], notes: VisitNote[]) =>
  visitsPlannedAndDone(planned, notes, '2026-04-20', '2026-09-03');

describe('visits planned against visits done', () => {
  it("counts a note made on the term's first day and none made on the next term's first day or before the term", () => {
    const [visits] = summer(
      [lastTermSupport('100001', { visitsThisTerm: 3, category: 'D', district: 'Riverton' })],
      [note('100001', '2026-04-20'), note('100001', '2026-09-03'), note('100001', '2026-04-19')],
    );
    expect(visits).toEqual({
      urn: '100001',
      district: 'Riverton',
      category: 'D',
      planned: 3,
      done: 1,
      missed: 2,
      notes: [note('100001', '2026-04-20')],
    });
  });

  it('lists a school with no visit planned only where a visit was noted in the term, and never a negative miss', () => {
    const visits = summer(
      [
        lastTermSupport('100001', { visitsThisTerm: 0 }),
        lastTermSupport('100002', { visitsThisTerm: 0 }),
        lastTermSupport('100003', { visitsThisTerm: 1 }),
      ],
      [
        note('100001', '2026-05-01'),
        note('100002', '2026-01-10'),
        note('100003', '2026-05-01'),
        note('100003', '2026-06-01'),
      ],
    );
    expect(visits.map((v) => [v.urn, v.planned, v.done, v.missed])).toEqual([
      ['100001', 0, 1, 0],
      ['100003', 1, 2, 0],
    ]);
  });

  it("gives each school its own notes, latest first, and no school's notes to another", () => {
    const visits = summer(
      [lastTermSupport('100001', { visitsThisTerm: 2 }), lastTermSupport('100002', { visitsThisTerm: 2 })],
      [
        note('100001', '2026-05-01', 'first'),
        note('100002', '2026-05-02', 'theirs'),
        note('100001', '2026-07-01', 'second'),
      ],
    );
    expect(visits.find((v) => v.urn === '100001')?.notes.map((n) => n.focus)).toEqual(['second', 'first']);
    expect(visits.find((v) => v.urn === '100002')?.notes.map((n) => n.focus)).toEqual(['theirs']);
  });

  it('puts the schools that missed most first, then by URN', () => {
    const visits = summer(
      [
        lastTermSupport('100004', { visitsThisTerm: 1 }),
        lastTermSupport('100003', { visitsThisTerm: 1 }),
        lastTermSupport('100002', { visitsThisTerm: 2 }),
        lastTermSupport('100001', { visitsThisTerm: 1 }),
      ],
      [note('100001', '2026-05-01')],
    );
    expect(visits.map((v) => [v.urn, v.missed])).toEqual([
      ['100002', 2],
      ['100003', 1],
      ['100004', 1],
      ['100001', 0],
    ]);
  });
});
