/** Performance files' cells and years (functions/core/intake/performance.ts), at their edges. */
import { describe, expect, it } from 'vitest';
import { ks2Sheet, type PerformanceRow, withAcademicYears } from '../../functions/core/intake/performance';
import { describeRejection, readRows, readSheet } from '../../functions/core/sheets';

const read = (csv: string, file = 'ks2-performance.csv') => {
  const result = readSheet(ks2Sheet, file, readRows(file, new TextEncoder().encode(csv)));
  return { rows: result.accepted.map((a) => a.value), messages: result.rejected.map(describeRejection) };
};
const row = (urn: string, year?: string): PerformanceRow => ({
  urn,
  source: 'ks2',
  ...(year ? { year } : {}),
  measures: { readingWritingMathsExpected: 61 },
});

describe('a performance file at its edges', () => {
  it('reads a figure with or without a percentage sign or spaces, negative or with decimals, and nothing else', () => {
    const { rows, messages } = read(
      [
        'URN,PTRWM_EXP,READPROG,WRITPROG,MATPROG',
        '100001, 61 % ,-0.5,1.25,NP',
        '100002,61.,0,0,0',
        '100003,x61,0,0,0',
        '100004,61%x,0,0,0',
        '100005,1 5,0,0,0',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.urn, r.measures])).toEqual([
      ['100001', { readingWritingMathsExpected: 61, readingProgress: -0.5, writingProgress: 1.25 }],
    ]);
    expect(messages.map((m) => m.replace(/ is not a number.*/, ''))).toEqual([
      "ks2-performance.csv row 3, PTRWM_EXP: '61.'",
      "ks2-performance.csv row 4, PTRWM_EXP: 'x61'",
      "ks2-performance.csv row 5, PTRWM_EXP: '61%x'",
      "ks2-performance.csv row 6, PTRWM_EXP: '1 5'",
    ]);
  });

  it('takes one row per school and year: the same school in two years, and the first of two rows of one year', () => {
    const { rows, messages } = read(
      ['Year,URN,PTRWM_EXP', '2023/24,100001,60', '2024/25,100001,61', '2024/25,100001,62'].join('\n'),
    );
    expect(rows.map((r) => [r.urn, r.year, r.measures.readingWritingMathsExpected])).toEqual([
      ['100001', '2023/24', 60],
      ['100001', '2024/25', 61],
    ]);
    expect(messages).toEqual([
      "ks2-performance.csv row 4, URN: '100001' is not one row per school and year (already given at row 3)",
    ]);
    expect(read(['URN,PTRWM_EXP', '100001,60', '100001,61'].join('\n')).messages).toEqual([
      "ks2-performance.csv row 3, URN: '100001' is not one row per school and year (already given at row 2)",
    ]);
  });
});

describe("a performance file's academic year", () => {
  it("says it came from the column where every row has one, else the file's name, else the setting", () => {
    expect(withAcademicYears([row('100001', '2024/25')], 'ks2-2023-24.csv', '2022/23')).toEqual({
      rows: [{ ...row('100001'), year: '2024/25' }],
      from: 'column',
    });
    expect(withAcademicYears([row('100001', '2024/25'), row('100002')], 'ks2-2023-24.csv')).toEqual({
      rows: [
        { ...row('100001'), year: '2024/25' },
        { ...row('100002'), year: '2023/24' },
      ],
      from: 'file name',
    });
    expect(withAcademicYears([row('100002')], 'ks2.csv', '2022/23')).toEqual({
      rows: [{ ...row('100002'), year: '2022/23' }],
      from: 'setting',
    });
    expect(withAcademicYears([], 'ks2.csv').from).toBe('setting');
    expect(withAcademicYears([], 'ks2.csv').missing).toBeUndefined();
  });

  it('says how to give the year of an .xlsx file that gives none', () => {
    expect(withAcademicYears([{ ...row('100001'), source: 'attendance' }], 'Attendance.XLSX').missing).toBe(
      'the academic year of its figures: add a Year (or time_period) column, put the year in the file\'s name (e.g. Attendance-2024-25.xlsx), or give it (npm run cycle -- --year attendance=2024/25; on AWS, "performanceYears": {"attendance": "2024/25"} in the execution input)',
    );
  });
});
