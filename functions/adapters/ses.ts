/**
 * Sending a raw MIME message through SES. Throttling is retried here with backoff before the stage gives up. What
 * SES says when it will not send is read for whose problem it is: the account's or the configuration's (sending
 * paused, the sandbox, an identity not verified), which no letter can get past, so the letters stop; or this one
 * recipient's, which is that letter's own failure, recorded without the address.
 */
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { isTransient } from './errors';

let client: SESClient | undefined;
export function resetSesClient(): void {
  client = undefined;
}

/**
 * sent; rejected (this recipient's address will never take it); stopped (SES sends no letter at all until someone
 * acts: the run stops, and every letter waits for a rerun); transient (throttled past the retries here).
 */
export type SendOutcome =
  | { status: 'sent'; messageId: string }
  | { status: 'rejected'; reason: string }
  | { status: 'stopped'; reason: string }
  | { status: 'transient'; reason: string };

/** Errors that stop every letter: the account or the configuration, not the recipient. */
const STOPS_SENDING = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  'ConfigurationSetDoesNotExistException',
  'MailFromDomainNotVerifiedException',
]);
/** Errors about this letter's recipient or message: it will not go, however often it is tried. */
const RECIPIENT = new Set(['MessageRejected', 'InvalidParameterValue']);
/**
 * A MessageRejected that is the account's: the sandbox (a recipient not verified, so would every other be) or the
 * sender's identity not verified, or sending not allowed.
 */
const ACCOUNT_REJECTION = /not verified|not authori[sz]ed|sending paused|sandbox/i;
const ADDRESS = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[^\s<>()"',;:]+/g;

/** What SES said, with every email address in it masked: a letter's record never holds an address. */
export const withoutAddresses = (text: string) => text.replace(ADDRESS, '<address>');

/** Whose problem an SES error is: the account's (stop every letter) or this recipient's (this letter fails). */
export function sesRefusal(name: string, message: string): 'stopped' | 'rejected' | undefined {
  if (STOPS_SENDING.has(name)) return 'stopped';
  if (name === 'MessageRejected' && ACCOUNT_REJECTION.test(message)) return 'stopped';
  if (RECIPIENT.has(name)) return 'rejected';
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the message, tagged (`tags`: SES message tags, each value letters, digits, '-' and '_'). */
export async function sendRawEmail(
  raw: string,
  destination: string,
  configurationSet?: string,
  tags: Record<string, string> = {},
  attempts = 4,
): Promise<SendOutcome> {
  client ??= new SESClient({});
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: Buffer.from(raw, 'utf8') },
          Destinations: [destination],
          ConfigurationSetName: configurationSet,
          ...(Object.keys(tags).length > 0
            ? { Tags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })) }
            : {}),
        }),
      );
      return { status: 'sent', messageId: result.MessageId ?? '' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      const refusal = sesRefusal(name, message);
      if (refusal) return { status: refusal, reason: withoutAddresses(`${name}: ${message}`) };
      if (isTransient(error) && attempt < attempts) {
        await sleep(200 * 2 ** attempt);
        continue;
      }
      if (isTransient(error)) return { status: 'transient', reason: name };
      throw error;
    }
  }
}
