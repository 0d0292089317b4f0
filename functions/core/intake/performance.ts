/**
 * DfE performance data (key stage 2 and 4 school-level files, attendance), as the performance tables and
 * Explore Education Statistics publish it. Every figure carries its academic year: from the file's `Year` /
 * `time_period` column, else from the file's name ("ks2-2024-25.csv"), else from the year the officer gives
 * (`--year ks2=2024/25` locally; `performanceYears` in the execution input on AWS). A file whose year cannot be
 * known is not read, and the intake report says how to give it.
 */
import { z } from 'zod';
import { urnCell } from '../cells';
import type { SheetSpec } from '../sheets';
import { academicYearInFileName, normaliseAcademicYear } from '../term';
import type { Performance } from '../types';

/** Suppression and not-applicable codes used in DfE and Explore Education Statistics files. */
const NOT_PUBLISHED = new Set([
  '',
  'supp',
  'ne',
  'np',
  'ns',
  'na',
  'n/a',
  'low',
  'lowcov',
  'x',
  'c',
  'z',
  'u',
  'q',
  ':',
  '.',
  '..',
  'dns',
  'nep',
]);

const measureCell = z.string().transform((value, ctx): number | undefined => {
  const v = value.trim();
  if (NOT_PUBLISHED.has(v.toLowerCase())) return undefined;
  const match = /^(-?\d+(?:\.\d+)?)\s*%?$/.exec(v);
  if (!match) {
    ctx.addIssue({
      code: 'custom',
      message: 'a number or percentage, or a suppression code (SUPP, NE, NP, LOW, NA, x, c, z)',
    });
    return z.NEVER;
  }
  return Number(match[1]);
});

const yearCell = z.string().transform((value, ctx): string | undefined => {
  if (value.trim() === '') return undefined;
  const year = normaliseAcademicYear(value);
  if (!year) {
    ctx.addIssue({ code: 'custom', message: 'an academic year such as 2024/25 or 202425' });
    return z.NEVER;
  }
  return year;
});

type MeasureColumns = Record<string, { header: string; aliases: string[]; description: string; example: string }>;

/** A performance row as read, before its year is settled (the file's column, name, or the officer's setting). */
export type PerformanceRow = Omit<Performance, 'year'> & { year?: string };

function performanceSheet(
  name: string,
  title: string,
  source: Performance['source'],
  measures: MeasureColumns,
): SheetSpec<PerformanceRow> {
  const shape: Record<string, z.ZodType<unknown, string>> = { urn: urnCell, year: yearCell };
  for (const key of Object.keys(measures)) shape[key] = measureCell;
  return {
    name,
    title,
    columns: {
      urn: {
        header: 'URN',
        aliases: ['school_urn', 'urn'],
        required: true,
        description: "The school's URN; rows without one (local authority and national averages) are passed over",
        example: '125100',
      },
      year: {
        header: 'Year',
        aliases: ['time_period', 'Academic year', 'academic_year'],
        required: false,
        description:
          "The academic year of the results, e.g. 2024/25 or 202425. Without this column, the year comes from the file's name (ks2-performance-2024-25.csv) or is given with --year",
        example: '2024/25',
      },
      ...Object.fromEntries(
        Object.entries(measures).map(([key, m]) => [
          key,
          { header: m.header, aliases: m.aliases, required: false, description: m.description, example: m.example },
        ]),
      ),
    },
    row: z.object(shape).transform((row) => {
      const values = row as Record<string, unknown>;
      const found: Record<string, number> = {};
      for (const key of Object.keys(measures)) if (typeof values[key] === 'number') found[key] = values[key] as number;
      return {
        urn: String(values.urn),
        source,
        ...(values.year ? { year: values.year as string } : {}),
        measures: found,
      };
    }) as unknown as z.ZodType<PerformanceRow, Record<string, string>>,
    unique: { key: (p) => `${p.urn}#${p.year ?? ''}`, column: 'urn', expected: 'one row per school and year' },
  };
}

export const ks2Sheet = performanceSheet('ks2-performance', 'Key stage 2 results (DfE performance tables)', 'ks2', {
  readingWritingMathsExpected: {
    header: 'PTRWM_EXP',
    aliases: ['pt_rwm_met_expected_standard'],
    description: 'Pupils meeting the expected standard in reading, writing and maths (%)',
    example: '61%',
  },
  readingWritingMathsExpectedDisadvantaged: {
    header: 'PTRWM_EXP_FSM6CLA1A',
    aliases: ['pt_rwm_met_expected_standard_disadvantaged'],
    description: 'The same, disadvantaged pupils (%)',
    example: '44%',
  },
  readingProgress: {
    header: 'READPROG',
    aliases: ['read_progress', 'reading_progress'],
    description: 'Reading progress score (not published for 2023/24 and 2024/25)',
    example: '0.4',
  },
  writingProgress: {
    header: 'WRITPROG',
    aliases: ['writ_progress', 'writing_progress'],
    description: 'Writing progress score',
    example: '-0.2',
  },
  mathsProgress: {
    header: 'MATPROG',
    aliases: ['mat_progress', 'maths_progress'],
    description: 'Maths progress score',
    example: '1.1',
  },
});

export const ks4Sheet = performanceSheet('ks4-performance', 'Key stage 4 results (DfE performance tables)', 'ks4', {
  attainment8: {
    header: 'ATT8SCR',
    aliases: ['attainment8_average'],
    description: 'Average Attainment 8 score',
    example: '46.2',
  },
  progress8: {
    header: 'P8MEA',
    aliases: ['progress8_average'],
    description: 'Progress 8 score (not published for 2024/25 and 2025/26)',
    example: '-0.12',
  },
  attainment8Disadvantaged: {
    header: 'ATT8SCR_FSM6CLA1A',
    aliases: ['attainment8_average_disadvantaged'],
    description: 'Average Attainment 8, disadvantaged pupils',
    example: '35.0',
  },
  progress8Disadvantaged: {
    header: 'P8MEA_FSM6CLA1A',
    aliases: ['progress8_average_disadvantaged'],
    description: 'Progress 8, disadvantaged pupils',
    example: '-0.6',
  },
  englishMaths94: {
    header: 'PTL2BASICS_94',
    aliases: ['pt_l2basics_94'],
    description: 'Pupils with grade 4 or above in English and maths (%)',
    example: '64%',
  },
});

export const attendanceSheet = performanceSheet(
  'attendance',
  'Attendance and absence (DfE / Explore Education Statistics)',
  'attendance',
  {
    overallAbsence: {
      header: 'sess_overall_percent',
      aliases: ['Overall absence rate', 'overall_absence_percent'],
      description: 'Overall absence: sessions missed (%)',
      example: '6.1',
    },
    persistentAbsence: {
      header: 'enrolments_pa_10_exact_percent',
      aliases: ['Persistent absence rate', 'persistent_absence_percent'],
      description: 'Pupils missing 10% or more of sessions (%)',
      example: '15.3',
    },
    severeAbsence: {
      header: 'enrolments_pa_50_exact_percent',
      aliases: ['Severe absence rate', 'severe_absence_percent'],
      description: 'Pupils missing 50% or more of sessions: severe absence (%)',
      example: '2.1',
    },
  },
);

export const PERFORMANCE_SHEETS = [ks2Sheet, ks4Sheet, attendanceSheet] as const;

/** The short names officers give a year by: `--year ks2=2024/25`. */
export const PERFORMANCE_SOURCES = ['ks2', 'ks4', 'attendance'] as const;
export type PerformanceSource = (typeof PERFORMANCE_SOURCES)[number];

/**
 * Settles the year of a file's rows: the row's own, else the file name's, else the year given for the source.
 * Without any, `missing` says how to give one and no row is used.
 */
export function withAcademicYears(
  rows: readonly PerformanceRow[],
  file: string,
  given?: string,
): { rows: Performance[]; missing?: string; from: 'column' | 'file name' | 'setting' } {
  const fromName = academicYearInFileName(file);
  const fallback = fromName ?? given;
  const from = rows.every((r) => r.year) && rows.length > 0 ? 'column' : fromName ? 'file name' : 'setting';
  if (!fallback && rows.some((r) => !r.year)) {
    const source = rows[0]?.source ?? 'ks2';
    return {
      rows: [],
      from,
      missing: `the academic year of its figures: add a Year (or time_period) column, put the year in the file's name (e.g. ${file.replace(/\.(csv|xlsx)$/i, '')}-2024-25.${/\.xlsx$/i.test(file) ? 'xlsx' : 'csv'}), or give it (npm run cycle -- --year ${source}=2024/25; on AWS, "performanceYears": {"${source}": "2024/25"} in the execution input)`,
    };
  }
  return { rows: rows.map((r) => ({ ...r, year: r.year ?? fallback! })), from };
}
