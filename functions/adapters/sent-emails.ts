/**
 * The record of letters sent, which makes sending idempotent per term, school, change and recipient:
 * a letter is claimed with a conditional write before it is sent, so a retry, a redrive or a rerun of the
 * term finds the claim and does not send it again.
 */

import type { AuditEntry } from '../core/audit/trail';
import type { SchoolBatch } from '../core/batches';
import { type LetterEvent, type LetterOutcome, outcomeAfter } from '../core/letters/letter-events';
import type { Letter } from '../core/letters/letters';
import type { LetterToFollowUp } from '../core/reporting/report';
import { auditTrailPut } from './audit-trail';
import { TABLE_INDEXES, tableName } from './config';
import {
  batchGet,
  deleteItem,
  getItem,
  putIfAbsent,
  queryAll,
  queryPartition,
  updateIf,
  updateItem,
  updateWithPutIfAbsent,
} from './dynamo';
import { withoutAddresses } from './ses';
import { type SesTook, sesTookLetter } from './ses-sent';

/** The sent-emails table's indexes (lib/cycle-tables.ts): by SES message id, and by term. */
export const SENT_EMAILS_BY_MESSAGE_ID = TABLE_INDEXES.sentEmailsByMessageId;
export const SENT_EMAILS_BY_TERM = TABLE_INDEXES.sentEmailsByTerm;

export type LetterStatus = 'sending' | 'sent' | 'rejected';

export interface SentEmailRecord {
  letterKey: string;
  term: string;
  urn: string;
  role: string;
  status: LetterStatus;
  claimedAt: string;
  sentAt?: string;
  messageId?: string;
  reason?: string;
  /** When an unfinished claim was taken over, the time of the claim it replaced. */
  reclaimedFrom?: string;
  /** What SES last said happened to the letter (a bounce or complaint is never hidden by a later delivery). */
  outcome?: LetterOutcome;
  outcomeAt?: string;
  outcomeDetail?: string;
  /** The letter did not reach its reader: officers follow it up (the report lists it). */
  needsFollowUp?: boolean;
  /** SES's word (its Send event, by the letter's tag) that it took the letter: its message id, and when. */
  sesSentMessageId?: string;
  sesSentAt?: string;
  /**
   * The run (its execution) that recorded the letter as sent: a retried invocation of that run counts it as its own.
   */
  sentByRun?: string;
}

/**
 * How long a claim without a message id holds: longer than the notify stage can run. A claim older than this was
 * left by a run that ended between claiming the letter and recording that SES took it (killed, timed out); the
 * next run takes it over and sends the letter, so that no letter is lost. Sending it again is the choice: the
 * window in which SES may have taken it without the record saying so is the moment between SES's answer and the
 * write that follows, while a letter never sent is a headteacher never told.
 */
export function claimLeaseSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.LETTER_CLAIM_LEASE_SECONDS);
  return Number.isFinite(configured) &&
    env.LETTER_CLAIM_LEASE_SECONDS !== undefined &&
    env.LETTER_CLAIM_LEASE_SECONDS !== ''
    ? configured
    : 16 * 60;
}

export type Claim =
  | { claimed: true; reclaimed?: { claimedAt: string } }
  | { claimed: false; existing: SentEmailRecord | undefined; pendingUntil?: string; sesTook?: SesTook };

/** A letter's key from before keys named the address, where it had another (a warning notice's letters never did). */
const olderKey = (letter: Letter): string | undefined =>
  letter.legacyKey !== letter.key ? letter.legacyKey : undefined;

/**
 * The letters among these that an earlier version sent under its key without the address, by that key: read for
 * an invocation's letters together, a hundred keys a request, rather than letter by letter.
 * Nothing writes those keys any more, so what is read at the start holds for the whole invocation.
 */
export async function sentByEarlierVersions(letters: readonly Letter[]): Promise<ReadonlyMap<string, SentEmailRecord>> {
  const keys = [...new Set(letters.flatMap((letter) => olderKey(letter) ?? []))];
  const found =
    keys.length > 0
      ? await batchGet<SentEmailRecord>(
          tableName('sentEmails'),
          keys.map((letterKey) => ({ letterKey })),
        )
      : [];
  return new Map(found.map((record) => [record.letterKey, record]));
}

/**
 * Claims a letter for sending. If it was claimed before, returns that record instead, unless the claim was left
 * unfinished for longer than the lease, when it is taken over (atomically: only one run can take it). `earlier`:
 * what sentByEarlierVersions found for the letters this one is among.
 */
export async function claimLetter(
  letter: Letter,
  now: Date,
  earlier: ReadonlyMap<string, SentEmailRecord>,
  leaseSeconds = claimLeaseSeconds(),
): Promise<Claim> {
  const table = tableName('sentEmails');
  // Sent by an earlier version, under the key without the address: it went to whoever held the role then. A letter
  // whose key never changed has no older record: its own claim, unfinished, is taken over below like any other.
  const older = olderKey(letter);
  const legacy = older === undefined ? undefined : earlier.get(older);
  if (legacy) return { claimed: false, existing: legacy };
  const record: SentEmailRecord = {
    letterKey: letter.key,
    term: letter.term,
    urn: letter.urn,
    role: letter.role,
    status: 'sending',
    claimedAt: now.toISOString(),
  };
  if (await putIfAbsent(table, record as unknown as Record<string, unknown>, 'letterKey')) return { claimed: true };
  const existing = await getItem<SentEmailRecord>(table, { letterKey: letter.key });
  if (existing?.status !== 'sending' || existing.messageId) return { claimed: false, existing };
  const leaseEnds = new Date(Date.parse(existing.claimedAt) + leaseSeconds * 1000);
  if (leaseEnds > now) return { claimed: false, existing, pendingUntil: leaseEnds.toISOString() };
  // Left unfinished by a run that died: sent again only if SES has no word of taking it (its Send event, by the
  // letter's tag). If it took it, the letter is recorded as sent, never sent twice.
  const took = await sesTookLetter(letter.key, existing);
  if (took) return { claimed: false, existing, sesTook: took };
  const taken = await updateIf(
    table,
    { letterKey: letter.key },
    { claimedAt: now.toISOString(), reclaimedFrom: existing.claimedAt },
    {
      condition: '#status = :sending AND #claimedAt = :claimedAt AND attribute_not_exists(#messageId)',
      names: { '#status': 'status', '#claimedAt': 'claimedAt', '#messageId': 'messageId' },
      values: { ':sending': 'sending', ':claimedAt': existing.claimedAt },
    },
  );
  return taken
    ? { claimed: true, reclaimed: { claimedAt: existing.claimedAt } }
    : { claimed: false, existing: await getItem<SentEmailRecord>(table, { letterKey: letter.key }) };
}

/**
 * Records that SES took the letter, and its entry in the audit trail, in one transaction: a letter is never
 * recorded as sent without its entry, nor the entry written without the record. An entry with the same key there
 * already is left as it is, as appendToAuditTrail leaves one, and the record is made alone.
 */
export async function markSent(
  letter: Letter,
  messageId: string,
  now: Date,
  entry: AuditEntry,
  run?: string,
): Promise<void> {
  await updateWithPutIfAbsent(
    {
      table: tableName('sentEmails'),
      key: { letterKey: letter.key },
      values: { status: 'sent', messageId, sentAt: now.toISOString(), ...(run ? { sentByRun: run } : {}) },
    },
    auditTrailPut(entry),
  );
}

/** A letter SES refused for its recipient: recorded with what SES said, any address in that masked. */
export function markRejected(letter: Letter, reason: string): Promise<void> {
  return updateItem(
    tableName('sentEmails'),
    { letterKey: letter.key },
    { status: 'rejected', reason: withoutAddresses(reason) },
  );
}

/** Gives a claim back after a transient failure, so that the retried stage sends the letter. */
export function releaseClaim(letter: Letter): Promise<void> {
  return deleteItem(tableName('sentEmails'), { letterKey: letter.key });
}

/**
 * Records SES's word that it took a letter (its Send event, by the letter's tag) on the letter's claim, if the letter
 * has one: true if it had.
 */
export function recordSesSent(sent: { letterKey: string; messageId: string; at: string }): Promise<boolean> {
  return updateIf(
    tableName('sentEmails'),
    { letterKey: sent.letterKey },
    { sesSentMessageId: sent.messageId, sesSentAt: sent.at },
    { condition: 'attribute_exists(#k)', names: { '#k': 'letterKey' }, values: {} },
  );
}

/**
 * Records what SES said of a letter; returns the letter it was about, or undefined if no letter has that message id.
 */
export async function recordLetterEvent(event: LetterEvent): Promise<SentEmailRecord | undefined> {
  const table = tableName('sentEmails');
  const [found] = await queryAll<SentEmailRecord>({
    TableName: table,
    IndexName: SENT_EMAILS_BY_MESSAGE_ID,
    KeyConditionExpression: '#m = :m',
    ExpressionAttributeNames: { '#m': 'messageId' },
    ExpressionAttributeValues: { ':m': event.messageId },
  });
  if (!found) return undefined;
  if (!outcomeAfter({ outcome: found.outcome, at: found.outcomeAt }, event)) return found;
  await updateItem(
    table,
    { letterKey: found.letterKey },
    { outcome: event.outcome, outcomeAt: event.at, outcomeDetail: event.detail, needsFollowUp: event.needsFollowUp },
  );
  return found;
}

/** The term's letters as their records keep them (or a batch's schools'), whatever became of each. */
export function termLetterRecords(term: string, batch: SchoolBatch = {}): Promise<SentEmailRecord[]> {
  const keyOf = (urn: string | undefined) => (urn === undefined ? undefined : `${term}#${urn}`);
  return queryPartition<SentEmailRecord>(tableName('sentEmails'), 'term', term, {
    index: SENT_EMAILS_BY_TERM,
    range: { sortKey: 'letterKey', from: keyOf(batch.from), to: keyOf(batch.to) },
  });
}

/**
 * The term's letters that did not reach their reader (bounced, complained about, rejected by SES), as the reports
 * list them; with a batch, only its schools' (their keys, `<term>#<URN>#...`, are one range of the term's index).
 */
export async function lettersToFollowUp(term: string, batch: SchoolBatch = {}): Promise<LetterToFollowUp[]> {
  const letters = await termLetterRecords(term, batch);
  return letters
    .filter((l) => l.needsFollowUp === true || l.status === 'rejected')
    .map((l) => ({
      urn: l.urn,
      role: l.role,
      what: l.outcomeDetail ?? (l.status === 'rejected' ? `SES refused it: ${l.reason ?? ''}` : (l.outcome ?? '')),
      at: l.outcomeAt,
    }));
}
