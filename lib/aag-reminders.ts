/**
 * The AAGs' notices by email (functions/handlers/remind-aags.ts): an EventBridge Scheduler schedule invokes the
 * function every hour; it tells each area whose chair has not submitted that its proposals are ready in the portal,
 * and, portal.reminderDaysBeforeDeadline days before the deadline, that its decisions are still to come. It reads the
 * area's people from the portal's user pool. Always on, whatever the stage's schedules: it writes only to the people in
 * this stage's own pool, and only while a round of this stage is open.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CycleConfig } from './config';
import { acknowledge, arnToken } from './nag';

export interface AagRemindersProps {
  readonly config: CycleConfig;
  /** The notices' function (lib/stages.ts EVENT_FUNCTIONS.aagReminders). */
  readonly reminder: LambdaFunction;
  readonly userPool: IUserPool;
  /** The portal's address, where the notices send people. */
  readonly portalUrl: string;
  /** Where an invocation that fails every retry goes (the function's own dead-letter queue, watched by an alarm). */
  readonly deadLetters: IQueue;
}

export class AagReminders extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: AagRemindersProps) {
    super(scope, id);
    const { config, reminder } = props;
    reminder.addEnvironment('PORTAL_USER_POOL_ID', props.userPool.userPoolId);
    reminder.addEnvironment('PORTAL_URL', props.portalUrl);
    reminder.addEnvironment('MODERATION_DEADLINE_HOURS', String(config.moderationDeadlineHours));
    reminder.addEnvironment('AAG_REMINDER_HOURS', String(config.portal.reminderDaysBeforeDeadline * 24));
    // It lists the members of the areas' groups; nothing else of the pool.
    props.userPool.grant(reminder, 'cognito-idp:ListUsersInGroup');
    this.schedule = new Schedule(this, 'Hourly', {
      description:
        'Tells each AAG that has not submitted that its proposals are ready, and reminds it before its deadline',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target: new LambdaInvoke(reminder, {
        input: ScheduleTargetInput.fromObject({}),
        // An hour later the next invocation tries again: a failed one is not worth retrying for long.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(30),
        deadLetterQueue: props.deadLetters,
      }),
    });
    acknowledge(
      Stack.of(this),
      [`AwsSolutions-IAM5[Resource::${arnToken(reminder)}:*]`],
      "EventBridge Scheduler's role may invoke the AAG reminders function and its versions and aliases (<function ARN>:*); no other function.",
    );
  }
}
