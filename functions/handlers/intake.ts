/** Data intake: read the term's files, archive them byte for byte with their SHA-256, validate, and store. */
import { INPUT_FILES, IntakeHalted, readTermIntake } from '../core/intake';
import { missingContactsCsv, rejectedCsv } from '../core/reports';
import { termForScheduledRun } from '../core/term';
import { authoritySchema, readConfig } from '../adapters/config';
import { saveTermIntake } from '../adapters/cycle-store';
import { runFolder, sha256, termFiles } from '../adapters/term-files';
import { intakeInput, parseInput, type IntakeResult } from './inputs';

const KNOWN_FILES = new Set<string>(Object.values(INPUT_FILES));

export async function handler(event: unknown): Promise<IntakeResult> {
  const input = parseInput(intakeInput, event, 'intake');
  const config = readConfig(authoritySchema);
  const term = input.request.term ?? termForScheduledRun(input.request.season!, input.startedAt);
  const files = termFiles();

  const names = await files.listInputs(term);
  if (names.length === 0) throw new IntakeHalted(`no input files for ${term}: upload them under inputs/${term}/`);
  const bytes = new Map<string, Uint8Array>();
  const manifest: { file: string; bytes: number; sha256: string; archivedAt: string }[] = [];
  const run = runFolder(input.startedAt);
  for (const name of names) {
    const content = await files.readInput(term, name);
    bytes.set(name, content);
    manifest.push({ file: name, bytes: content.length, sha256: sha256(content), archivedAt: await files.archiveInput(term, run, name, content) });
  }
  await files.archiveInput(term, run, 'manifest.json', new TextEncoder().encode(JSON.stringify({ term, startedAt: input.startedAt, files: manifest }, null, 2)));

  const intake = readTermIntake(bytes, config.LA_CODE);
  await files.writeReport(term, 'rejected.csv', rejectedCsv(intake.rejected), 'text/csv; charset=utf-8');
  await files.writeReport(term, 'missing-contacts.csv', missingContactsCsv(intake.schools, intake.missingContacts), 'text/csv; charset=utf-8');
  const { baselineRecorded } = await saveTermIntake(term, intake);
  const unknown = names.filter((n) => !KNOWN_FILES.has(n));
  console.log(JSON.stringify({ stage: 'intake', term, files: names.length, unknownFiles: unknown, rowsRead: intake.rowsRead, schools: intake.schools.length, rejectedRows: intake.rejected.length }));
  return {
    term,
    startedAt: input.startedAt,
    schools: intake.schools.length,
    rejectedRows: intake.rejected.length,
    leftOut: intake.leftOut,
    missingContacts: intake.missingContacts.length,
    archived: manifest.length,
    baselineRecorded,
  };
}
