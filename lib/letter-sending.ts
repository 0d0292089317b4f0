/**
 * SES as the letters need it in a real account: the identity they are sent from and a configuration set, named for
 * the stage, that records what happens to them. The identity is by default the sender address's domain, with Easy
 * DKIM (2048-bit) and a custom MAIL FROM subdomain, so that a letter's DKIM signature and its envelope sender both
 * align with its From: domain and it passes DMARC where the authority publishes p=reject; the DNS records to publish
 * are the stack's outputs. An identity that exists already (made by another stage's stack in the same account, or
 * by hand) is used by name and nothing is made.
 */
import { Annotations, CfnOutput, Stack } from 'aws-cdk-lib';
import {
  ConfigurationSet,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  Identity,
  type IEmailIdentity,
  MailFromBehaviorOnMxFailure,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface LetterSendingProps {
  readonly stage: string;
  readonly senderAddress: string;
  /** A domain (or an address) to send from; the sender address's domain by default. */
  readonly senderIdentity?: string;
  /** The MAIL FROM subdomain's first label (mail.<domain>). */
  readonly mailFromSubdomain: string;
  /** Use an identity that already exists, by name. */
  readonly importSenderIdentity: boolean;
}

/** The name a stage's configuration set has: one per stage, so two stages deploy side by side in one account. */
export const configurationSetNameFor = (stage: string) => `school-improvement-cycle-${stage}`;

export class LetterSending extends Construct {
  readonly identity: IEmailIdentity;
  /** The identity's name (a domain, or an address), as SES knows it. */
  readonly identityName: string;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: LetterSendingProps) {
    super(scope, id);
    const name = props.senderIdentity ?? props.senderAddress.slice(props.senderAddress.indexOf('@') + 1);
    this.identityName = name;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: configurationSetNameFor(props.stage),
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    const isDomain = !name.includes('@');
    if (props.importSenderIdentity) {
      this.identity = EmailIdentity.fromEmailIdentityName(this, 'Identity', name);
      new CfnOutput(this, 'SenderIdentity', {
        value: name,
        description: `The SES identity letters are sent from, made outside this stack: verify it (aws sesv2 get-email-identity --email-identity ${name})`,
      });
      return;
    }
    if (!isDomain) {
      this.identity = new EmailIdentity(this, 'Identity', {
        identity: Identity.email(name),
        configurationSet: this.configurationSet,
      });
      Annotations.of(this).addWarningV2(
        'school-improvement-cycle:sender-identity',
        `Letters are sent from the address identity ${name}: they carry no DKIM signature of the authority's domain, so where its DMARC policy is quarantine or reject they will not arrive. Send from the domain (leave senderIdentity unset) instead.`,
      );
      return;
    }
    const mailFrom = `${props.mailFromSubdomain}.${name}`;
    const identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(name),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain: mailFrom,
      // Without its MX record SES refuses to send (MailFromDomainNotVerifiedException) rather than fall back to
      // amazonses.com, whose envelope would not align with the From: domain and would fail DMARC.
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.REJECT_MESSAGE,
    });
    this.identity = identity;
    const region = Stack.of(this).region;
    for (const [i, record] of identity.dkimRecords.entries()) {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `Easy DKIM for ${name}: publish this CNAME record`,
      });
    }
    new CfnOutput(this, 'MailFromMxRecord', {
      value: `${mailFrom} MX 10 feedback-smtp.${region}.amazonses.com`,
      description: 'The custom MAIL FROM domain: publish this MX record',
    });
    new CfnOutput(this, 'MailFromSpfRecord', {
      value: `${mailFrom} TXT "v=spf1 include:amazonses.com ~all"`,
      description: 'The custom MAIL FROM domain: publish this SPF record',
    });
    new CfnOutput(this, 'DmarcRecord', {
      value: `_dmarc.${name} TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@${name}"`,
      description: `A DMARC record for ${name}, if it has none: DKIM (d=${name}) and SPF (on ${mailFrom}) both align with it; move p to quarantine or reject once the reports show every sender aligned`,
    });
  }
}
