import { describe, expect, it } from 'vitest';
import { categorise } from '../../functions/core/assessment/categorisation';
import { statutoryFlags } from '../../functions/core/assessment/statutory-flags';
import type { Methodology } from '../../functions/core/assessment/methodology';
import { DEFAULT_METHODOLOGY, intel, keyJudgements, reportCard, school, singleWord } from '../builders';

const URN = '100001';
const flagsOf = (...args: Parameters<typeof statutoryFlags>) => statutoryFlags(...args).map((f) => f.flag);

describe('statutory and national flags', () => {
  it('eligible for intervention: a category of concern at the latest inspection, or a warning notice not complied with', () => {
    expect(statutoryFlags([singleWord(URN, 4, '2024-03-05', { categoryOfConcern: 'special measures' })], [])).toEqual([
      { flag: 'eligible for intervention', evidence: 'a category of concern at the inspection of 5 Mar 2024: special measures' },
    ]);
    expect(flagsOf([singleWord(URN, 2)], [intel(URN, 'warning notice', '2026-06-12', 'issued'), intel(URN, 'warning notice', '2026-10-01', 'not complied')])).toEqual(['eligible for intervention']);
    // A category of concern at an earlier inspection, since lifted, is not.
    expect(flagsOf([singleWord(URN, 2, '2025-06-01'), singleWord(URN, 4, '2023-01-10', { categoryOfConcern: 'serious weaknesses' })], [])).toEqual([]);
  });

  it('coasting: leadership and governance needs attention at a report card from 17 November 2025, after a below-good inspection', () => {
    const before = singleWord(URN, 3, '2023-05-10');
    const card = (date: string) => reportCard(URN, { 'Leadership and governance': 'needs attention', Achievement: 'expected standard' }, date);
    expect(statutoryFlags([card('2026-02-03'), before], [])).toEqual([
      { flag: 'coasting', evidence: 'leadership and governance needs attention at the inspection of 3 Feb 2026, after the inspection of 10 May 2023 found the school below good; a coasting school is eligible for intervention' },
      { flag: 'stuck', evidence: "below good at the inspections of 3 Feb 2026 and 10 May 2023: eligible for the DfE's RISE support" },
    ]);
    // Before the amended regulations; or after a good inspection: not coasting.
    expect(flagsOf([card('2025-11-12'), before], [])).toEqual(['stuck']);
    expect(flagsOf([card('2026-02-03'), singleWord(URN, 2, '2021-05-10')], [])).toEqual([]);
  });

  it('stuck: below good at two inspections running, in each era\'s terms; never from one inspection or an ungraded one', () => {
    expect(flagsOf([singleWord(URN, 3, '2024-01-10'), keyJudgements(URN, [2, 2, 2, 3], '2025-03-04')], [])).toEqual(['stuck']);
    expect(flagsOf([singleWord(URN, 3, '2024-01-10'), singleWord(URN, 2, '2020-01-10')], [])).toEqual([]);
    expect(flagsOf([singleWord(URN, 3, '2024-01-10')], [])).toEqual([]);
    // A report card with an area other than leadership needing attention is not below good for this flag.
    expect(flagsOf([reportCard(URN, { Achievement: 'needs attention', 'Leadership and governance': 'expected standard' }), singleWord(URN, 3, '2023-01-10')], [])).toEqual([]);
  });

  it('is shown as evidence that places the school nowhere, unless the methodology uses it', () => {
    const evidence = { school: school({ urn: URN }), inspections: [singleWord(URN, 3, '2024-01-10'), singleWord(URN, 3, '2021-01-10')], intelligence: [], taskGroupReports: [] };
    const shown = categorise(evidence, DEFAULT_METHODOLOGY, '2026-09-03');
    expect(shown.category).toBe('C');
    expect(shown.reasons.find((r) => r.rule === 'statutory-flag')).toEqual({
      category: 'A', rule: 'statutory-flag', evidenceOnly: true,
      text: 'The school is stuck: below good at two inspections running (a flag this methodology does not use to place a school)',
      evidence: "below good at the inspections of 10 Jan 2024 and 10 Jan 2021: eligible for the DfE's RISE support",
    });
    const strict: Methodology = { ...DEFAULT_METHODOLOGY, rules: [{ id: 'stuck', when: { kind: 'statutory-flag', flags: ['stuck'] }, category: 'D', reason: 'The school is stuck' }, ...DEFAULT_METHODOLOGY.rules] };
    const used = categorise(evidence, strict, '2026-09-03');
    expect(used.category).toBe('D');
    expect(used.reasons[0]).toMatchObject({ category: 'D', rule: 'stuck', evidence: "stuck: below good at the inspections of 10 Jan 2024 and 10 Jan 2021: eligible for the DfE's RISE support" });
    expect(used.reasons.some((r) => r.rule === 'statutory-flag')).toBe(false);
  });
});
