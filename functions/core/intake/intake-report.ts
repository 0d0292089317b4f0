/**
 * The intake report officers read: what each file held (and, for Ofsted's file, which of its layouts it was read
 * as), every rejected row, the missing contacts, and whether the cycle can go on. The cycle writes it as
 * intake-report.txt; `npm run intake -- --check` prints it.
 */

import { describeRejection } from '../sheets';
import { type FileSummary, haltReason, SHEETS, type TermIntake, WHOLE_FILE } from '.';

export interface IntakeVerdict {
  readonly lines: string[];
  /** Why the cycle would stop, if it would. */
  readonly halt?: string;
}

/** A file most of whose rows were rejected most likely has a layout intake does not know. */
const NEARLY_ALL = 0.9;

function nearlyAllRejected(file: FileSummary): boolean {
  return !file.problem && file.rows >= 2 && file.rejectedRows / file.rows >= NEARLY_ALL;
}

export function intakeReport(intake: TermIntake, context: { laCode: string; maxRejectedShare: number }): IntakeVerdict {
  const lines: string[] = [];
  const rows = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'row' : 'rows'}`;

  // First what most likely explains everything below: files that could not be used, or whose layout is unknown.
  const unusable = intake.files.filter((f) => f.problem);
  const strange = intake.files.filter(nearlyAllRejected);
  if (unusable.length > 0 || strange.length > 0) {
    lines.push('Files that could not be used');
    for (const file of unusable) lines.push(`  ${file.file} ${file.problem}.`);
    for (const file of strange) {
      lines.push(
        `  ${file.file}: ${file.rejectedRows} of ${rows(file.rows)} were rejected, so it most likely has a layout intake does not know. Its columns are: ${file.headers.filter(Boolean).join(', ')}.`,
      );
    }
    lines.push('');
  }

  const width = Math.max(24, ...intake.files.map((f) => f.file.length + 2));
  lines.push('Files');
  for (const file of intake.files) {
    const parts = [rows(file.rows)];
    if (file.sheet === 'register')
      parts[0] = `${rows(file.rows)} for LA ${context.laCode}${intake.laName ? ` (${intake.laName})` : ''}`;
    if (file.skipped > 0) parts.push(`${rows(file.skipped)} for other schools or authorities passed over`);
    if (file.sheet === 'register')
      parts.push(
        `${intake.schools.length} schools in the cycle, ${intake.leftOut} left out (closed, or not a maintained school or academy)`,
      );
    parts.push(file.problem ? 'not used' : file.rejectedRows === 0 ? 'none rejected' : `${file.rejectedRows} rejected`);
    lines.push(`  ${file.file.padEnd(width)}${parts.join('; ')}`);
    const title = SHEETS.find((s) => s.name === file.sheet)?.title;
    if (file.recognisedBy === 'columns' && title)
      lines.push(`  ${''.padEnd(width)}recognised by its columns as: ${title}`);
    if (file.layout) lines.push(`  ${''.padEnd(width)}layout: ${file.layout}`);
    if (file.academicYear) lines.push(`  ${''.padEnd(width)}academic year: ${file.academicYear}`);
  }
  const given = new Set(intake.files.map((f) => f.sheet));
  const absent = SHEETS.filter((s) => !given.has(s.name)).map((s) => s.name);
  if (absent.length > 0) lines.push(`  Not given (optional): ${absent.join(', ')}`);
  if (intake.unrecognised.length > 0) {
    lines.push('  Not read by intake (archived with the rest):');
    for (const { file, why } of intake.unrecognised) lines.push(`    ${file}: ${why}`);
  }

  if ((intake.repeatedRegisterRows ?? []).length > 0) {
    const registerFile = intake.files.find((f) => f.sheet === 'register')?.file ?? 'register.csv';
    lines.push(
      '',
      `Rows the register repeats exactly (${intake.repeatedRegisterRows!.length}): each school counted once`,
    );
    for (const { row, repeats } of intake.repeatedRegisterRows!)
      lines.push(`  ${registerFile} row ${row} repeats row ${repeats}, counted once`);
  }
  if (intake.ofstedNotInRegister.length > 0) {
    lines.push(
      '',
      `Schools Ofsted lists under LA ${context.laCode} that the register does not have (${intake.ofstedNotInRegister.length}): check that the register is the latest extract`,
    );
    for (const { urn, name } of intake.ofstedNotInRegister) lines.push(`  ${urn}${name ? ` ${name}` : ''}`);
  }

  const rowRejections = intake.rejected.filter((r) => r.column !== WHOLE_FILE);
  const rowCount = rejectedRowCount(intake);
  const kept = rowRejections.filter((r) => r.rowKept).length;
  lines.push(
    '',
    `Rejected rows (${rowCount}${rowRejections.length !== rowCount ? `, with ${rowRejections.length} problems between them${kept > 0 ? `, ${kept} of them a single value left out of a row that was used` : ''}` : ''})`,
  );
  if (rowRejections.length === 0) lines.push('  none');
  for (const rejection of rowRejections) lines.push(`  ${describeRejection(rejection)}`);

  const names = new Map(intake.schools.map((s) => [s.urn, s.name]));
  lines.push(
    '',
    `Missing contacts (${intake.missingContacts.length}): no letter can be sent to these until they are added`,
  );
  if (intake.missingContacts.length === 0) lines.push('  none');
  for (const missing of intake.missingContacts)
    lines.push(`  ${missing.urn} ${names.get(missing.urn) ?? ''}: ${missing.role}`);

  if (intake.inherited.length > 0) {
    lines.push(
      '',
      `Academies judged on their predecessor's inspection until inspected themselves (${intake.inherited.length})`,
    );
    for (const { urn, predecessorUrn } of intake.inherited)
      lines.push(`  ${urn} ${names.get(urn) ?? ''}: predecessor ${predecessorUrn}`);
  }

  const halt = haltReason(intake, context.maxRejectedShare);
  lines.push('');
  if (halt) lines.push(`Result: the cycle would STOP before changing any category or sending any letter. ${halt}`);
  else if (rowRejections.length > 0) {
    const count = rowCount;
    lines.push(
      `Result: the files can be used; the ${count === 1 ? 'row' : `${count} rows`} rejected above ${count === 1 ? 'is' : 'are'} left out until fixed.`,
    );
  } else lines.push('Result: the files can be used; no row was rejected.');
  return { lines, halt };
}

/**
 * How many input rows were rejected: each row of each file once, however many of its cells were wrong (a file that
 * could not be used at all is said under "Files that could not be used", not counted as a row).
 */
export function rejectedRowCount(intake: Pick<TermIntake, 'rejected'>): number {
  return new Set(intake.rejected.filter((r) => r.column !== WHOLE_FILE && !r.rowKept).map((r) => `${r.file}#${r.row}`))
    .size;
}
