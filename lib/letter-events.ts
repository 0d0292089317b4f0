/**
 * What becomes of each letter after SES takes it: the configuration set the letters are sent with publishes its
 * delivery, bounce, complaint, rejection and delay events to the account's default event bus, and a rule hands
 * this configuration set's events to the function that records them against their letters.
 */
import { Duration } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { EmailSendingEvent, EventDestination, type ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export class LetterEvents extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: { configurationSet: ConfigurationSet; recorder: IFunction }) {
    super(scope, id);
    const bus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    props.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(bus),
      events: [EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.DELIVERY_DELAY],
    });
    this.rule = new Rule(this, 'LetterEventsRule', {
      description: "SES's events about the cycle's letters, to record against each letter",
      eventBus: bus,
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] } } },
      },
    });
    this.rule.addTarget(new LambdaFunction(props.recorder, { retryAttempts: 20, maxEventAge: Duration.hours(24) }));
  }
}
