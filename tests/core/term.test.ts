import { describe, expect, it } from 'vitest';
import {
  academicYearInFileName,
  academicYearStart,
  compareTerms,
  countedAcademicYears,
  describeTerm,
  futureDateLimit,
  nextTerm,
  normaliseAcademicYear,
  parseTerm,
  previousTerm,
  termForScheduledRun,
  termOfExecution,
  termSortKey,
  termStartDate,
  termsBefore,
} from '../../functions/core/term';

describe('terms', () => {
  it('orders terms in time, not alphabetically', () => {
    expect(['2027-spring', '2026-autumn', '2027-summer', '2026-summer'].sort(compareTerms)).toEqual([
      '2026-summer',
      '2026-autumn',
      '2027-spring',
      '2027-summer',
    ]);
    expect(termSortKey('2026-autumn') < termSortKey('2027-spring')).toBe(true);
  });

  it('steps back and forward across the academic year', () => {
    expect(previousTerm('2027-spring')).toBe('2026-autumn');
    expect(previousTerm('2026-autumn')).toBe('2026-summer');
    expect(nextTerm('2026-autumn')).toBe('2027-spring');
    expect(nextTerm('2027-summer')).toBe('2027-autumn');
  });

  it('names the term of a scheduled run from its season and start year', () => {
    expect(termForScheduledRun('spring', '2027-01-05T06:00:00.000Z')).toBe('2027-spring');
  });

  it('rejects what is not a term', () => {
    expect(() => parseTerm('2026-winter')).toThrow(/not a term/);
  });

  it('treats dates after the later of today and the start of term as the future', () => {
    expect(futureDateLimit('2026-11-28', '2027-01-05')).toBe('2027-01-05');
    expect(futureDateLimit('2027-01-20', '2027-01-05')).toBe('2027-01-20');
  });

  it('describes terms and their start dates', () => {
    expect(describeTerm('2026-autumn')).toBe('autumn term 2026');
    expect(termStartDate('2027-spring', { autumn: '09-03', spring: '01-05', summer: '04-20' })).toBe('2027-01-05');
  });
});

describe('terms at their edges', () => {
  it('says a term is the same as itself, and keeps only the terms before one, in the order given', () => {
    expect(compareTerms('2026-autumn', '2026-autumn')).toBe(0);
    expect(compareTerms('2027-spring', '2026-autumn')).toBe(1);
    expect(compareTerms('2026-autumn', '2027-spring')).toBe(-1);
    expect(termsBefore(['2026-summer', '2027-spring', '2026-autumn', '2025-autumn'], '2026-autumn')).toEqual([
      '2026-summer',
      '2025-autumn',
    ]);
  });

  it('takes the term an execution names, else its season in the year it started, else none', () => {
    const started = '2027-04-20T06:00:00.000Z';
    expect(termOfExecution({ term: '2026-autumn', season: 'summer' }, started)).toBe('2026-autumn');
    expect(termOfExecution({ term: 'autumn 2026', season: 'summer' }, started)).toBe('2027-summer');
    expect(termOfExecution({ season: 'winter' }, started)).toBeUndefined();
    expect(termOfExecution({ season: 3 }, started)).toBeUndefined();
    expect(termOfExecution({}, started)).toBeUndefined();
  });

  it('refuses a start time that gives no year, or one before 2000', () => {
    expect(termForScheduledRun('autumn', '2000-09-03T06:00:00.000Z')).toBe('2000-autumn');
    expect(() => termForScheduledRun('autumn', '1999-09-03T06:00:00.000Z')).toThrow(
      "cannot tell the year from the execution start time '1999-09-03T06:00:00.000Z'",
    );
    expect(() => termForScheduledRun('autumn', 'soon')).toThrow(
      "cannot tell the year from the execution start time 'soon'",
    );
  });

  it('takes the start of term as the future limit on the day itself', () => {
    expect(futureDateLimit('2027-01-05', '2027-01-05')).toBe('2027-01-05');
  });
});

describe('academic years', () => {
  it('reads each way files write one, as 2024/25, and nothing else', () => {
    for (const written of ['2024/25', '2024-25', '202425', '2024/2025', '2024-2025', ' 2024 / 25 ', '2024- 25'])
      expect(normaliseAcademicYear(written), written).toBe('2024/25');
    expect(normaliseAcademicYear('1999/00')).toBe('1999/00');
    for (const wrong of [
      '2024/26',
      '2024/2024',
      '2024/5',
      'x2024/25',
      '2024/25x',
      '1989/90',
      '2101/02',
      '24/25',
      '2024/abcd',
    ])
      expect(normaliseAcademicYear(wrong), wrong).toBeUndefined();
    expect(normaliseAcademicYear('1990/91')).toBe('1990/91');
    expect(normaliseAcademicYear('2100/01')).toBe('2100/01');
  });

  it("finds the year in a file's name, with or without a separator, and not inside a longer number", () => {
    expect(academicYearInFileName('ks2-2024-25.csv')).toBe('2024/25');
    expect(academicYearInFileName('england_ks2final_2024_25.csv')).toBe('2024/25');
    expect(academicYearInFileName('ks4_202425.xlsx')).toBe('2024/25');
    expect(academicYearInFileName('ks4 2024 25.xlsx')).toBe('2024/25');
    expect(academicYearInFileName('attendance_2024-2025.csv')).toBe('2024/25');
    expect(academicYearInFileName('attendance_2024_2025.csv')).toBe('2024/25');
    expect(academicYearInFileName('attendance_2024 2025.csv')).toBeUndefined();
    expect(academicYearInFileName('school_12024-25.csv')).toBeUndefined();
    expect(academicYearInFileName('school_2024-253.csv')).toBeUndefined();
    expect(academicYearInFileName('school_12024-2025.csv')).toBeUndefined();
    expect(academicYearInFileName('school_2024-20256.csv')).toBeUndefined();
    expect(academicYearInFileName('ks2.csv')).toBeUndefined();
  });

  it('gives the year an academic year starts in, and the years counted in a term, newest first', () => {
    expect(academicYearStart('2024/25')).toBe(2024);
    expect(countedAcademicYears('2026-09-03', 2)).toEqual(['2025/26', '2024/25']);
    expect(countedAcademicYears('2026-08-31', 2)).toEqual(['2024/25', '2023/24']);
    expect(countedAcademicYears('2027-01-05', 1)).toEqual(['2025/26']);
    expect(countedAcademicYears('2000-09-03', 1)).toEqual(['1999/00']);
  });
});
