/**
 * The record of letters sent, which makes sending idempotent per term, school, change and recipient:
 * a letter is claimed with a conditional write before it is sent, so a retry, a redrive or a rerun of the
 * term finds the claim and does not send it again.
 */
import type { Letter } from '../core/letters';
import { tableName } from './config';
import { deleteItem, getItem, putIfAbsent, updateItem } from './dynamo';

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
}

/** Claims a letter for sending. Returns the existing record instead if it was claimed before. */
export async function claimLetter(letter: Letter, now: Date): Promise<{ claimed: true } | { claimed: false; existing: SentEmailRecord | undefined }> {
  const table = tableName('sentEmails');
  const record: SentEmailRecord = { letterKey: letter.key, term: letter.term, urn: letter.urn, role: letter.role, status: 'sending', claimedAt: now.toISOString() };
  if (await putIfAbsent(table, record as unknown as Record<string, unknown>, 'letterKey')) return { claimed: true };
  return { claimed: false, existing: await getItem<SentEmailRecord>(table, { letterKey: letter.key }) };
}

export function markSent(letter: Letter, messageId: string, now: Date): Promise<void> {
  return updateItem(tableName('sentEmails'), { letterKey: letter.key }, { status: 'sent', messageId, sentAt: now.toISOString() });
}

export function markRejected(letter: Letter, reason: string): Promise<void> {
  return updateItem(tableName('sentEmails'), { letterKey: letter.key }, { status: 'rejected', reason });
}

/** Gives a claim back after a transient failure, so that the retried stage sends the letter. */
export function releaseClaim(letter: Letter): Promise<void> {
  return deleteItem(tableName('sentEmails'), { letterKey: letter.key });
}
