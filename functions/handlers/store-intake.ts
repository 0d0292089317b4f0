/**
 * Stores one batch of the term's intake (an iteration of the state machine's "Store the term's intake" Map): the
 * batch's schools with their contacts, their evidence and their baseline categories, as data intake validated them
 * and left them in the run's working file for the batch (functions/handlers/intake.ts). What an earlier run of
 * the term stored in the batch's range and this one did not is removed, so a rerun stores the term as its files
 * now say.
 */
import { z } from 'zod';
import { type IntakeRecords, saveIntakeBatch } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { intakeBatchFile, runFolder, termFiles } from '../adapters/term-files';
import { inBatch } from '../core/batches';
import { batchInput, parseInput } from './inputs';

/** The working file's shape: the keys this step relies on are checked; the rest is data intake's, already validated. */
const intakeBatch = z.object({
  schools: z.array(z.looseObject({ term: z.string(), urn: z.string().min(1) })),
  evidence: z.array(
    z.looseObject({ term: z.string(), evidenceId: z.string().min(1), urn: z.string(), kind: z.string() }),
  ),
  baseline: z.array(z.object({ urn: z.string().min(1), category: z.string().min(1) })),
});

export async function handler(event: unknown, context?: unknown) {
  const { term, startedAt, executionId, batch } = parseInput(batchInput, event, "storing the term's intake");
  const file = intakeBatchFile(batch);
  const records = intakeBatch.parse(JSON.parse(await termFiles().readBatchFile(term, runFolder(startedAt), file)));
  // A file of another term or batch would replace the wrong range: refused, before anything is written.
  const stray = [
    ...records.schools.map((s) => ({ term: s.term, key: s.urn })),
    ...records.evidence.map((e) => ({ term: e.term, key: e.evidenceId })),
  ].find((r) => r.term !== term || !inBatch(r.key, batch));
  if (stray) throw new Error(`${file} holds ${stray.key} of ${stray.term}, which is not in this batch of ${term}`);
  const { baselineRecorded } = await saveIntakeBatch(term, batch, records as unknown as IntakeRecords);
  const result = { schools: records.schools.length, evidence: records.evidence.length, baselineRecorded };
  stageLog("store the term's intake", { term, executionId }, context).info(
    "a batch of the term's intake stored",
    result,
  );
  return result;
}
