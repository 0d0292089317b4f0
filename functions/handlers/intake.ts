/**
 * Data intake: read the term's files, archive them byte for byte with their SHA-256, validate them, and plan the
 * batches of schools the per-school stages run over. The validated records are left as one working file a batch
 * (batches/<term>/<run>/intake/), which the "Store the term's intake" Map stores, a batch of schools an invocation
 * (functions/handlers/store-intake.ts); this step stores only the system leaders. Reading is the one part that
 * cannot be cut into batches: the files come whole, the share of rows rejected is judged over each whole file
 * before anything is stored, and the sheets are checked against the register.
 */

import { intakeSchema, readConfig } from '../adapters/config';
import {
  claimTermRun,
  intakeBatches,
  intakeRecords,
  markAuditTrailKeyed,
  saveSystemLeaders,
} from '../adapters/cycle-store';
import { mapLimit } from '../adapters/dynamo';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { publishedVisitRecords } from '../adapters/school-store';
import { intakeBatchFile, runFolder, sha256, termFiles } from '../adapters/term-files';
import { planAreaBatches, planBatches } from '../core/batches';
import { IntakeHalted, readTermIntake } from '../core/intake';
import { intakeReport, rejectedRowCount } from '../core/intake/intake-report';
import { missingContactsCsv, rejectedCsv } from '../core/reporting/report';
import {
  publishedReports,
  publishedVisitNotes,
  reportKey,
  type VisitRecord,
  visitNoteKey,
  withPortalRecords,
} from '../core/support/visit-records';
import { futureDateLimit, termForScheduledRun, termStartDate } from '../core/term';
import { type IntakeResult, intakeInput, parseInput } from './inputs';

export async function handler(event: unknown, context?: unknown): Promise<IntakeResult> {
  const input = parseInput(intakeInput, event, 'intake');
  const config = readConfig(intakeSchema);
  const term = input.request.term ?? termForScheduledRun(input.request.season!, input.startedAt);
  // A term run for the first time has its audit trail keyed for the index by term (a term run before, by an earlier
  // version, may have entries without the key). Then one run of a term at a time: refused here, before anything is
  // read or written, if another holds it.
  await markAuditTrailKeyed(term);
  if (input.executionId)
    await claimTermRun(term, input.executionId, input.startedAt, new Date(), config.RUN_HOLD_SECONDS);
  const files = termFiles();

  const names = await files.listInputs(term);
  if (names.length === 0) throw new IntakeHalted(`no input files for ${term}: upload them under inputs/${term}/`);
  const bytes = new Map<string, Uint8Array>();
  const manifest: { file: string; bytes: number; sha256: string; archivedAt: string }[] = [];
  const run = runFolder(input.startedAt);
  for (const name of names) {
    const content = await files.readInput(term, name);
    bytes.set(name, content);
    manifest.push({
      file: name,
      bytes: content.length,
      sha256: sha256(content),
      archivedAt: await files.archiveInput(term, run, name, content),
    });
  }
  await files.archiveInput(
    term,
    run,
    'manifest.json',
    new TextEncoder().encode(JSON.stringify({ term, startedAt: input.startedAt, files: manifest }, null, 2)),
  );

  // The run's date: given, or the day it started (the term's first day, for a run started before the term).
  const today =
    input.request.today ?? futureDateLimit(input.startedAt.slice(0, 10), termStartDate(term, config.TERM_START_DATES));
  // Nothing dated after the run's date is evidence yet: no letter of the run can cite what happens after it.
  const notAfter = today;
  const intake = readTermIntake(bytes, {
    laCode: config.LA_CODE,
    notAfter,
    categories: loadMethodology().categories.map((c) => c.id),
    performanceYears: input.request.performanceYears,
  });
  // The visit notes and task-group reports written in the portal, read as the sheets' rows are (the sheets stay for
  // authorities that keep spreadsheets): the portal's stands where both hold the same visit or report.
  const fromPortal = portalVisitRecords(intake, await publishedVisitRecords(), notAfter, term);
  await files.writeReport(term, 'rejected.csv', rejectedCsv(intake.rejected), 'text/csv; charset=utf-8');
  await files.writeReport(
    term,
    'missing-contacts.csv',
    missingContactsCsv(intake.schools, intake.missingContacts),
    'text/csv; charset=utf-8',
  );
  const report = intakeReport(intake, { laCode: config.LA_CODE, maxRejectedShare: config.MAX_REJECTED_SHARE });
  await files.writeReport(
    term,
    'intake-report.txt',
    `${[...report.lines, ...fromPortal.lines].join('\n')}\n`,
    'text/plain; charset=utf-8',
  );
  if (report.halt) throw new IntakeHalted(report.halt);

  // Intake has the register in hand, so it plans the batches the per-school stages run over.
  const batches = planBatches(
    intake.schools.map((s) => s.urn),
    config.SCHOOLS_PER_BATCH,
  );
  const perBatch = intakeBatches(intakeRecords(term, intake), batches);
  await Promise.all([
    mapLimit(
      batches.map((batch, i) => ({ batch, records: perBatch[i]! })),
      8,
      ({ batch, records }) => files.writeBatchFile(term, run, intakeBatchFile(batch), JSON.stringify(records)),
    ),
    saveSystemLeaders(term, intake.systemLeaders),
  ]);
  stageLog('intake', { term, executionId: input.executionId }, context).info('term files read', {
    files: intake.files.map((f) => ({ file: f.file, rows: f.rows, rejectedRows: f.rejectedRows })),
    unrecognisedFiles: intake.unrecognised.length,
    schools: intake.schools.length,
    rejectedRows: rejectedRowCount(intake),
  });
  return {
    term,
    startedAt: input.startedAt,
    schools: intake.schools.length,
    rejectedRows: rejectedRowCount(intake),
    // The lines of rejected.csv: a row may have several problems, and a file that could not be used has one.
    rejectedProblems: intake.rejected.length,
    ofstedNotInRegister: intake.ofstedNotInRegister.length,
    leftOut: intake.leftOut,
    missingContacts: intake.missingContacts.length,
    archived: manifest.length,
    dryRun: input.request.dryRun ?? false,
    letterDate: input.request.letterDate ?? today,
    today,
    confirmChanges: input.request.confirmChanges ?? false,
    batches,
    areaBatches: planAreaBatches(
      intake.schools.map((s) => s.district),
      config.SCHOOLS_PER_BATCH,
    ),
  };
}

/**
 * Puts the portal's published visit notes (dated up to the run's date) and task-group reports (of earlier terms) of the
 * register's schools into the intake beside the sheets' rows, and says so in the intake report.
 */
function portalVisitRecords(
  intake: ReturnType<typeof readTermIntake>,
  records: readonly VisitRecord[],
  notAfter: string,
  term: string,
): { lines: string[] } {
  const inRegister = new Set(intake.schools.map((s) => s.urn));
  const ours = records.filter((r) => inRegister.has(r.urn));
  const portalNotes = publishedVisitNotes(ours, notAfter);
  const portalReports = publishedReports(ours, term);
  const notes = withPortalRecords(intake.visitNotes, portalNotes, visitNoteKey);
  const reports = withPortalRecords(intake.taskGroupReports, portalReports, reportKey);
  intake.visitNotes = notes.rows;
  intake.taskGroupReports = reports.rows;
  const fromPortalNotes = portalNotes.length;
  const fromPortalReports = portalReports.length;
  if (fromPortalNotes + fromPortalReports === 0) return { lines: [] };
  return {
    lines: [
      `From the portal: ${fromPortalNotes} visit ${fromPortalNotes === 1 ? 'note' : 'notes'} and ${fromPortalReports} task-group ${fromPortalReports === 1 ? 'report' : 'reports'}, published by their writers${notes.replaced + reports.replaced > 0 ? `; they stand in place of ${notes.replaced + reports.replaced} of the sheets' rows for the same visit or report` : ''}.`,
    ],
  };
}
