import { describe, expect, it } from 'vitest';
import { assessSchool, categorise } from '../../functions/core/assessment/categorisation';
import type { Methodology } from '../../functions/core/assessment/methodology';
import { belowGood, statutoryFlags } from '../../functions/core/assessment/statutory-flags';
import { composeLetter } from '../../functions/core/letters/letters';
import { schoolPageHtml } from '../../functions/core/reporting/school-page';
import { DEFAULT_METHODOLOGY, intel, keyJudgements, reportCard, school, singleWord, ungraded } from '../builders';

const URN = '100001';
const flagsOf = (...args: Parameters<typeof statutoryFlags>) => statutoryFlags(...args).map((f) => f.flag);

describe('statutory and national flags', () => {
  it('eligible for intervention: a category of concern at the latest inspection, or a warning notice not complied with', () => {
    expect(statutoryFlags([singleWord(URN, 4, '2024-03-05', { categoryOfConcern: 'special measures' })], [])).toEqual([
      {
        flag: 'eligible for intervention',
        evidence: 'a category of concern at the inspection of 5 Mar 2024: special measures',
      },
    ]);
    expect(
      flagsOf(
        [singleWord(URN, 2)],
        [
          intel(URN, 'warning notice', '2026-06-12', 'issued'),
          intel(URN, 'warning notice', '2026-10-01', 'not complied'),
        ],
      ),
    ).toEqual(['eligible for intervention']);
    // A category of concern at an earlier inspection, since lifted, is not.
    expect(
      flagsOf(
        [
          singleWord(URN, 2, '2025-06-01'),
          singleWord(URN, 4, '2023-01-10', { categoryOfConcern: 'serious weaknesses' }),
        ],
        [],
      ),
    ).toEqual([]);
  });

  it('coasting: leadership and governance needs attention at a report card from 17 November 2025, after a below-good inspection', () => {
    const before = singleWord(URN, 3, '2023-05-10');
    const card = (date: string) =>
      reportCard(URN, { 'Leadership and governance': 'needs attention', Achievement: 'expected standard' }, date);
    expect(statutoryFlags([card('2026-02-03'), before], [])).toEqual([
      {
        flag: 'coasting',
        evidence:
          'leadership and governance needs attention at the inspection of 3 Feb 2026, after the inspection of 10 May 2023 found the school below good; a coasting school is eligible for intervention',
      },
      {
        flag: 'stuck',
        evidence: "below good at the inspections of 3 Feb 2026 and 10 May 2023: eligible for the DfE's RISE support",
      },
    ]);
    // Before the amended regulations; or after a good inspection: not coasting.
    expect(flagsOf([card('2025-11-12'), before], [])).toEqual(['stuck']);
    expect(flagsOf([card('2026-02-03'), singleWord(URN, 2, '2021-05-10')], [])).toEqual([]);
  });

  it("stuck: below good at two inspections running, in each era's terms; never from one inspection or an ungraded one", () => {
    expect(flagsOf([singleWord(URN, 3, '2024-01-10'), keyJudgements(URN, [2, 2, 2, 3], '2025-03-04')], [])).toEqual([
      'stuck',
    ]);
    expect(flagsOf([singleWord(URN, 3, '2024-01-10'), singleWord(URN, 2, '2020-01-10')], [])).toEqual([]);
    expect(flagsOf([singleWord(URN, 3, '2024-01-10')], [])).toEqual([]);
    // A report card with an area other than leadership needing attention is not below good for this flag.
    expect(
      flagsOf(
        [
          reportCard(URN, { Achievement: 'needs attention', 'Leadership and governance': 'expected standard' }),
          singleWord(URN, 3, '2023-01-10'),
        ],
        [],
      ),
    ).toEqual([]);
  });

  it('is a flag, never a reason: a methodology that does not use it places the school by its other evidence, and says nothing of the flag among the reasons', () => {
    const evidence = {
      school: school({ urn: URN }),
      inspections: [singleWord(URN, 3, '2024-01-10'), singleWord(URN, 3, '2021-01-10')],
      intelligence: [],
      taskGroupReports: [],
    };
    const shown = assessSchool(evidence, DEFAULT_METHODOLOGY, '2026-autumn', '2026-09-03', undefined);
    expect(shown.category).toBe('C');
    expect(shown.reasons.map((r) => r.rule)).toEqual(['ofsted-requires-improvement']);
    expect(shown.flags).toEqual([
      {
        flag: 'stuck',
        evidence: "below good at the inspections of 10 Jan 2024 and 10 Jan 2021: eligible for the DfE's RISE support",
      },
    ]);
    const strict: Methodology = {
      ...DEFAULT_METHODOLOGY,
      rules: [
        {
          id: 'stuck',
          when: { kind: 'statutory-flag', flags: ['stuck'] },
          category: 'D',
          reason: 'The school is stuck',
        },
        ...DEFAULT_METHODOLOGY.rules,
      ],
    };
    const used = categorise(evidence, strict, '2026-09-03');
    expect(used.category).toBe('D');
    expect(used.reasons[0]).toMatchObject({
      category: 'D',
      rule: 'stuck',
      evidence:
        "stuck: below good at the inspections of 10 Jan 2024 and 10 Jan 2021: eligible for the DfE's RISE support",
    });
  });

  it('in plain words on the school page and in a letter, never as a category row nor as evidence too old to count', () => {
    const sm = singleWord(URN, 4, '2026-07-20', { categoryOfConcern: 'special measures' });
    const flagged = assessSchool(
      { school: school({ urn: URN }), inspections: [sm], intelligence: [], taskGroupReports: [] },
      DEFAULT_METHODOLOGY,
      '2026-autumn',
      '2026-09-03',
      { category: 'A', term: '2026-summer' },
    );
    expect(flagged.category).toBe('D');
    const page = schoolPageHtml({
      authorityName: 'Ardenshire',
      methodology: DEFAULT_METHODOLOGY,
      school: school({ urn: URN }),
      history: [flagged],
      reportHref: '../report.html',
    });
    expect(page).toContain(
      'The school is eligible for intervention under the DfE&#39;s statutory guidance, Support and intervention in schools',
    );
    expect(page).not.toMatch(
      /too old to count|a flag this methodology does not use|<td>A<\/td><td>The school is eligible/,
    );
    const letter = composeLetter({
      date: '2026-09-10',
      assessment: flagged as typeof flagged & { previousCategory: string },
      school: school({ urn: URN, name: 'Alpha Primary School' }),
      contact: { urn: URN, role: 'headteacher', name: 'Ann Head', email: 'head@alpha.example' },
      authority: {
        name: 'Ardenshire County Council',
        senderAddress: 'si@a.example',
        replyToAddress: 'si@a.example',
        contactName: 'School Improvement Team',
        contactPhone: '01632 960000',
      },
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(letter.text).toContain(
      "National flags the school carries:\n- The school is eligible for intervention under the DfE's statutory guidance, Support and intervention in schools (a category of concern at the inspection of 20 Jul 2026: special measures)",
    );
    expect(letter.text).not.toMatch(/too old to count|a flag this methodology does not use/);
  });
});

describe('the flags at their limits', () => {
  it("reads below good in each era's terms, at the grade or area where it starts", () => {
    expect(belowGood(singleWord(URN, 2, '2024-01-10', { categoryOfConcern: 'serious weaknesses' }))).toBe(true);
    expect(belowGood(singleWord(URN, 3))).toBe(true);
    expect(belowGood(singleWord(URN, 2))).toBe(false);
    expect(belowGood(keyJudgements(URN, [2, 2, 2, 3]))).toBe(true);
    expect(belowGood(keyJudgements(URN, [2, 2, 2, 2]))).toBe(false);
    expect(belowGood(keyJudgements(URN, [1, 1, 1, 1]))).toBe(false);
    expect(
      belowGood(reportCard(URN, { Achievement: 'expected standard' }, '2026-02-03', { safeguardingMet: false })),
    ).toBe(true);
    expect(belowGood(reportCard(URN, { 'Leadership and governance': 'urgent improvement' }))).toBe(true);
    expect(belowGood(reportCard(URN, { 'Leadership and governance': 'needs attention' }))).toBe(true);
    expect(belowGood(reportCard(URN, { 'Leadership and governance': 'expected standard' }))).toBe(false);
    expect(belowGood(reportCard(URN, { Achievement: 'urgent improvement', Inclusion: 'needs attention' }))).toBe(false);
    expect(belowGood(ungraded(URN, 'School remains Good'))).toBe(false);
  });

  it('judges by the latest graded inspection, however they are listed, never an ungraded one', () => {
    const concern = singleWord(URN, 4, '2024-03-05', { categoryOfConcern: 'special measures' });
    const lifted = singleWord(URN, 2, '2025-06-01');
    expect(flagsOf([concern, lifted], [])).toEqual([]);
    expect(flagsOf([lifted, concern], [])).toEqual([]);
    expect(flagsOf([concern, ungraded(URN, 'School remains Good', '2025-09-01')], [])).toEqual([
      'eligible for intervention',
    ]);
    // Two inspections below good with an ungraded one between: stuck all the same.
    expect(
      flagsOf(
        [singleWord(URN, 3, '2025-06-01'), ungraded(URN, 'School remains Good', '2024-01-01'), singleWord(URN, 3)],
        [],
      ),
    ).toEqual(['stuck']);
  });

  it('takes only a warning notice not complied with, the latest of them, and no other record that says so', () => {
    expect(
      statutoryFlags(
        [singleWord(URN, 2)],
        [
          intel(URN, 'warning notice', '2026-02-01', 'Not complied with'),
          intel(URN, 'warning notice', '2026-10-01', 'not complied'),
          intel(URN, 'warning notice', '2026-11-01', 'complied'),
          intel(URN, 'concern', '2026-11-20', 'not complied'),
        ],
      ),
    ).toEqual([
      { flag: 'eligible for intervention', evidence: 'a formal warning notice not complied with (1 Oct 2026)' },
    ]);
    expect(flagsOf([singleWord(URN, 2)], [intel(URN, 'concern', '2026-11-20', 'not complied')])).toEqual([]);
  });

  it('counts a report card on 17 November 2025, the day the amended regulations start, towards coasting', () => {
    const card = reportCard(URN, { 'Leadership and governance': 'needs attention' }, '2025-11-17');
    expect(flagsOf([card, singleWord(URN, 3, '2023-05-10')], [])).toEqual(['coasting', 'stuck']);
  });
});
