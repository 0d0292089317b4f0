/**
 * Tells operations staff what needs them: a run of the cycle that failed, timed out or was aborted; a function
 * that errs or is throttled; letters bouncing. Every alarm publishes to one encrypted topic. README's Operations
 * section says what each means and what to do.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TERM_NOT_RUN_METRIC } from '../functions/adapters/config';

export class CycleAlarms extends Construct {
  readonly topic: Topic;

  /** The share of letters bouncing at which SES starts to review an account is 5%; this warns at 2%. */
  static readonly BOUNCE_RATE_WARNING = 0.02;

  constructor(
    scope: Construct,
    id: string,
    props: { stateMachine: StateMachine; encryptionKey: IKey; alarmEmail?: string; functions: Record<string, IFunction>; configurationSetName: string; failedStarts: IQueue; decisionsNotPassedOn: IQueue; stage: string; termRunDeadlineDays: number },
  ) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'School-improvement cycle failures', masterKey: props.encryptionKey, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const failures = new MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: props.stateMachine.metricFailed({ period: Duration.minutes(5) }),
        timedOut: props.stateMachine.metricTimedOut({ period: Duration.minutes(5) }),
        aborted: props.stateMachine.metricAborted({ period: Duration.minutes(5) }),
      },
      label: 'Runs that did not succeed',
    });
    this.alarm('RunFailed', 'A run of the school-improvement cycle failed, timed out or was aborted; see the CycleRuns table and the execution history.', failures);

    // Each function: an error a retry did not hide shows in the run's alarm too, but a function that keeps
    // erring (or is throttled) is worth seeing at once, by name.
    for (const [name, fn] of Object.entries(props.functions)) {
      const label = name.charAt(0).toUpperCase() + name.slice(1);
      this.alarm(`${label}Errors`, `The ${name} function of the school-improvement cycle reported errors: see its log group.`, fn.metricErrors({ period: Duration.minutes(5) }));
      this.alarm(`${label}Throttles`, `The ${name} function of the school-improvement cycle was throttled: the account's Lambda concurrency is exhausted.`, fn.metricThrottles({ period: Duration.minutes(5) }));
    }

    // A schedule that could not start a term's run, after every retry.
    this.alarm(
      'TermNotStarted',
      "A termly schedule could not start the cycle, after retrying for a day: the term has no run. Read the message in the schedules' dead-letter queue, fix the cause, and start the term by hand.",
      props.failedStarts.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );

    // A term whose cycle had not succeeded by the set day (the term check's metric, lib/termly-schedules.ts).
    this.alarm(
      'TermNotRun',
      `A term's cycle had not succeeded ${props.termRunDeadlineDays} days after the term started: see the CycleRuns table for its runs (failed, stopped, or none), fix the cause and run the term (README, Operations).`,
      new Metric({ namespace: TERM_NOT_RUN_METRIC.namespace, metricName: TERM_NOT_RUN_METRIC.name, dimensionsMap: { [TERM_NOT_RUN_METRIC.dimension]: props.stage }, statistic: 'Maximum', period: Duration.hours(1) }),
    );

    // AAG decisions put in but not passed to the cycle after every retry: that AAG's proposals would stand.
    this.alarm(
      'AagDecisionsNotPassedOn',
      "An AAG's decisions could not be passed to the waiting cycle after every retry (see the AagDecisionsReceived log group and the AAG access dead-letter queue): put the AAG's decisions in again with npm run moderate before its deadline.",
      props.decisionsNotPassedOn.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );

    // Letters bouncing: SES reviews an account whose bounce rate reaches 5%, and pauses sending at 10%.
    this.alarm(
      'LettersBouncing',
      `More than ${CycleAlarms.BOUNCE_RATE_WARNING * 100}% of the cycle's letters are bouncing: correct the contacts the report lists before SES reviews the account (at 5%).`,
      new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', dimensionsMap: { 'ses:configuration-set': props.configurationSetName }, statistic: 'Maximum', period: Duration.hours(1) }),
      CycleAlarms.BOUNCE_RATE_WARNING,
    );
  }

  /** An alarm at or above `threshold` in one period, missing data not breaching, telling the topic. */
  private alarm(id: string, description: string, metric: IMetric, threshold = 1): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
