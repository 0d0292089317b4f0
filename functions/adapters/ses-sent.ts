/**
 * Whether SES took a letter whose run died before recording it: SES's word, by the letter's tag. On AWS it is the
 * Send event that the letter-events function recorded on the letter's claim (sesSentMessageId); locally, where no
 * events flow, the local SES answers for itself (LOCAL_SES_SENT_URL: what it took, by tag), standing in for them.
 */
import { letterTag } from '../core/letters/letters';
import { TransientStageError } from './errors';

export interface SesTook {
  readonly messageId: string;
  readonly at: string;
}

export async function sesTookLetter(
  letterKey: string,
  claim: { sesSentMessageId?: string; sesSentAt?: string; claimedAt: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<SesTook | undefined> {
  if (claim.sesSentMessageId) return { messageId: claim.sesSentMessageId, at: claim.sesSentAt ?? claim.claimedAt };
  const local = env.LOCAL_SES_SENT_URL;
  if (!local) return undefined;
  let response: Response;
  try {
    response = await fetch(`${local}/${encodeURIComponent(letterTag(letterKey))}`);
  } catch (error) {
    throw new TransientStageError(`the local SES did not answer whether it took a letter: ${(error as Error).message}`);
  }
  if (response.status === 404) return undefined;
  if (!response.ok)
    throw new TransientStageError(`the local SES answered ${response.status} when asked whether it took a letter`);
  return (await response.json()) as SesTook;
}
