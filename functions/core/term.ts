/**
 * School terms. A term is named by the calendar year it starts in and its season:
 * "2026-autumn" (September 2026), "2027-spring" (January 2027), "2027-summer" (April 2027).
 */
export const SEASONS = ['spring', 'summer', 'autumn'] as const;
export type Season = (typeof SEASONS)[number];

export interface Term {
  readonly year: number;
  readonly season: Season;
}

const TERM_PATTERN = /^(\d{4})-(spring|summer|autumn)$/;

export function isTermId(value: string): boolean {
  return TERM_PATTERN.test(value);
}

export function parseTerm(id: string): Term {
  const match = TERM_PATTERN.exec(id);
  if (!match) {
    throw new Error(`'${id}' is not a term: expected <year>-<autumn|spring|summer>, e.g. 2026-autumn`);
  }
  return { year: Number(match[1]), season: match[2] as Season };
}

export function termId(term: Term): string {
  return `${term.year}-${term.season}`;
}

/** A key that sorts terms in time order ("2026-3" for autumn 2026 sorts before "2027-1" for spring 2027). */
export function termSortKey(id: string): string {
  const term = parseTerm(id);
  return `${term.year}-${SEASONS.indexOf(term.season) + 1}`;
}

/** The terms given that come before `term`, in the order given: the earlier terms of its trends. */
export function termsBefore(terms: readonly string[], term: string): string[] {
  return terms.filter((t) => termSortKey(t) < termSortKey(term));
}

export function compareTerms(a: string, b: string): number {
  const ka = termSortKey(a);
  const kb = termSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function previousTerm(id: string): string {
  const { year, season } = parseTerm(id);
  const index = SEASONS.indexOf(season);
  return index === 0 ? termId({ year: year - 1, season: 'autumn' }) : termId({ year, season: SEASONS[index - 1]! });
}

export function nextTerm(id: string): string {
  const { year, season } = parseTerm(id);
  const index = SEASONS.indexOf(season);
  return index === SEASONS.length - 1
    ? termId({ year: year + 1, season: 'spring' })
    : termId({ year, season: SEASONS[index + 1]! });
}

/** The term a scheduled run belongs to: the season the schedule names, in the year the run starts. */
export function termForScheduledRun(season: Season, startedAt: string): string {
  const year = Number(startedAt.slice(0, 4));
  if (!Number.isInteger(year) || year < 2000) {
    throw new Error(`cannot tell the year from the execution start time '${startedAt}'`);
  }
  return termId({ year, season });
}

/**
 * The term an execution runs, from its input: the term it names, or the one its season's schedule meant in the
 * year the execution started. Undefined if it names neither properly.
 */
export function termOfExecution(input: { term?: unknown; season?: unknown }, startedAt: string): string | undefined {
  if (typeof input.term === 'string' && isTermId(input.term)) return input.term;
  if (typeof input.season === 'string' && (SEASONS as readonly string[]).includes(input.season))
    return termForScheduledRun(input.season as Season, startedAt);
  return undefined;
}

/** Human form for letters and reports: "autumn term 2026". */
export function describeTerm(id: string): string {
  const { year, season } = parseTerm(id);
  return `${season} term ${year}`;
}

/** The first day of a term, from the configured month-day of each season's start ("09-03"). */
export function termStartDate(id: string, termStartDates: Record<Season, string>): string {
  const { year, season } = parseTerm(id);
  return `${year}-${termStartDates[season]}`;
}

/** Dates after this are in the future for a term's run: the later of the day of the run and the start of term. */
export function futureDateLimit(today: string, termStart: string): string {
  return today > termStart ? today : termStart;
}

// ---------------------------------------------------------------- academic years

/**
 * An academic year as files write it ("2024/25", "2024-25", "202425" as Explore Education Statistics'
 * `time_period`, "2024/2025", "2024-2025"), always as `2024/25`; undefined if it is not one.
 */
export function normaliseAcademicYear(raw: string): string | undefined {
  const match = /^\s*(\d{4})\s*(?:[/-]\s*)?(\d{2}|\d{4})\s*$/.exec(raw);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]!.length === 4 ? match[2] : `${String(start + 1).slice(0, 2)}${match[2]}`);
  if (end !== start + 1 || start < 1990 || start > 2100) return undefined;
  return `${start}/${String(end).slice(2)}`;
}

/**
 * The academic year in a file's name ("ks2-2024-25.csv", "england_ks2final_2024_25.csv", "ks4_202425.xlsx"), if any.
 */
export function academicYearInFileName(name: string): string | undefined {
  const match = /(?<!\d)(\d{4})[-_ ]?(\d{2})(?!\d)/.exec(name) ?? /(?<!\d)(\d{4})[-_](\d{4})(?!\d)/.exec(name);
  return match ? normaliseAcademicYear(`${match[1]}/${match[2]}`) : undefined;
}

/** The calendar year an academic year starts in: 2024 for 2024/25. */
export function academicYearStart(year: string): number {
  return Number(year.slice(0, 4));
}

/**
 * The academic years whose figures count in a term: the `count` most recent completed before the term starts
 * (for a term starting 3 September 2026, 2025/26 and 2024/25), newest first.
 */
export function countedAcademicYears(termStart: string, count: number): string[] {
  const year = Number(termStart.slice(0, 4));
  const month = Number(termStart.slice(5, 7));
  // An academic year ends in August: in September or later the year that started last September has completed.
  const latestStart = month >= 9 ? year - 1 : year - 2;
  return Array.from({ length: count }, (_, i) => `${latestStart - i}/${String(latestStart - i + 1).slice(2)}`);
}
