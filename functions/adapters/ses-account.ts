/**
 * What SES says of the account, the letters' sender identity and their configuration set (SES v2), for the check
 * before a term's first letter (functions/core/letters/ses-readiness.ts reads it).
 */
import {
  GetAccountCommand,
  GetConfigurationSetCommand,
  GetEmailIdentityCommand,
  ListEmailIdentitiesCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import type { SesState } from '../core/letters/ses-readiness';
import { transientAware } from './errors';

let client: SESv2Client | undefined;
export function resetSesAccountClient(): void {
  client = undefined;
}

const notFound = (error: unknown) => error instanceof Error && error.name === 'NotFoundException';

/** The account, identity and configuration set as SES reports them; the verified identities only in the sandbox. */
export async function readSesState(
  identity: string,
  configurationSet: string,
  recipients: () => Promise<readonly string[]>,
): Promise<SesState> {
  client ??= new SESv2Client({});
  const ses = client;
  const [account, found, set] = await Promise.all([
    transientAware('asking SES about the account', () => ses.send(new GetAccountCommand({}))),
    transientAware("asking SES about the sender's identity", () =>
      ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity })),
    ).catch((error: unknown) => {
      if (notFound(error)) return undefined;
      throw error;
    }),
    transientAware("asking SES about the letters' configuration set", () =>
      ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: configurationSet })),
    ).catch((error: unknown) => {
      if (notFound(error)) return undefined;
      throw error;
    }),
  ]);
  const productionAccess = account.ProductionAccessEnabled === true;
  const verified = new Set<string>();
  let to: readonly string[] = [];
  if (!productionAccess) {
    to = await recipients();
    let NextToken: string | undefined;
    do {
      const page = await transientAware('listing the verified identities', () =>
        ses.send(new ListEmailIdentitiesCommand({ NextToken, PageSize: 1000 })),
      );
      for (const i of page.EmailIdentities ?? [])
        if (i.IdentityName && i.SendingEnabled && i.VerificationStatus === 'SUCCESS')
          verified.add(i.IdentityName.toLowerCase());
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return {
    account: { sendingEnabled: account.SendingEnabled !== false, productionAccess },
    identity: {
      name: identity,
      found: found !== undefined,
      verified: found?.VerifiedForSendingStatus === true,
      ...(found?.DkimAttributes?.Status ? { dkim: found.DkimAttributes.Status } : {}),
      ...(found?.MailFromAttributes?.MailFromDomain
        ? { mailFrom: found.MailFromAttributes.MailFromDomainStatus ?? 'PENDING' }
        : {}),
    },
    configurationSet: {
      name: configurationSet,
      found: set !== undefined,
      sendingEnabled: set?.SendingOptions?.SendingEnabled !== false,
    },
    recipients: to,
    verified,
  };
}
