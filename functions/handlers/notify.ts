/**
 * Letters: everyone who must be told of a change in a school's agreed category is emailed once, and only once,
 * with the support that follows; and the letters of the warning notices the ECB decided this term (issued or
 * withdrawn, with their copies; an academy referred to the DfE). In a dry run the letters are written to the
 * reports, and nothing is sent.
 *
 * The letters go a batch of schools at a time, in the order of their keys: each invocation reads one batch of the
 * term's schools (a range of URNs data intake planned), counts its letters, sends at most its share of them and
 * says where the next carries on (more of the batch, or the next batch), so no invocation reads the whole term.
 */

import { appendToAuditTrail } from '../adapters/audit-trail';
import { letterSchema, noticeCopiesSchema, readConfig } from '../adapters/config';
import { loadAssessments, loadSchools, loadSupport, loadTaskGroups, loadWarningNotices } from '../adapters/cycle-store';
import { TransientStageError } from '../adapters/errors';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { sendPacer } from '../adapters/send-pacer';
import {
  claimLetter,
  markRejected,
  markSent,
  releaseClaim,
  sentByEarlierVersions,
  termLetterRecords,
} from '../adapters/sent-emails';
import { sendRawEmail } from '../adapters/ses';
import { termFiles } from '../adapters/term-files';
import { lettersWaitForDecision } from '../core/assessment/moderation';
import { correctionEntry, ecbEntry, letterEntry, noticeLetterEntry } from '../core/audit/trail';
import { type Correction, correctionsDue } from '../core/letters/corrections';
import { NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS } from '../core/letters/invocations';
import { LETTER_TAG, letterFileName, letterRecordName, letterTag } from '../core/letters/letters';
import { buildMime } from '../core/letters/mime';
import { redirectedLetter } from '../core/letters/redirect';
import { type LetterOutcome, lettersBySchool, lettersInFlight, sendInOrder } from '../core/letters/sending-order';
import { whatToDoWhenSesStops } from '../core/letters/ses-readiness';
import { letterCount, lettersBetween, termLetters } from '../core/letters/term-letters';
import { letterInconsistencies } from '../core/reporting/consistency';
import { previousTerm } from '../core/term';
import { auditRun, type NotifyResult, notifyInput, parseInput } from './inputs';

/** A letter would say what the records do not: it is not sent. */
/**
 * SES will send no letter until someone acts (sending paused, the sandbox, an identity not verified): the run stops.
 */
export class SesNotSending extends Error {
  override readonly name = 'SesNotSending';
}

export class LettersInconsistent extends Error {
  override readonly name = 'LettersInconsistent';
}

export async function handler(event: unknown, context?: unknown): Promise<NotifyResult> {
  const {
    term,
    dryRun,
    ecb,
    executionId,
    letterDate,
    startedAt,
    today,
    confirmChanges,
    batches,
    letters: carried,
  } = parseInput(notifyInput, event, 'notify');
  const at = carried.next;
  const batch = batches[at.batch];
  if (!batch)
    throw new Error(
      `notify: the state machine asked for the letters of batch ${at.batch + 1}, but data intake planned ${batches.length}`,
    );
  const run = auditRun({ term, startedAt, executionId, today });
  /** This run, as the letters it sends record it: its execution (or, with none, when it started). */
  const thisRun = executionId ?? startedAt;
  // The ECB's answer, where it was asked (a term whose changes passed its limit), is on the record (once).
  // A round after waiting out the leases of letters a dead run left unfinished: only those are counted again.
  const afterLease = carried.round === 'after lease' || carried.sofar?.afterLease === true;
  if (ecb.by && at.batch === 0 && at.letter === 0 && !afterLease)
    await appendToAuditTrail([
      ecbEntry(run, {
        confirmed: ecb.letters === 'send',
        at: startedAt,
        by: ecb.by,
        ...(ecb.reason ? { reason: ecb.reason } : {}),
      }),
    ]);
  const log = stageLog('notify', { term, executionId }, context);
  const config = readConfig(letterSchema);
  const methodology = loadMethodology();
  const authority = {
    name: config.AUTHORITY_NAME,
    senderAddress: config.SENDER_ADDRESS,
    replyToAddress: config.REPLY_TO_ADDRESS,
    contactName: config.CONTACT_NAME,
    contactPhone: config.CONTACT_PHONE,
    brandColour: config.BRAND_COLOUR,
    signatoryName: config.SIGNATORY_NAME,
    signatoryRole: config.SIGNATORY_ROLE,
  };
  const [assessments, schools, support, taskGroups, before, notices, sentBefore] = await Promise.all([
    loadAssessments(term, batch),
    loadSchools(term, batch),
    loadSupport(term, batch),
    loadTaskGroups(term, batch),
    loadAssessments(previousTerm(term), batch),
    loadWarningNotices(term, batch),
    termLetterRecords(term, batch),
  ]);
  // Schools whose letters of the term, sent before this run, announced a category they no longer have: each is
  // written a correction, which waits for the ECB like any change unless it confirmed the term's changes.
  const corrections = correctionsDue(assessments, sentBefore, methodology, startedAt);
  const correctionsGo = confirmChanges || (ecb.letters === 'send' && ecb.by !== undefined);
  // The batch's letters: the changes of category, and the warning notices the ECB decided this term (issued or
  // withdrawn, to the head and chair with copies to the DfE's regional team and Ofsted; an academy referred, to the
  // DfE's regional team). Dated on the term's letter date (the execution input's letterDate, or the day the run
  // started), however long the AAGs took and whenever a rerun sends them. Each is composed only when it is sent.
  // A change no AAG decided by its deadline, under a methodology that holds its letters, waits: its letters are
  // written to held-letters/ and go when the AAG decides or the ECB confirms (a rerun of the term).
  const waiting = new Set(
    assessments
      .filter((a) => a.changed && !corrections.has(a.urn) && lettersWaitForDecision(a, methodology))
      .map((a) => a.urn),
  );
  const lettersOf = (
    own: typeof assessments,
    ownNotices: typeof notices,
    ownCorrections?: ReadonlyMap<string, Correction>,
  ) =>
    termLetters({
      term,
      date: letterDate,
      schools,
      assessments: own,
      previous: new Map(before.map((a) => [a.urn, a])),
      support: new Map(support.map((s) => [s.urn, s])),
      taskGroups: new Map(taskGroups.map((g) => [g.urn, g])),
      notices: ownNotices,
      authority,
      methodology,
      copies: readConfig(noticeCopiesSchema).NOTICE_COPIES,
      ...(ownCorrections ? { corrections: ownCorrections } : {}),
    });
  const heldCorrections = correctionsGo ? new Map<string, Correction>() : corrections;
  const sending = assessments.filter((a) => !waiting.has(a.urn) && !heldCorrections.has(a.urn));
  const bySchool = lettersOf(
    sending,
    notices.filter((n) => !heldCorrections.has(n.urn)),
    correctionsGo ? corrections : undefined,
  );
  const awaitingDecision =
    waiting.size > 0
      ? lettersOf(
          assessments.filter((a) => waiting.has(a.urn)),
          [],
        )
      : [];
  const correctionsHeld =
    heldCorrections.size > 0
      ? lettersOf(
          assessments.filter((a) => heldCorrections.has(a.urn)),
          [],
          heldCorrections,
        )
      : [];
  const total = letterCount(bySchool);
  const changedOf = new Map(assessments.filter((a) => a.changed).map((a) => [a.urn, a]));

  // What the invocations before this one did, carried on from; a batch's missing contacts are counted as it starts.
  const sofar = carried.sofar;
  const result: NotifyResult = {
    emailsSent: sofar?.emailsSent ?? 0,
    emailsAlreadySent: sofar?.emailsAlreadySent ?? 0,
    emailsFailed: sofar?.emailsFailed ?? 0,
    // A round after the leases counts the letters still pending afresh.
    emailsPending: carried.round === 'after lease' ? 0 : (sofar?.emailsPending ?? 0),
    // Always there, so that the state machine's Choice can compare it (a comparison with a missing path fails the run).
    leaseRounds: (sofar?.leaseRounds ?? 0) + (carried.round === 'after lease' ? 1 : 0),
    ...(afterLease ? { afterLease: true } : {}),
    ...(sofar?.pendingUntil && carried.round !== 'after lease' ? { pendingUntil: sofar.pendingUntil } : {}),
    lettersHeld: sofar?.lettersHeld ?? 0,
    ...(sofar?.heldBecause ? { heldBecause: sofar.heldBecause } : {}),
    missingContacts:
      (sofar?.missingContacts ?? 0) +
      (at.letter === 0 && !afterLease ? [...bySchool, ...awaitingDecision].reduce((n, s) => n + s.missing, 0) : 0),
    lettersWritten: sofar?.lettersWritten ?? 0,
    lettersAwaitingDecision: sofar?.lettersAwaitingDecision ?? 0,
    correctionsHeld: sofar?.correctionsHeld ?? 0,
    correctionsSent: sofar?.correctionsSent ?? 0,
    ...(config.LETTERS_MODE === 'redirect' ? { redirectedTo: config.TEST_MAILBOX! } : {}),
  };
  // Once this batch's letters are done: the next batch, or none.
  const nextBatch = at.batch + 1 < batches.length ? { batch: at.batch + 1, letter: 0 } : undefined;
  const batchDone = () => {
    if (nextBatch) {
      result.next = nextBatch;
      log.info("a batch's letters done; the next batch's go in the next invocation", {
        batch: at.batch + 1,
        batches: batches.length,
        letters: total,
      });
    } else log.info('letters sent', { letters: total, batches: batches.length, ...result });
    return result;
  };
  // Letters that are not sent are written to the reports instead: a dry run's, or those the ECB did not confirm.
  const writeLetters = async (folder: string, schoolsLetters = bySchool): Promise<number> => {
    const files = termFiles();
    const all = letterCount(schoolsLetters);
    for (const { letter } of lettersBetween(schoolsLetters, 0, all))
      await files.writeReport(
        term,
        `${folder}/${letterFileName(letter)}`,
        buildMime(letter, new Date()),
        'message/rfc822',
      );
    return all;
  };
  /** Letters held, not sent (a dry run's written as letters): counted as held, and as what holds them. */
  const hold = async (schoolsLetters: typeof bySchool, heldFor: 'lettersAwaitingDecision' | 'correctionsHeld') => {
    const held = await writeLetters(dryRun ? 'letters' : 'held-letters', schoolsLetters);
    if (dryRun) result.lettersWritten += held;
    else {
      result.lettersHeld = (result.lettersHeld ?? 0) + held;
      result[heldFor] = (result[heldFor] ?? 0) + held;
    }
  };
  // Once, as the batch's first invocation begins: the letters of its undecided changes, and its corrections the ECB
  // has not confirmed (each on its school's record).
  if (at.letter === 0 && !afterLease && awaitingDecision.length > 0)
    await hold(awaitingDecision, 'lettersAwaitingDecision');
  if (at.letter === 0 && !afterLease && correctionsHeld.length > 0) {
    await hold(correctionsHeld, 'correctionsHeld');
    if (!dryRun)
      await appendToAuditTrail(
        [...heldCorrections.values()].map((c) =>
          correctionEntry(run, { urn: c.urn, said: c.said, now: c.now, at: startedAt, held: true }),
        ),
      );
  }
  if (dryRun) {
    result.lettersWritten += await writeLetters('letters');
    log.info('letters written, not sent (dry run)', { dryRun: true, letters: total });
    return batchDone();
  }
  if (config.LETTERS_MODE === 'hold') {
    result.lettersHeld = (result.lettersHeld ?? 0) + (await writeLetters('held-letters'));
    result.heldBecause = `the ${process.env.CYCLE_STAGE ?? 'this'} stage holds its letters (letters: hold in its settings), so none is sent`;
    result.heldByStage = true;
    log.info('letters held by the stage', { held: true, letters: total });
    return batchDone();
  }
  if (ecb.letters === 'hold') {
    result.lettersHeld = (result.lettersHeld ?? 0) + (await writeLetters('held-letters'));
    result.heldBecause = ecb.reason ?? "the ECB did not confirm this term's changes";
    log.info('letters held for the ECB', { held: true, letters: total });
    return batchDone();
  }
  let reclaimed = 0;
  const pace = sendPacer(config.SES_MAX_SEND_RATE);
  // At most LETTERS_PER_INVOCATION letters, stopping a minute before the timeout: the state machine invokes the
  // function again from where this one stopped, so no invocation's work grows with the authority.
  const remaining = (context as { getRemainingTimeInMillis?: () => number } | undefined)?.getRemainingTimeInMillis;
  const end = Math.min(total, at.letter + config.LETTERS_PER_INVOCATION);
  const mine = lettersBetween(bySchool, at.letter, end);
  // Every letter says what the records say, or none of this invocation's goes: the stage fails, naming each.
  const copies = Object.values(readConfig(noticeCopiesSchema).NOTICE_COPIES ?? {}).flatMap((c) => (c ? [c.email] : []));
  const [assessmentOf, supportOf, schoolOf] = [
    new Map(assessments.map((a) => [a.urn, a])),
    new Map(support.map((s) => [s.urn, s])),
    new Map(schools.map((s) => [s.urn, s])),
  ];
  const untrue = mine.flatMap(({ letter }) =>
    letterInconsistencies(letter, {
      assessment: assessmentOf.get(letter.urn),
      support: supportOf.get(letter.urn),
      contacts: schoolOf.get(letter.urn)?.contacts ?? [],
      copies,
    }),
  );
  if (untrue.length > 0)
    throw new LettersInconsistent(
      `${untrue.length} ${untrue.length === 1 ? 'thing a letter says does' : 'things letters say do'} not agree with the records, so none of these letters was sent: ${untrue
        .slice(0, 10)
        .map((u) => `${u.where}: ${u.what}`)
        .join(
          '; ',
        )}${untrue.length > 10 ? `; and ${untrue.length - 10} more` : ''}. Correct the cause and run the term again.`,
    );
  // Several schools' letters in hand at once, each letter waiting for its slot at the paced rate: one at a time, a
  // letter's round trips (its claim, SES, its record with its audit entry) would hold the sending under the account's
  // quota. A school's own letters go one after another, so its record lists them in their order. Once a letter
  // meets an error, or SES keeps throttling, no letter is begun and one still waiting for its turn gives its claim
  // back: the stage fails (and is retried, or recorded) with no letter half done but that one.
  let throttled: string | undefined;
  let stopped: string | undefined;
  const earlier = await sentByEarlierVersions(mine.map((m) => m.letter));
  const sendLetter = async (index: number, halted: () => boolean): Promise<LetterOutcome> => {
    const { letter, noticeEvent: event, correction } = mine[index - at.letter]!;
    const now = new Date();
    const claim = await claimLetter(letter, now, earlier);
    /** The record that SES took the letter, with its entry in the audit trail. */
    const recordSent = (messageId: string, sentAt: Date, byThisRun = true) => {
      const assessment = changedOf.get(letter.urn);
      return markSent(
        letter,
        messageId,
        sentAt,
        event
          ? noticeLetterEntry(run, {
              urn: letter.urn,
              role: letter.role,
              event,
              at: sentAt.toISOString(),
              messageId,
              dated: letterDate,
            })
          : correction
            ? correctionEntry(run, {
                urn: letter.urn,
                role: letter.role,
                said: correction.said,
                now: correction.now,
                at: sentAt.toISOString(),
                messageId,
                dated: letterDate,
              })
            : letterEntry(run, {
                urn: letter.urn,
                role: letter.role,
                ...(assessment ? { change: { from: assessment.previousCategory, to: assessment.category } } : {}),
                at: sentAt.toISOString(),
                messageId,
                dated: letterDate,
              }),
        byThisRun ? thisRun : undefined,
      );
    };
    if (!claim.claimed && claim.pendingUntil) {
      result.emailsPending++;
      if (!result.pendingUntil || claim.pendingUntil > result.pendingUntil) result.pendingUntil = claim.pendingUntil;
      return 'done';
    }
    if (!claim.claimed && claim.sesTook) {
      // An earlier run died after SES took this letter and before it recorded so: recorded now, not sent again.
      await recordSent(claim.sesTook.messageId, new Date(claim.sesTook.at), false);
      result.emailsAlreadySent++;
      log.info('letter found sent by SES, recorded', { recordedFromSes: 1 });
      return 'done';
    }
    if (!claim.claimed) {
      // Sent before, or refused: counted by the first round, never again after the leases.
      if (afterLease) return 'done';
      if (claim.existing?.status === 'rejected') result.emailsFailed++;
      // Sent by this run, in an invocation that then failed and was retried: this run's, and counted so.
      else if (claim.existing?.sentByRun === thisRun) {
        result.emailsSent++;
        if (correction) result.correctionsSent = (result.correctionsSent ?? 0) + 1;
      } else result.emailsAlreadySent++;
      return 'done';
    }
    await pace();
    if (halted()) {
      await releaseClaim(letter);
      return 'done';
    }
    if (claim.reclaimed) reclaimed++;
    // A stage that redirects its letters (staging, by default) sends each to its test mailbox, saying whom it was for;
    // the record is the letter's own, so that a rerun finds it sent.
    const delivered =
      config.LETTERS_MODE === 'redirect'
        ? redirectedLetter(letter, config.TEST_MAILBOX!, process.env.CYCLE_STAGE ?? 'staging')
        : letter;
    const message = buildMime(delivered, now);
    // Every letter as it is sent (a warning notice as it is given), kept with the authority's records (records/<term>/)
    // before it goes, so that no end of this run between SES taking it and the record can lose it; the letter's record
    // says whether SES took it. The school reads it there in the portal.
    await termFiles().writeRecord(term, letterRecordName(letter), message, 'message/rfc822');
    // Tagged with its key: SES's Send event then says, by the tag, that it took this letter.
    const outcome = await sendRawEmail(message, delivered.to.email, config.SES_CONFIGURATION_SET, {
      [LETTER_TAG]: letterTag(letter.key),
    });
    if (outcome.status === 'sent') {
      // The record that SES took it and its audit entry, in one request: neither is ever there without the other.
      await recordSent(outcome.messageId, new Date());
      result.emailsSent++;
      if (correction) result.correctionsSent = (result.correctionsSent ?? 0) + 1;
      return 'done';
    }
    if (outcome.status === 'rejected') {
      await markRejected(letter, outcome.reason);
      result.emailsFailed++;
      log.warn('letter rejected', { lettersRejected: 1, reason: outcome.reason });
      return 'done';
    }
    await releaseClaim(letter);
    if (outcome.status === 'stopped') stopped ??= outcome.reason;
    else throttled ??= outcome.reason;
    return 'halt';
  };
  const schoolsLetters = lettersBySchool(
    mine.map((m) => m.letter.urn),
    at.letter,
  );
  const sent = await sendInOrder(
    {
      first: 0,
      total: schoolsLetters.length,
      atOnce: lettersInFlight(config.SES_MAX_SEND_RATE),
      mayBegin: () => !remaining || remaining() >= NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS * 1000,
    },
    async (school, halted) => {
      for (const index of schoolsLetters[school]!) {
        if (halted()) return 'done';
        if ((await sendLetter(index, halted)) === 'halt') return 'halt';
      }
      return 'done';
    },
  );
  if (stopped)
    throw new SesNotSending(
      `SES is not sending letters (${stopped}), so this run has stopped: ${result.emailsSent} ${result.emailsSent === 1 ? 'letter was' : 'letters were'} sent before it did, and no letter is marked as failed. ${whatToDoWhenSesStops(stopped)} Then run the term again: each letter not yet sent goes once.`,
    );
  if (sent.halted)
    throw new TransientStageError(
      `SES kept throttling (${throttled}) after ${result.emailsSent} letters were sent; the stage will be retried and will not resend them`,
    );
  // Where the next invocation carries on: the first school's letters not begun (its time was nearly up), or after this
  // invocation's share.
  const next = sent.next !== undefined ? schoolsLetters[sent.next]![0]! : end < total ? end : undefined;
  if (reclaimed > 0) log.info('unfinished claims taken over', { unfinishedClaimsTakenOver: reclaimed });
  if (next === undefined) return batchDone();
  result.next = { batch: at.batch, letter: next };
  log.info('letters sent so far; the rest go in the next invocation', { next: result.next, letters: total });
  return result;
}
