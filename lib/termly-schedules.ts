/**
 * EventBridge Scheduler schedules that start the cycle on the first day of each term (autumn, spring, summer),
 * in the authority's time zone. Each passes its season; the intake stage names the term from the run's year.
 * A start that fails is retried for up to a day; one that still fails lands in a dead-letter queue, which
 * raises an alarm (lib/cycle-alarms.ts), so a term never silently goes without its run.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from './nag';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SEASONS } from '../functions/core/term';
import type { CycleConfig } from './config';

export class TermlySchedules extends Construct {
  readonly schedules: Schedule[];
  /** Where a schedule's start that failed every retry goes. */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { stateMachine: IStateMachine; config: CycleConfig }) {
    super(scope, id);
    const timeZone = TimeZone.of(props.config.timeZone);
    this.deadLetters = new Queue(this, 'FailedStarts', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    acknowledge(this.deadLetters, ['AwsSolutions-SQS3'], "This queue is the schedules' dead-letter queue: what lands in it is a start that failed every retry, watched by an alarm.");
    this.schedules = [...SEASONS].reverse().map((season) => {
      const [month, day] = props.config.termStartDates[season].split('-');
      const name = season.charAt(0).toUpperCase() + season.slice(1);
      return new Schedule(this, `${name}Term`, {
        description: `Starts the school-improvement cycle for the ${season} term`,
        schedule: ScheduleExpression.cron({ minute: '0', hour: String(props.config.scheduleHour), day: String(Number(day)), month: String(Number(month)), timeZone }),
        target: new StepFunctionsStartExecution(props.stateMachine, {
          input: ScheduleTargetInput.fromObject({ season }),
          retryAttempts: 10,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetters,
        }),
      });
    });
  }
}
