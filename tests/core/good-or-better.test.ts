import { describe, expect, it } from 'vitest';
import { goodOrBetterOf, ofstedBand, standingOf } from '../../functions/core/assessment/good-or-better';
import { keyJudgements, reportCard, singleWord, ungraded } from '../builders';

const URN = '100001';

describe('good or better, in each era of inspection', () => {
  it('reads single-word judgements at 2 and 3, and none given', () => {
    expect(ofstedBand(singleWord(URN, 1))).toBe('good or better');
    expect(ofstedBand(singleWord(URN, 2))).toBe('good or better');
    expect(ofstedBand(singleWord(URN, 3))).toBe('below good');
    expect(ofstedBand({ ...singleWord(URN, 2), overallEffectiveness: undefined })).toBe('no grade given');
  });

  it('reads key judgements as good or better only when every one is 1 or 2', () => {
    expect(ofstedBand(keyJudgements(URN, [2, 2, 2, 2]))).toBe('good or better');
    expect(ofstedBand(keyJudgements(URN, [1, 1, 1, 1]))).toBe('good or better');
    expect(ofstedBand(keyJudgements(URN, [1, 2, 2, 3]))).toBe('below good');
    expect(ofstedBand({ ...keyJudgements(URN, [2, 2, 2, 2]), keyJudgements: [] })).toBe('no grade given');
  });

  it('reads a report card as good or better only with every area at the expected standard or above and safeguarding met', () => {
    const expected = {
      Inclusion: 'expected standard',
      Achievement: 'strong standard',
      Leadership: 'exceptional',
    } as const;
    expect(ofstedBand(reportCard(URN, expected))).toBe('good or better');
    expect(ofstedBand(reportCard(URN, expected, '2026-02-03', { safeguardingMet: undefined }))).toBe('good or better');
    expect(ofstedBand(reportCard(URN, expected, '2026-02-03', { safeguardingMet: false }))).toBe('below good');
    expect(ofstedBand(reportCard(URN, { ...expected, Achievement: 'needs attention' }))).toBe('below good');
    expect(ofstedBand(reportCard(URN, {}))).toBe('no grade given');
  });

  it('never counts a school in a category of concern good, nor gives a grade for an ungraded inspection', () => {
    expect(ofstedBand(singleWord(URN, 2, '2024-01-10', { categoryOfConcern: 'serious weaknesses' }))).toBe(
      'below good',
    );
    expect(ofstedBand(ungraded(URN, 'School remains Good'))).toBe('no grade given');
  });

  it('counts each school once, by its latest graded inspection, and leaves out those with no standing', () => {
    const inspections = [
      singleWord('100001', 3, '2019-03-14'),
      singleWord('100001', 2, '2024-03-14'),
      singleWord('100002', 4, '2024-03-14'),
      ungraded('100003', 'School remains Good'),
      reportCard('100004', {}),
    ];
    expect(goodOrBetterOf(inspections)).toEqual({ good: 1, inspected: 2 });
    expect(standingOf(inspections.filter((i) => i.urn === '100001'))).toEqual({
      inspection: singleWord('100001', 2, '2024-03-14'),
      band: 'good or better',
    });
    expect(standingOf([])).toBeUndefined();
  });
});
