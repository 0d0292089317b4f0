/** Letters: everyone who must be told of a category change is emailed once, and only once. */
import { DEFAULT_METHODOLOGY } from '../core/methodology';
import { lettersForChange, type Letter } from '../core/letters';
import { buildMime } from '../core/mime';
import { letterSchema, readConfig } from '../adapters/config';
import { loadAssessments, loadSchools } from '../adapters/cycle-store';
import { TransientStageError } from '../adapters/errors';
import { claimLetter, markRejected, markSent, releaseClaim } from '../adapters/sent-emails';
import { sendRawEmail } from '../adapters/ses';
import { parseInput, stageInput, type NotifyResult } from './inputs';

export async function handler(event: unknown): Promise<NotifyResult> {
  const { term } = parseInput(stageInput, event, 'notify');
  const config = readConfig(letterSchema);
  const authority = { name: config.AUTHORITY_NAME, senderAddress: config.SENDER_ADDRESS, replyToAddress: config.REPLY_TO_ADDRESS, contactName: config.CONTACT_NAME, contactPhone: config.CONTACT_PHONE };
  const [assessments, schools] = await Promise.all([loadAssessments(term), loadSchools(term)]);
  const bySchool = new Map(schools.map((s) => [s.urn, s]));

  const letters: Letter[] = [];
  let missingContacts = 0;
  for (const assessment of assessments.filter((a) => a.changed)) {
    const school = bySchool.get(assessment.urn);
    if (!school) continue;
    const { letters: forSchool, missing } = lettersForChange(new Date().toISOString().slice(0, 10), assessment, school, school.contacts, authority, DEFAULT_METHODOLOGY);
    letters.push(...forSchool);
    missingContacts += missing.length;
  }
  letters.sort((a, b) => (a.key < b.key ? -1 : 1));

  const result: NotifyResult = { emailsSent: 0, emailsAlreadySent: 0, emailsFailed: 0, missingContacts };
  for (const letter of letters) {
    const now = new Date();
    const claim = await claimLetter(letter, now);
    if (!claim.claimed) {
      if (claim.existing?.status === 'rejected') result.emailsFailed++;
      else result.emailsAlreadySent++;
      continue;
    }
    const outcome = await sendRawEmail(buildMime(letter, now), letter.to.email, config.SES_CONFIGURATION_SET);
    if (outcome.status === 'sent') {
      await markSent(letter, outcome.messageId, new Date());
      result.emailsSent++;
    } else if (outcome.status === 'rejected') {
      await markRejected(letter, outcome.reason);
      result.emailsFailed++;
    } else {
      await releaseClaim(letter);
      throw new TransientStageError(`SES kept throttling after ${result.emailsSent} letters were sent; the stage will be retried and will not resend them`);
    }
  }
  console.log(JSON.stringify({ stage: 'notify', term, letters: letters.length, ...result }));
  return result;
}
