/**
 * Whether SES can send the term's letters, asked before the first of them (the "Check SES can send" stage) and
 * read from what SES says when it stops mid-term: sending enabled for the account and for the letters'
 * configuration set, the sender's identity verified (with its DKIM and custom MAIL FROM), and the account out of the
 * sandbox, or, in the sandbox, every recipient verified. Each problem says what to do about it. Pure: what SES
 * reports in, the problems out.
 */

export interface SesState {
  readonly account: { sendingEnabled: boolean; productionAccess: boolean };
  /** The identity letters are sent from: a domain, or the sender address itself. */
  readonly identity: { name: string; found: boolean; verified: boolean; dkim?: string; mailFrom?: string };
  readonly configurationSet: { name: string; found: boolean; sendingEnabled: boolean };
  /**
   * Where the term's letters go: every address the stage's letters setting sends to (in `redirect`, the test
   * mailbox alone). Only asked of an account in the sandbox.
   */
  readonly recipients: readonly string[];
  /** The verified identities (addresses and domains) of an account in the sandbox. */
  readonly verified: ReadonlySet<string>;
}

/** How an operator turns sending back on, and where SES says why it stopped. */
const RESUME_ACCOUNT =
  "SES has paused (or someone disabled) sending for the account: read why on the SES console's reputation page, resolve it, then turn sending on again (aws sesv2 put-account-sending-attributes --sending-enabled).";
const resumeConfigurationSet = (name: string) =>
  `sending is paused for the letters' configuration set ${name}: turn it on again (aws sesv2 put-configuration-set-sending-options --configuration-set-name ${name} --sending-enabled).`;
const NO_CONFIGURATION_SET =
  "the letters' configuration set does not exist: deploy the stack again (npx cdk deploy), which makes it.";
const identityNotVerified = (name: string) =>
  `the sender's identity ${name} is not verified: publish the DNS records the stack prints (its DkimRecord outputs; docs/operator.md, Deploying) and wait for SES to verify it (aws sesv2 get-email-identity --email-identity ${name}).`;
const MAIL_FROM =
  "the custom MAIL FROM domain is not verified: publish its MX and SPF records (the stack's MailFromMxRecord and MailFromSpfRecord outputs), or SES falls back to amazonses.com and letters fail DMARC.";
const SANDBOX =
  'the account is in the SES sandbox, where SES sends only to verified addresses: request production access (aws sesv2 put-account-details --production-access-enabled ..., docs/operator.md, Deploying), or, for a staging term, redirect its letters to a verified test mailbox.';

/** Everything that stops SES sending the term's letters, each with what to do; none when it can send them. */
export function sesProblems(state: SesState): string[] {
  const problems: string[] = [];
  if (!state.account.sendingEnabled) problems.push(RESUME_ACCOUNT);
  if (!state.configurationSet.found) problems.push(NO_CONFIGURATION_SET);
  else if (!state.configurationSet.sendingEnabled) problems.push(resumeConfigurationSet(state.configurationSet.name));
  if (!state.identity.found || !state.identity.verified) problems.push(identityNotVerified(state.identity.name));
  else if (state.identity.mailFrom !== undefined && state.identity.mailFrom !== 'SUCCESS') problems.push(MAIL_FROM);
  if (!state.account.productionAccess) {
    const unverified = state.recipients.filter(
      (address) =>
        !state.verified.has(address.toLowerCase()) &&
        !state.verified.has(address.slice(address.indexOf('@') + 1).toLowerCase()),
    );
    if (unverified.length > 0)
      problems.push(
        `${SANDBOX} ${unverified.length} of the term's ${state.recipients.length} ${state.recipients.length === 1 ? 'recipient is' : 'recipients are'} not verified.`,
      );
  }
  return problems;
}

/** What to do when SES stopped sending mid-term, from what it said (the error's name and message). */
export function whatToDoWhenSesStops(said: string): string {
  if (said.startsWith('AccountSendingPausedException')) return RESUME_ACCOUNT;
  if (said.startsWith('ConfigurationSetSendingPausedException'))
    return `Sending is paused for the letters' configuration set: turn it on again (aws sesv2 put-configuration-set-sending-options --sending-enabled).`;
  if (said.startsWith('ConfigurationSetDoesNotExistException'))
    return NO_CONFIGURATION_SET.replace(/^./, (c) => c.toUpperCase());
  if (said.startsWith('MailFromDomainNotVerifiedException')) return MAIL_FROM.replace(/^./, (c) => c.toUpperCase());
  return "SES refused the letters as the account's or the sender's: the account may be in the SES sandbox (where only verified addresses receive mail) or the sender's identity not verified. Request production access, or verify the identity (docs/operator.md, Deploying).";
}
