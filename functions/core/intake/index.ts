/**
 * The term's input files, as an authority holds them, read into the domain. Pure: bytes in, schools, evidence
 * and rejected rows out. Every file and column is documented in docs/inputs.md and the templates/ folder.
 *
 * National files (the GIAS register and links, Ofsted's management information, DfE performance data) may
 * cover all of England: only this authority's rows are read, and other authorities' rows are not errors.
 * The LA's own sheets (contacts, intelligence, ...) are about its own schools: a URN that is not in its register
 * is rejected.
 *
 * readTermIntake runs named steps in order: recognise the files, read the register, the schools in scope and
 * their AAG areas, predecessor chains, inspections (and those inherited from predecessors), performance with
 * its academic years, the LA's sheets, the baseline check and the missing contacts. Each is linear in the
 * number of rows.
 */

import { decisionsSheet } from '../assessment/moderation';
import { normaliseHeader } from '../csv';
import { ecbDecisionsSheet } from '../intervention/warning-notices';
import { LETTER_RECIPIENT_ROLES } from '../letters/letters';
import {
  describeRejection,
  hasRequiredColumns,
  type ReadOptions,
  type Row,
  readRows,
  readSheet,
  type SheetResult,
  type SheetSpec,
} from '../sheets';
import type {
  BaselineCategory,
  Contact,
  Inspection,
  Intelligence,
  MeasureFigure,
  Performance,
  RejectedRow,
  School,
  SystemLeader,
  TaskGroupReport,
  TscResponse,
  VisitNote,
} from '../types';
import { readXlsxSheets } from '../xlsx';
import { describeOfstedLayout, inspectionsSheet, ofstedLayoutOf, type SchoolInspections } from './inspections';
import {
  aagAreaOf,
  aagAreasSheet,
  consortiaSheet,
  contactsSheet,
  intelligenceSheet,
  measureFiguresSheet,
  previousCategoriesSheet,
  systemLeadersSheet,
  taskGroupReportsSheet,
  tscResponsesSheet,
  visitNotesSheet,
} from './la-sheets';
import {
  attendanceSheet,
  ks2Sheet,
  ks4Sheet,
  PERFORMANCE_SHEETS,
  type PerformanceRow,
  type PerformanceSource,
  withAcademicYears,
} from './performance';
import { linksSheet, predecessorChains, registerSheet, schoolsInScope } from './register';

export { inspectionsSheet, OFSTED_LAYOUTS, ofstedLayoutOf } from './inspections';
export {
  aagAreasSheet,
  consortiaSheet,
  contactsSheet,
  intelligenceSheet,
  measureFiguresSheet,
  previousCategoriesSheet,
  systemLeadersSheet,
  taskGroupReportsSheet,
  tscResponsesSheet,
  visitNotesSheet,
} from './la-sheets';
export { attendanceSheet, ks2Sheet, ks4Sheet, PERFORMANCE_SOURCES, type PerformanceSource } from './performance';
export { linksSheet, phaseOf, registerSheet } from './register';

/** Every input, in the order they are read. */
export const SHEETS = [
  registerSheet,
  linksSheet,
  consortiaSheet,
  aagAreasSheet,
  inspectionsSheet,
  ks2Sheet,
  ks4Sheet,
  attendanceSheet,
  intelligenceSheet,
  contactsSheet,
  systemLeadersSheet,
  taskGroupReportsSheet,
  visitNotesSheet,
  tscResponsesSheet,
  measureFiguresSheet,
  previousCategoriesSheet,
] as const;

/** Sheets an LA keeps itself: templates for these ship in templates/. */
export const LA_SHEETS = [
  consortiaSheet,
  aagAreasSheet,
  intelligenceSheet,
  contactsSheet,
  systemLeadersSheet,
  taskGroupReportsSheet,
  visitNotesSheet,
  tscResponsesSheet,
  measureFiguresSheet,
  previousCategoriesSheet,
] as const;

/** Files without which the cycle cannot run at all. */
export const REQUIRED_SHEETS = [registerSheet, contactsSheet] as const;

/**
 * Files in a term's folder that other steps read, never intake: the AAGs' decisions (given when the AAGs are asked)
 * and the ECB's decisions on warning notices (given when the ECB is asked). Recognised by their names, or by their
 * columns, so that a copy of one under another name is never read as an intake sheet (the ECB's sheet has an "AAG
 * area" column, which the AAG areas sheet has too).
 */
const READ_ELSEWHERE = [
  { spec: decisionsSheet, by: "the AAGs' decisions, given to the cycle when it asks the AAGs" },
  { spec: ecbDecisionsSheet, by: "the ECB's decisions on warning notices, given to the cycle when it asks the ECB" },
] as const;

// ---------------------------------------------------------------- the whole term

/** The column a rejection names when a whole file could not be used (rejected.csv lists it with the rows). */
export const WHOLE_FILE = '(the whole file)';

export interface FileSummary {
  sheet: string;
  file: string;
  /** Rows considered (a national file: this authority's rows only). */
  rows: number;
  skipped: number;
  rejectedRows: number;
  /** How the file was recognised: by its name, or by its columns when its name is not one intake knows. */
  recognisedBy: 'name' | 'columns';
  /** The layout of the file, where a source has published several (Ofsted). */
  layout?: string;
  /** Where the academic year of performance figures came from. */
  academicYear?: string;
  /** The file's header row, for the report when nearly every row is rejected. */
  headers: readonly string[];
  /** Why the file could not be used at all (empty, unreadable, no year, an unknown layout): the cycle stops. */
  problem?: string;
}

export interface TermIntake {
  schools: School[];
  inspections: Inspection[];
  performance: Performance[];
  intelligence: Intelligence[];
  contacts: Contact[];
  systemLeaders: SystemLeader[];
  taskGroupReports: TaskGroupReport[];
  visitNotes: VisitNote[];
  tscResponses: TscResponse[];
  measureFigures: MeasureFigure[];
  baseline: BaselineCategory[];
  rejected: RejectedRow[];
  files: FileSummary[];
  /**
   * Files in the folder that intake did not read, and why: not recognised, recognised as two things, or another step's.
   */
  unrecognised: { file: string; why: string }[];
  /** The authority's name as the register gives it (GIAS's `LA (name)`), if it does. */
  laName?: string;
  /** Register rows for the authority left out of the cycle: closed, or not a maintained school or academy. */
  leftOut: number;
  /** Schools in the cycle without a headteacher or chair of governors contact (or trust chair, for an academy). */
  missingContacts: { urn: string; role: string }[];
  /** Academies whose predecessor's inspections stand until they are inspected themselves. */
  inherited: { urn: string; predecessorUrn: string }[];
  /**
   * Schools Ofsted's file lists under this authority (its LAESTAB) that the register does not have: a data problem to
   * see.
   */
  ofstedNotInRegister: { urn: string; name: string }[];
  /** Register rows that repeat an earlier row exactly: read once, and said. */
  repeatedRegisterRows?: readonly { row: number; repeats: number }[];
}

export class IntakeHalted extends Error {
  override readonly name = 'IntakeHalted';
}

export interface IntakeOptions {
  readonly laCode: string;
  /** Dates after this (ISO) are rejected as in the future: the later of the run's date and the start of term. */
  readonly notAfter?: string;
  /** The methodology's categories, which the baseline must use. */
  readonly categories?: readonly string[];
  /** The academic year of performance files that carry none in a column or their name, by source. */
  readonly performanceYears?: Partial<Record<PerformanceSource, string>>;
}

/**
 * Sheets of which a term may hold several files, one per academic year (e.g. ks2-performance-2023-24.csv,
 * ...-2024-25.csv).
 */
const ONE_FILE_PER_YEAR = new Set<string>(PERFORMANCE_SHEETS.map((s) => s.name));

/**
 * The files for a sheet by their names: `<name>.csv` or `<name>.xlsx`, or `<name>-<anything>` (such as
 * `ks2-performance-2024-25.csv`). Two files for a sheet that takes one is a mistake the officer must resolve.
 */
export function filesFor(spec: { name: string }, names: Iterable<string>): string[] {
  const base = spec.name.toLowerCase();
  const matches = [...names].filter((n) => {
    const lower = n.toLowerCase();
    return (
      /\.(csv|xlsx)$/.test(lower) &&
      (lower.replace(/\.(csv|xlsx)$/, '') === base || lower.startsWith(`${base}-`) || lower.startsWith(`${base}_`))
    );
  });
  if (matches.length > 1 && !ONE_FILE_PER_YEAR.has(spec.name))
    throw new IntakeHalted(`both ${matches.join(' and ')} are present: keep one of them`);
  return matches.sort();
}

// ---------------------------------------------------------------- step: recognise the files

/** The first row of a file (of each worksheet, for a workbook), without reading the rest. */
function headerRows(file: string, bytes: Uint8Array): string[][] {
  try {
    if (/\.xlsx$/i.test(file))
      return readXlsxSheets(bytes).map((sheet) => (sheet.rows[0]?.cells ?? []).map((c) => c.trim()));
    const first = readRows(file, bytes)[Symbol.iterator]().next();
    return first.done ? [] : [first.value.cells.map((c) => c.trim())];
  } catch {
    return [];
  }
}

/** How strongly a header row looks like a sheet: every required column, and how many of its columns are there. */
function resemblance(spec: SheetSpec<unknown>, headers: readonly string[]): number {
  if (spec.name === inspectionsSheet.name) return ofstedLayoutOf(headers) ? 100 : 0;
  if (!hasRequiredColumns(spec, headers)) return 0;
  const names = new Set(headers.map(normaliseHeader));
  const found = Object.values(spec.columns).filter((c) =>
    [c.header, ...(c.aliases ?? [])].some((n) => names.has(normaliseHeader(n))),
  ).length;
  // A file with nothing but a URN is no sheet in particular.
  return found >= 2 ? found : 0;
}

/** How much more a file must look like one role than any other to be taken as it by its columns. */
const CLEAR_MARGIN = 2;

/**
 * Which file holds which sheet: by name first (`register.csv`), then, for a file whose name intake does not know
 * (an Ofsted download keeps Ofsted's name), by its columns. Each file has one role: a file whose columns fit two
 * roles about equally is not read, and the report says which two; a file that is another step's (the AAGs' or the
 * ECB's decisions), by name or by columns, is never read as intake; a file that fits no role is listed.
 */
export function recogniseFiles(files: ReadonlyMap<string, Uint8Array>): {
  bySheet: Map<string, Source[]>;
  unrecognised: { file: string; why: string }[];
} {
  const names = [...files.keys()].sort();
  const bySheet = new Map<string, Source[]>();
  for (const spec of SHEETS) {
    const found = filesFor(spec, names);
    if (found.length > 0)
      bySheet.set(
        spec.name,
        found.map((file) => ({ file, by: 'name' as const })),
      );
  }
  const named = new Set([...bySheet.values()].flat().map((v) => v.file));
  const unrecognised: { file: string; why: string }[] = [];
  const roles = [
    ...SHEETS.map((spec) => ({ spec: spec as SheetSpec<unknown>, by: undefined as string | undefined })),
    ...READ_ELSEWHERE.map((r) => ({ spec: r.spec as SheetSpec<unknown>, by: r.by as string | undefined })),
  ];
  for (const file of names) {
    if (named.has(file)) continue;
    const elsewhere = READ_ELSEWHERE.find((r) => filesFor(r.spec, [file]).length > 0);
    if (elsewhere) {
      unrecognised.push({ file, why: `not intake's: ${elsewhere.by}` });
      continue;
    }
    if (!/\.(csv|xlsx)$/i.test(file) || file.startsWith('.')) {
      unrecognised.push({ file, why: 'not a CSV file or an Excel workbook' });
      continue;
    }
    const sheets = headerRows(file, files.get(file)!);
    const scored = roles
      .map((role) => ({ ...role, score: Math.max(0, ...sheets.map((headers) => resemblance(role.spec, headers))) }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score);
    const [best, second] = scored;
    if (!best) {
      unrecognised.push({
        file,
        why: 'its name and columns are not those of any input (check the name or the columns)',
      });
      continue;
    }
    if (second && best.score - second.score < CLEAR_MARGIN) {
      unrecognised.push({
        file,
        why: `its columns fit both ${best.spec.name} and ${second.spec.name}: name it as the one it is (${best.spec.name}.csv or ${second.spec.name}.csv)`,
      });
      continue;
    }
    if (best.by) {
      unrecognised.push({ file, why: `its columns are those of ${best.spec.name}: not intake's (${best.by})` });
      continue;
    }
    const taken = bySheet.get(best.spec.name) ?? [];
    if (taken.length > 0 && !ONE_FILE_PER_YEAR.has(best.spec.name))
      throw new IntakeHalted(
        `${taken[0]!.file} and ${file} both hold ${best.spec.title.toLowerCase()}: keep one of them`,
      );
    bySheet.set(best.spec.name, [...taken, { file, by: 'columns' }]);
  }
  return { bySheet, unrecognised };
}

// ---------------------------------------------------------------- reading one file

interface Source {
  file: string;
  by: 'name' | 'columns';
}

class TermReader {
  readonly rejected: RejectedRow[] = [];
  readonly summaries: FileSummary[] = [];

  constructor(
    private readonly files: ReadonlyMap<string, Uint8Array>,
    private readonly sources: Map<string, Source[]>,
    private readonly notAfter: string | undefined,
  ) {}

  fileOf(spec: { name: string }): string | undefined {
    return this.sources.get(spec.name)?.[0]?.file;
  }

  /** The summary of the sheet's file (of `file`, where the sheet has one per year). */
  summaryOf(spec: { name: string }, file = this.fileOf(spec)): FileSummary | undefined {
    return this.summaries.find((f) => f.sheet === spec.name && f.file === file);
  }

  /** A problem with a file as a whole: one message, first, instead of a rejection for every row. */
  fileProblem(spec: { name: string }, problem: string, required: boolean, file = this.fileOf(spec)): void {
    const summary = this.summaryOf(spec, file)!;
    if (required) throw new IntakeHalted(`${summary.file} ${problem}: the cycle cannot run without it`);
    summary.problem = problem;
    summary.rejectedRows = Math.max(summary.rejectedRows, 1);
    this.rejected.push({
      file: summary.file,
      row: 1,
      column: WHOLE_FILE,
      value: summary.file,
      expected: `a file intake can use: it ${problem}`,
    });
  }

  /**
   * Reads a sheet's file, or nothing if the term has none. `specFor` may choose the spec from the header (a layout).
   */
  read<T>(
    spec: SheetSpec<T>,
    options: ReadOptions & { required?: boolean; specFor?: (headers: string[]) => SheetSpec<T> | string } = {},
  ): SheetResult<T> {
    const source = this.sources.get(spec.name)?.[0];
    return source
      ? this.readFile(spec, source, options)
      : { headers: [], accepted: [], rejected: [], rows: 0, skipped: 0 };
  }

  /** Reads every file of a sheet that takes one per academic year. */
  readEach<T>(spec: SheetSpec<T>, options: ReadOptions = {}): { file: string; result: SheetResult<T> }[] {
    return (this.sources.get(spec.name) ?? []).map((source) => ({
      file: source.file,
      result: this.readFile(spec, source, options),
    }));
  }

  private readFile<T>(
    spec: SheetSpec<T>,
    source: Source,
    options: ReadOptions & { required?: boolean; specFor?: (headers: string[]) => SheetSpec<T> | string },
  ): SheetResult<T> {
    const none: SheetResult<T> = { headers: [], accepted: [], rejected: [], rows: 0, skipped: 0 };
    const { file } = source;
    const bytes = this.files.get(file)!;
    this.summaries.push({
      sheet: spec.name,
      file,
      rows: 0,
      skipped: 0,
      rejectedRows: 0,
      recognisedBy: source.by,
      headers: [],
    });
    const summary = this.summaryOf(spec, file)!;
    const required = options.required ?? false;
    const fileProblem = (problem: string) => this.fileProblem(spec, problem, required, file);
    if (bytes.length === 0) {
      fileProblem('is empty (0 bytes)');
      return none;
    }
    let rows: Iterable<Row>;
    try {
      rows = readRows(file, bytes, spec);
    } catch (error) {
      fileProblem(
        `cannot be read: ${(error as Error).message.replace(`${file} cannot be read: `, '').replace(`${file}: `, '')}`,
      );
      return none;
    }
    const iterator = rows[Symbol.iterator]();
    const head = iterator.next();
    if (head.done || head.value.cells.every((c) => c.trim() === '')) {
      fileProblem('is blank (it has no header row)');
      return none;
    }
    const headers = head.value.cells.map((c) => c.trim());
    summary.headers = headers;
    let chosen: SheetSpec<T> = spec;
    if (options.specFor) {
      const found = options.specFor(headers);
      if (typeof found === 'string') {
        fileProblem(found);
        return { ...none, headers };
      }
      chosen = found;
    }
    // The header row again, then the rest, without a generator's overhead on every row of a national file.
    let headGiven = false;
    const withHead: Iterable<Row> = {
      [Symbol.iterator]: () => ({
        next: () => {
          if (headGiven) return iterator.next();
          headGiven = true;
          return head;
        },
      }),
    };
    const result = readSheet(chosen, file, withHead, { notAfter: this.notAfter, ...options });
    // A sheet with nothing to report this term (no task-group reports yet) is fine; a register or contacts is not.
    if (required && result.rows === 0 && result.skipped === 0 && result.rejected.length === 0) {
      fileProblem('has a header row but no rows');
      return result;
    }
    if (required && result.rejected.some((r) => r.expected.startsWith('a column named'))) {
      throw new IntakeHalted(`${file} cannot be read: ${result.rejected.map((r) => r.expected).join('; ')}`);
    }
    this.rejected.push(...result.rejected);
    summary.rows = result.rows;
    summary.skipped = result.skipped;
    summary.rejectedRows = new Set(result.rejected.filter((r) => !r.rowKept).map((r) => r.row)).size;
    return result;
  }

  /** Rejects a row the sheet accepted but the term cannot use, naming its file, row, column and what was expected. */
  reject(
    spec: SheetSpec<unknown>,
    line: number,
    columnKey: string,
    value: string,
    expected: string,
    countRow = true,
  ): void {
    const summary = this.summaryOf(spec)!;
    this.rejected.push({
      file: summary.file,
      row: line,
      column: spec.columns[columnKey]?.header ?? columnKey,
      value,
      expected,
    });
    if (countRow) summary.rejectedRows++;
  }
}

// ---------------------------------------------------------------- the steps

/** Reads a term's files. Throws IntakeHalted when the register or the contacts are missing or cannot be used. */
export function readTermIntake(files: ReadonlyMap<string, Uint8Array>, options: IntakeOptions): TermIntake {
  const { laCode } = options;
  const { bySheet, unrecognised } = recogniseFiles(files);
  for (const spec of REQUIRED_SHEETS) {
    if (!bySheet.has(spec.name))
      throw new IntakeHalted(`${spec.name}.csv (or .xlsx) is missing: the cycle cannot run without it`);
  }
  const reader = new TermReader(files, bySheet, options.notAfter);

  // The register may be the whole of England: keep only this authority's rows before validating.
  const otherAuthorities = new Map<string, number>();
  const register = reader.read(registerSheet, {
    required: true,
    keep: (cells) => {
      if (cells.laCode === laCode) return true;
      otherAuthorities.set(cells.laCode ?? '', (otherAuthorities.get(cells.laCode ?? '') ?? 0) + 1);
      return false;
    },
  });
  const registerFile = reader.fileOf(registerSheet)!;
  if (register.rows === 0) {
    const others = [...otherAuthorities.entries()].sort((a, b) => b[1] - a[1]);
    const total = others.reduce((n, [, count]) => n + count, 0);
    const listed =
      others
        .slice(0, 5)
        .map(([code]) => code || '(blank)')
        .join(', ') + (others.length > 5 ? ` and ${others.length - 5} more` : '');
    throw new IntakeHalted(
      `${registerFile} has no rows for LA ${laCode} (its ${total.toLocaleString('en-GB')} rows are for LA ${listed}): check the LA code (--la) or the register`,
    );
  }
  const inRegister = new Set(register.accepted.map((r) => r.value.urn));
  const laName = register.accepted.find((r) => r.value.laName)?.value.laName;

  const consortia = reader.read(consortiaSheet);
  const consortiumOf = new Map(consortia.accepted.map(({ value }) => [value.urn, value.consortium]));
  const scope = schoolsInScope(register.accepted, consortiumOf);
  for (const gap of scope.gaps) {
    reader.rejected.push({
      file: registerFile,
      row: gap.line,
      column: gap.column,
      value: '',
      expected: `${gap.expected}; the school is held out of the cycle until it is given`,
    });
  }
  reader.summaryOf(registerSheet)!.rejectedRows += new Set(scope.gaps.map((g) => g.line)).size;
  const chairs = new Set(consortia.accepted.filter(({ value }) => value.chair).map(({ value }) => value.urn));
  const schools = assignAagAreas(
    reader,
    scope.schools,
    inRegister,
    consortia.accepted.map((c) => c.value.consortium),
  ).map((s) => (chairs.has(s.urn) ? { ...s, chairsConsortium: true } : s));
  const inCycle = new Set(schools.map((s) => s.urn));

  const links = reader.read(linksSheet, {
    keep: (cells) => inCycle.has(cells.urn ?? '') || inCycle.has(cells.linkUrn ?? ''),
  });
  const { chainOf } = predecessorChains(
    inCycle,
    consortia.accepted.map((c) => c.value),
    links.accepted.map((l) => l.value),
  );
  const predecessors = new Set(schools.flatMap((s) => chainOf(s.urn)));

  /** Evidence must be about a school in this authority's register; rows for other schools are rejected by name. */
  const forRegisteredSchools = <T extends { urn: string }>(result: SheetResult<T>, spec: SheetSpec<T>): T[] =>
    result.accepted.flatMap(({ line, value }) => {
      if (inRegister.has(value.urn)) return inCycle.has(value.urn) ? [value] : [];
      reader.reject(spec as SheetSpec<unknown>, line, 'urn', value.urn, `a URN in ${registerFile} for LA ${laCode}`);
      return [];
    });

  const ofsted = readInspections(reader, schools, inCycle, predecessors, chainOf, { laCode, inRegister });
  const { inspections, inherited } = ofsted;
  const inCycleSchools = schools.map((s) =>
    ofsted.unreadable.has(s.urn) ? { ...s, ofstedRowUnreadable: ofsted.unreadable.get(s.urn)! } : s,
  );
  const performance = readPerformance(reader, inCycle, options.performanceYears ?? {});
  const intelligence = forRegisteredSchools(reader.read(intelligenceSheet), intelligenceSheet);
  const contacts = forRegisteredSchools(reader.read(contactsSheet, { required: true }), contactsSheet);
  const taskGroupReports = forRegisteredSchools(reader.read(taskGroupReportsSheet), taskGroupReportsSheet);
  const visitNotes = forRegisteredSchools(reader.read(visitNotesSheet), visitNotesSheet);
  const tscResponses = forRegisteredSchools(reader.read(tscResponsesSheet), tscResponsesSheet);
  // Figures for the authority or an area, not a school: every accepted row is kept.
  const measureFigures = reader.read(measureFiguresSheet).accepted.map(({ value }) => value);
  const baseline = forRegisteredSchools(
    checkBaseline(reader, reader.read(previousCategoriesSheet), options.categories),
    previousCategoriesSheet,
  );
  const systemLeaders = reader.read(systemLeadersSheet).accepted.map(({ value }) => value);
  const missingContacts = findMissingContacts(schools, contacts);

  const rejected = reader.rejected.sort((a, b) => (a.file === b.file ? a.row - b.row : a.file < b.file ? -1 : 1));
  return {
    schools: inCycleSchools,
    inspections,
    performance,
    intelligence,
    contacts,
    systemLeaders,
    taskGroupReports,
    visitNotes,
    tscResponses,
    measureFigures,
    baseline,
    rejected,
    files: reader.summaries,
    unrecognised,
    laName,
    leftOut: scope.leftOut,
    missingContacts,
    inherited,
    ofstedNotInRegister: ofsted.notInRegister,
    ...(register.repeated ? { repeatedRegisterRows: register.repeated } : {}),
  };
}

/** Step: each school's AAG area, from the authority's aag-areas sheet, else its GIAS district. */
function assignAagAreas(
  reader: TermReader,
  schools: School[],
  inRegister: ReadonlySet<string>,
  consortia: readonly string[],
): School[] {
  const areas = reader.read(aagAreasSheet);
  if (areas.accepted.length === 0) return schools;
  const urns = new Set(schools.map((s) => s.urn));
  const knownConsortia = new Set(consortia.map((c) => c.toLowerCase()));
  const wards = new Set(schools.flatMap((s) => (s.ward ? [s.ward.toLowerCase()] : [])));
  const usable = areas.accepted.filter(({ line, value }) => {
    if (value.urn && !inRegister.has(value.urn))
      reader.reject(
        aagAreasSheet as SheetSpec<unknown>,
        line,
        'urn',
        value.urn,
        `a URN in ${reader.fileOf(registerSheet)} for the authority`,
      );
    else if (value.urn && !urns.has(value.urn))
      return false; // a school the cycle leaves out (closed, or not a maintained school or academy)
    else if (value.consortium && !knownConsortia.has(value.consortium.toLowerCase()))
      reader.reject(
        aagAreasSheet as SheetSpec<unknown>,
        line,
        'consortium',
        value.consortium,
        'a consortium or network named in consortia',
      );
    else if (value.ward && !wards.has(value.ward.toLowerCase()))
      reader.reject(
        aagAreasSheet as SheetSpec<unknown>,
        line,
        'ward',
        value.ward,
        "a ward of a school in the cycle (the register's AdministrativeWard (name))",
      );
    else return true;
    return false;
  });
  const areaOf = aagAreaOf(usable.map((a) => a.value));
  return schools.map((school) => ({ ...school, district: areaOf(school) }));
}

/**
 * Ofsted's "all inspections" (year to date) file, one row per inspection, is not the "latest inspections" file the
 * cycle reads (one row per school): its header has an inspection number of its own and no column of a school's
 * latest inspections.
 */
function allInspectionsFile(headers: readonly string[]): boolean {
  const names = headers.map(normaliseHeader);
  return names.includes(normaliseHeader('Inspection number')) && !names.some((n) => n.includes('latest'));
}

const ALL_INSPECTIONS =
  'looks like Ofsted\'s "all inspections" file (one row per inspection, several for a school), not its "latest inspections" file (one row per school, its latest inspections), which the cycle reads: download "Management information - state-funded schools - latest inspections" and give that instead';

/**
 * Step: inspections from Ofsted's file, in whichever layout it is, for the schools in the cycle and their
 * predecessors. An academy with no inspection of its own takes its predecessor's until it is inspected itself. A
 * school whose row cannot be used at all is marked as listed by Ofsted (never "not inspected"); a school Ofsted lists
 * under this authority that the register does not have is listed for the officer.
 */
function readInspections(
  reader: TermReader,
  schools: readonly School[],
  inCycle: ReadonlySet<string>,
  predecessors: ReadonlySet<string>,
  chainOf: (urn: string) => string[],
  context: { laCode: string; inRegister: ReadonlySet<string> },
) {
  const ours = (cells: Record<string, string>) => inCycle.has(cells.urn ?? '') || predecessors.has(cells.urn ?? '');
  const notInRegister = new Map<string, string>();
  const unreadableRows = new Map<string, number>();
  const read = reader.read(inspectionsSheet, {
    keep: (cells) => {
      if (ours(cells)) return true;
      const urn = cells.urn ?? '';
      if (
        /^\d{6,7}$/.test(urn) &&
        (cells.laestab ?? '').replace(/\D/g, '').startsWith(context.laCode) &&
        !context.inRegister.has(urn)
      )
        notInRegister.set(urn, cells.schoolName ?? '');
      return false;
    },
    onRejected: (cells, line) => {
      if (cells.urn) unreadableRows.set(cells.urn, line);
    },
    specFor: (headers) => {
      if (allInspectionsFile(headers)) return ALL_INSPECTIONS;
      const layout = ofstedLayoutOf(headers);
      if (!layout)
        return `is not in a layout of Ofsted's file that intake reads (it needs URN with either the report-card columns or the graded-inspection columns); its columns are: ${headers.filter(Boolean).join(', ')}`;
      reader.summaryOf(inspectionsSheet)!.layout = describeOfstedLayout(layout, headers);
      return layout.spec;
    },
  });
  const summary = reader.summaryOf(inspectionsSheet);
  // Several schools on more than one row each: one row per inspection, so none of them is read as a school's latest.
  const repeated = new Set(
    read.rejected.filter((r) => r.expected.startsWith(inspectionsSheet.unique!.expected)).map((r) => r.row),
  );
  if (summary && !summary.problem && repeated.size > 1) {
    reader.fileProblem(
      inspectionsSheet,
      `${ALL_INSPECTIONS} (${repeated.size} of its rows repeat a school given on an earlier row)`,
      false,
    );
    return {
      inspections: [],
      inherited: [],
      notInRegister: [...notInRegister].map(([urn, name]) => ({ urn, name })),
      unreadable: new Map<string, string>(),
    };
  }
  const byUrn = new Map<string, Inspection[]>();
  for (const { value } of read.accepted as { value: SchoolInspections }[]) byUrn.set(value.urn, value.inspections);
  const problemsOf = (line: number) =>
    read.rejected
      .filter((r) => r.row === line && !r.rowKept)
      .map(describeRejection)
      .join('; ');
  const inspections: Inspection[] = [];
  const inherited: { urn: string; predecessorUrn: string }[] = [];
  // Schools whose own row (or, with no inspection of their own, a predecessor's) Ofsted lists but intake could not use.
  const unreadable = new Map<string, string>();
  for (const school of schools) {
    const own = byUrn.get(school.urn) ?? [];
    if (own.length > 0) {
      inspections.push(...own);
      continue;
    }
    let found = false;
    for (const predecessorUrn of chainOf(school.urn)) {
      const theirs = byUrn.get(predecessorUrn) ?? [];
      if (theirs.length === 0) continue;
      inspections.push(...theirs.map((i) => ({ ...i, urn: school.urn, inheritedFromUrn: predecessorUrn })));
      inherited.push({ urn: school.urn, predecessorUrn });
      found = true;
      break;
    }
    const listed = [school.urn, ...chainOf(school.urn)].find((urn) => unreadableRows.has(urn));
    if (!found && listed) unreadable.set(school.urn, problemsOf(unreadableRows.get(listed)!));
  }
  return {
    inspections,
    inherited,
    notInRegister: [...notInRegister].map(([urn, name]) => ({ urn, name })),
    unreadable,
  };
}

/** Step: key stage 2 and 4 results and attendance, each figure with its academic year. */
function readPerformance(
  reader: TermReader,
  inCycle: ReadonlySet<string>,
  years: Partial<Record<PerformanceSource, string>>,
): Performance[] {
  const sourceOf: Record<string, PerformanceSource> = {
    [ks2Sheet.name]: 'ks2',
    [ks4Sheet.name]: 'ks4',
    [attendanceSheet.name]: 'attendance',
  };
  return PERFORMANCE_SHEETS.flatMap((spec) =>
    reader.readEach(spec, { keep: (cells) => inCycle.has(cells.urn ?? '') }).flatMap(({ file, result }) => {
      const summary = reader.summaryOf(spec, file);
      if (!summary || summary.problem) return [];
      const settled = withAcademicYears(
        result.accepted.map((a) => a.value as PerformanceRow),
        file,
        years[sourceOf[spec.name]!],
      );
      if (settled.missing) {
        reader.fileProblem(spec, `does not say ${settled.missing}`, false, file);
        return [];
      }
      const found = [...new Set(settled.rows.map((r) => r.year))].sort();
      const yearColumn = summary.headers.find((h) =>
        [spec.columns.year!.header, ...(spec.columns.year!.aliases ?? [])].some(
          (n) => n.toLowerCase() === h.toLowerCase(),
        ),
      );
      const from =
        settled.from === 'column'
          ? `file's ${yearColumn ?? 'Year'} column`
          : settled.from === 'file name'
            ? "file's name"
            : 'year given for it';
      if (found.length > 0) summary.academicYear = `${found.join(', ')} (from the ${from})`;
      return settled.rows;
    }),
  );
}

/** Step: the baseline's categories must be the methodology's. */
function checkBaseline(
  reader: TermReader,
  read: SheetResult<BaselineCategory>,
  categories: readonly string[] | undefined,
): SheetResult<BaselineCategory> {
  if (!categories) return read;
  const accepted = read.accepted.filter(({ line, value }) => {
    if (categories.includes(value.category)) return true;
    reader.reject(
      previousCategoriesSheet as SheetSpec<unknown>,
      line,
      'category',
      value.category,
      `one of ${categories.join(', ')}`,
    );
    return false;
  });
  return { ...read, accepted };
}

/** Step: schools in the cycle without a contact for a role their letters go to. Computed once, here. */
export function findMissingContacts(
  schools: readonly School[],
  contacts: readonly Contact[],
): { urn: string; role: string }[] {
  const given = new Set(contacts.map((c) => `${c.urn}#${c.role}`));
  return schools.flatMap((school) =>
    LETTER_RECIPIENT_ROLES(school)
      .filter((role) => !given.has(`${school.urn}#${role}`))
      .map((role) => ({ urn: school.urn, role })),
  );
}

/**
 * Why the cycle must not go on with these files, if it must not: more than `maxRejectedShare` of a file's rows
 * were rejected. The cycle then stops before any category is changed or any letter sent.
 */
export function haltReason(intake: TermIntake, maxRejectedShare: number): string | undefined {
  // A file given but not usable at all would leave its evidence out of every school's category without a word.
  const unusable = intake.files.filter((f) => f.problem).map((f) => `${f.file} ${f.problem}`);
  const problems = intake.files
    .filter((f) => !f.problem && f.rows > 0 && f.rejectedRows / f.rows > maxRejectedShare)
    .map(
      (f) =>
        `${f.file}: ${f.rejectedRows} of ${f.rows} rows (${Math.round((100 * f.rejectedRows) / f.rows)}%) were rejected, more than the ${Math.round(maxRejectedShare * 100)}% allowed`,
    );
  const all = [...unusable, ...problems];
  return all.length > 0
    ? `${all.join('; ')}. Fix the file (rejected.csv lists every problem) and run the term again.`
    : undefined;
}
