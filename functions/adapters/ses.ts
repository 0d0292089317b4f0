/** Sending a raw MIME message through SES. Throttling is retried here with backoff before the stage gives up. */
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { isTransient } from './errors';

let client: SESClient | undefined;
export function resetSesClient(): void {
  client = undefined;
}

export type SendOutcome = { status: 'sent'; messageId: string } | { status: 'rejected'; reason: string } | { status: 'transient'; reason: string };

/** SES errors that mean this one address or message will not go, however often it is tried. */
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'AccountSendingPausedException', 'ConfigurationSetDoesNotExistException', 'ConfigurationSetSendingPausedException', 'InvalidParameterValue']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sendRawEmail(raw: string, destination: string, configurationSet?: string, attempts = 4): Promise<SendOutcome> {
  client ??= new SESClient({});
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.send(
        new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw, 'utf8') }, Destinations: [destination], ConfigurationSetName: configurationSet }),
      );
      return { status: 'sent', messageId: result.MessageId ?? '' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      if (PERMANENT.has(name)) return { status: 'rejected', reason: `${name}: ${(error as Error).message}` };
      if (isTransient(error) && attempt < attempts) {
        await sleep(200 * 2 ** attempt);
        continue;
      }
      if (isTransient(error)) return { status: 'transient', reason: name };
      throw error;
    }
  }
}
