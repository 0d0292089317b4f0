/**
 * Check SES can send: before the term's first letter, asks SES whether it can send them, and stops the run, saying
 * what to do, if it cannot (sending paused, the sender's identity or its MAIL FROM not verified, the sandbox with a
 * recipient not verified). A dry run, and a term whose letters this stage or the ECB holds, sends nothing, so asks
 * nothing.
 */
import { z } from 'zod';
import { letterSchema, noticeCopiesSchema, readConfig } from '../adapters/config';
import { loadSchools } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { readSesState } from '../adapters/ses-account';
import { sesProblems } from '../core/letters/ses-readiness';
import { ecbAnswer, parseInput, schoolBatch, stageInput } from './inputs';

const sesReadyInput = stageInput.extend({
  dryRun: z.boolean().default(false),
  ecb: ecbAnswer.default({ letters: 'send' }),
  batches: z.array(schoolBatch).min(1),
});

/** SES cannot send the term's letters: the run stops before the first, and the failure says why and what to do. */
export class SesNotReady extends Error {
  override readonly name = 'SesNotReady';
}

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(sesReadyInput, event, 'check SES can send');
  const log = stageLog('check SES can send', input, context);
  const config = readConfig(letterSchema);
  const why = input.dryRun
    ? 'a dry run sends nothing'
    : config.LETTERS_MODE === 'hold'
      ? 'this stage holds its letters (letters: hold)'
      : input.ecb.letters === 'hold'
        ? "the ECB has not confirmed the term's changes, so its letters are held"
        : undefined;
  if (why) {
    log.info('SES not asked', { asked: false });
    return { asked: false, why };
  }
  // In the sandbox every address a letter goes to must be verified: the test mailbox alone where letters are
  // redirected, otherwise the term's contacts and the warning notices' copies.
  const recipients = async (): Promise<string[]> => {
    if (config.LETTERS_MODE === 'redirect') return [config.TEST_MAILBOX!];
    const copies = Object.values(readConfig(noticeCopiesSchema).NOTICE_COPIES ?? {}).flatMap((c) =>
      c ? [c.email] : [],
    );
    const schools = await loadSchools(input.term);
    return [...new Set([...schools.flatMap((s) => (s.contacts ?? []).map((c) => c.email.toLowerCase())), ...copies])];
  };
  const state = await readSesState(config.SES_IDENTITY!, config.SES_CONFIGURATION_SET!, recipients);
  const problems = sesProblems(state);
  if (problems.length > 0) {
    log.error('SES cannot send the letters', { problems: problems.length });
    throw new SesNotReady(
      `SES cannot send this term's letters, so the run has stopped before the first of them (none was sent): ${problems.map((p, i) => `(${i + 1}) ${p}`).join(' ')} Then run the term again.`,
    );
  }
  const result = { asked: true, sandbox: !state.account.productionAccess, letters: config.LETTERS_MODE };
  log.info('SES can send the letters', result);
  return result;
}
