/** SES: the identity letters are sent from, and a configuration set that records what happens to them. */
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export class LetterSending extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: { senderAddress: string; senderIdentity?: string }) {
    super(scope, id);
    const identity = props.senderIdentity ?? props.senderAddress;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: identity.includes('@') ? Identity.email(identity) : Identity.domain(identity),
      configurationSet: this.configurationSet,
    });
  }
}
