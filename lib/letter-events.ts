/**
 * What becomes of each letter after SES takes it. The letters' configuration set publishes its delivery, bounce,
 * complaint, rejection and delay events to a topic of the stack's own, encrypted with the cycle's key, never to the
 * account's default event bus (an SES event carries the recipient's address); the topic hands each to the function
 * that records it against its letter, and what that function fails on after Lambda's retries goes to a dead-letter
 * queue, watched by an alarm. The same events are counted in CloudWatch under the configuration set's name, for the
 * dashboard.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  CloudWatchDimensionSource,
  type ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The events the cycle records against its letters. */
export const LETTER_EVENTS = [
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
];

export class LetterEvents extends Construct {
  readonly topic: Topic;
  /** The events the recorder failed on after every retry. */
  readonly deadLetters: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: { configurationSet: ConfigurationSet; recorder: IFunction; encryptionKey: IKey; deadLetters: Queue },
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new Topic(this, 'SesEvents', {
      displayName: "SES's events about the cycle's letters",
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    // SES publishes to the encrypted topic with the cycle's key, for this account's configuration sets only.
    props.encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesEventsOfThisAccount',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    // SES's Send events too: each is SES's word, found by the letter's tag, that it took a letter, so that a run that
    // died before recording it leaves the next run evidence that the letter went (functions/adapters/sent-emails.ts).
    props.configurationSet.addEventDestination('ToTopic', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.SEND, ...LETTER_EVENTS],
    });
    props.configurationSet.addEventDestination('ToCloudWatch', {
      destination: EventDestination.cloudWatchDimensions([
        {
          name: 'ses:configuration-set',
          source: CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: props.configurationSet.configurationSetName,
        },
      ]),
      events: [EmailSendingEvent.SEND, ...LETTER_EVENTS],
    });
    // One dead-letter queue for the event, whether the topic could not deliver it or the recorder failed on it.
    this.deadLetters = props.deadLetters;
    this.topic.addSubscription(new LambdaSubscription(props.recorder, { deadLetterQueue: this.deadLetters }));
  }
}
