/**
 * The intake report officers read: what each file held, every rejected row, the missing contacts, and whether
 * the cycle can go on. The cycle writes it as intake-report.txt; `npm run intake -- --check` prints it.
 */
import { haltReason, SHEETS, type TermIntake } from './intake';
import { decisionsSheet } from './moderation';
import { describeRejection } from './sheets';

const KNOWN_INPUT_FILES = new Set([...SHEETS, decisionsSheet].flatMap((s) => [`${s.name}.csv`, `${s.name}.xlsx`]));

/** Whether a file in a term's folder is one the cycle reads (intake's sheets, or the AAGs' decisions). */
export function isKnownInputFile(name: string): boolean {
  return KNOWN_INPUT_FILES.has(name.toLowerCase());
}

export interface IntakeVerdict {
  readonly lines: string[];
  /** Why the cycle would stop, if it would. */
  readonly halt?: string;
}

export function intakeReport(intake: TermIntake, context: { laCode: string; maxRejectedShare: number; fileNames: readonly string[] }): IntakeVerdict {
  const lines: string[] = [];
  const width = Math.max(24, ...intake.files.map((f) => f.file.length + 2));
  lines.push('Files');
  for (const file of intake.files) {
    const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
    const parts = [rows(file.rows)];
    if (file.sheet === 'register') parts[0] = `${rows(file.rows)} for LA ${context.laCode}`;
    if (file.skipped > 0) parts.push(`${rows(file.skipped)} for other schools or authorities passed over`);
    if (file.sheet === 'register') parts.push(`${intake.schools.length} schools in the cycle, ${intake.leftOut} left out (closed, or not a maintained school or academy)`);
    parts.push(file.rejectedRows === 0 ? 'none rejected' : `${file.rejectedRows} rejected`);
    lines.push(`  ${file.file.padEnd(width)}${parts.join('; ')}`);
  }
  const given = new Set(intake.files.map((f) => f.sheet));
  const absent = SHEETS.filter((s) => !given.has(s.name)).map((s) => s.name);
  if (absent.length > 0) lines.push(`  Not given (optional): ${absent.join(', ')}`);
  const unknown = context.fileNames.filter((n) => !isKnownInputFile(n));
  if (unknown.length > 0) lines.push(`  Not recognised, so not read (check the name): ${unknown.join(', ')}`);

  lines.push('', `Rejected rows (${intake.rejected.length})`);
  if (intake.rejected.length === 0) lines.push('  none');
  for (const rejection of intake.rejected) lines.push(`  ${describeRejection(rejection)}`);

  const names = new Map(intake.schools.map((s) => [s.urn, s.name]));
  lines.push('', `Missing contacts (${intake.missingContacts.length}): no letter can be sent to these until they are added`);
  if (intake.missingContacts.length === 0) lines.push('  none');
  for (const missing of intake.missingContacts) lines.push(`  ${missing.urn} ${names.get(missing.urn) ?? ''}: ${missing.role}`);

  if (intake.inherited.length > 0) {
    lines.push('', `Academies judged on their predecessor's inspection until inspected themselves (${intake.inherited.length})`);
    for (const { urn, predecessorUrn } of intake.inherited) lines.push(`  ${urn} ${names.get(urn) ?? ''}: predecessor ${predecessorUrn}`);
  }

  const halt = haltReason(intake, context.maxRejectedShare);
  lines.push('');
  if (halt) lines.push(`Result: the cycle would STOP before changing any category or sending any letter. ${halt}`);
  else if (intake.rejected.length > 0) {
    const rows = new Set(intake.rejected.map((r) => `${r.file}#${r.row}`)).size;
    lines.push(`Result: the files can be used; the ${rows === 1 ? 'row' : `${rows} rows`} rejected above ${rows === 1 ? 'is' : 'are'} left out until fixed.`);
  }
  else lines.push('Result: the files can be used; no row was rejected.');
  return { lines, halt };
}
