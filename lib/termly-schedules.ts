/**
 * EventBridge Scheduler schedules that start the cycle on the first day of each term (autumn, spring, summer),
 * in the authority's time zone. Each passes its season; the intake stage names the term from the run's year.
 * A start that fails is retried for up to a day; one that still fails lands in a dead-letter queue, which
 * raises an alarm (lib/cycle-alarms.ts), so a term never silently goes without its run. A set number of days
 * into each term (termRunDeadlineDays, after the AAGs' and the ECB's deadlines) a second schedule checks that the
 * term's cycle has succeeded. Both are enabled where the stage's settings say so (`schedules`: production by default).
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SEASONS } from '../functions/core/term';
import type { CycleConfig } from './config';
import { acknowledge, arnToken } from './nag';

export class TermlySchedules extends Construct {
  readonly schedules: Schedule[];
  /** One per term: has its cycle run by the set day? */
  readonly checks: Schedule[];
  /** Where a schedule's start that failed every retry goes. */
  readonly deadLetters: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: { stateMachine: IStateMachine; config: CycleConfig; termCheck: IFunction },
  ) {
    super(scope, id);
    const timeZone = TimeZone.of(props.config.timeZone);
    this.deadLetters = new Queue(this, 'FailedStarts', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetters,
      ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'],
      "This queue is the schedules' dead-letter queue: what lands in it is a start that failed every retry, watched by an alarm.",
    );
    this.schedules = [...SEASONS].reverse().map((season) => {
      const [month, day] = props.config.termStartDates[season].split('-');
      const name = season.charAt(0).toUpperCase() + season.slice(1);
      return new Schedule(this, `${name}Term`, {
        description: `Starts the school-improvement cycle for the ${season} term`,
        // Only where the stage's settings say so (production by default): a staging term is run by hand.
        enabled: props.config.schedules,
        schedule: ScheduleExpression.cron({
          minute: '0',
          hour: String(props.config.scheduleHour),
          day: String(Number(day)),
          month: String(Number(month)),
          timeZone,
        }),
        target: new StepFunctionsStartExecution(props.stateMachine, {
          input: ScheduleTargetInput.fromObject({ season }),
          retryAttempts: 10,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetters,
        }),
      });
    });
    this.checks = [...SEASONS].reverse().map((season) => {
      const { month, day } = daysAfter(props.config.termStartDates[season], props.config.termRunDeadlineDays);
      const name = season.charAt(0).toUpperCase() + season.slice(1);
      return new Schedule(this, `${name}TermCheck`, {
        description: `Checks that the ${season} term's cycle has run, ${props.config.termRunDeadlineDays} days after the term starts`,
        enabled: props.config.schedules,
        schedule: ScheduleExpression.cron({
          minute: '0',
          hour: String(props.config.scheduleHour),
          day: String(day),
          month: String(month),
          timeZone,
        }),
        target: new LambdaInvoke(props.termCheck, {
          input: ScheduleTargetInput.fromObject({ season }),
          retryAttempts: 10,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetters,
        }),
      });
    });
    // CDK's role for scheduler targets (one per stack) may invoke the term check and its versions.
    acknowledge(
      Stack.of(this),
      [`AwsSolutions-IAM5[Resource::${arnToken(props.termCheck)}:*]`],
      "EventBridge Scheduler's role may invoke the term-check function and its versions and aliases (<function ARN>:*); no other function.",
    );
  }
}

/** The month and day `days` after a month-day such as 09-03 (in a year without 29 February). */
export function daysAfter(monthDay: string, days: number): { month: number; day: number } {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(2025, month - 1, day + days));
  return { month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
