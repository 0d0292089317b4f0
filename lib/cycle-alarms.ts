/**
 * Tells operations staff what needs them, and shows a term on one dashboard. An alarm is raised by what failed
 * after its retries, never by a call a retry got past: a run of the cycle that failed, timed out or was aborted; a
 * letter SES refused for its recipient; an event a rule or a subscription could not hand on after every retry (each
 * in its dead-letter queue); a term not run by its check day; letters bouncing or complained about at a rate SES
 * reviews. Each alarm counts what happened in a period, so it returns to OK after it and a second failure raises it
 * again. Every alarm publishes to one encrypted topic. docs/operator.md says what each means and what to do.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TERM_NOT_RUN_METRIC } from '../functions/adapters/config';

export interface CycleAlarmsProps {
  readonly stateMachine: StateMachine;
  readonly encryptionKey: IKey;
  readonly alarmEmail?: string;
  /** Every function of the stack, for the dashboard's view of the stages. */
  readonly functions: Record<string, IFunction>;
  readonly configurationSetName: string;
  /** The letters' stage's log group: each letter SES refuses for its recipient is logged there ("letter rejected"). */
  readonly notifyLogGroup: ILogGroup;
  /** Each dead-letter queue, by what lands in it. */
  readonly deadLetters: {
    failedStarts: IQueue;
    decisionsNotPassedOn: IQueue;
    letterEventsNotRecorded: IQueue;
    runEndsNotRecorded: IQueue;
    termCheckFailed: IQueue;
    aagRemindersFailed: IQueue;
    schoolUsersFailed: IQueue;
  };
  readonly stage: string;
  readonly termRunDeadlineDays: number;
  /** The function that reads the AAG decisions table's stream (its iterator age says how far behind it is). */
  readonly decisionsReader: IFunction;
}

/** The metric each letter SES refused for its recipient adds to (a metric filter on the letters' stage's log). */
export const LETTERS_REJECTED_METRIC = {
  namespace: TERM_NOT_RUN_METRIC.namespace,
  name: 'LettersRejected',
  dimension: TERM_NOT_RUN_METRIC.dimension,
} as const;

/** How far behind (ms) the reader of the AAG decisions stream may fall before the AagDecisionsStuck alarm. */
export const AAG_DECISIONS_STUCK_MS = 3_600_000;

export class CycleAlarms extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  /** The share of letters bouncing at which SES starts to review an account is 5%; this warns at 2%. */
  static readonly BOUNCE_RATE_WARNING = 0.02;
  /** The share of letters complained about at which SES reviews an account is 0.1%; this warns at half that. */
  static readonly COMPLAINT_RATE_WARNING = 0.0005;

  constructor(scope: Construct, id: string, props: CycleAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'School-improvement cycle failures',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const fiveMinutes = Duration.minutes(5);
    const failures = new MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: props.stateMachine.metricFailed({ period: fiveMinutes }),
        timedOut: props.stateMachine.metricTimedOut({ period: fiveMinutes }),
        aborted: props.stateMachine.metricAborted({ period: fiveMinutes }),
      },
      label: 'Runs that did not succeed',
      period: fiveMinutes,
    });
    this.alarm(
      'RunFailed',
      'A run of the school-improvement cycle failed, timed out or was aborted (after every retry of its stages): see the CycleRuns table and the execution history.',
      failures,
    );

    // What a queue received in the period: an alarm that returns to OK once the period passes, so the next failure
    // raises it again (the messages stay in the queue for reading; their count would hold the alarm in ALARM).
    const arrived = (queue: IQueue) => queue.metricNumberOfMessagesSent({ period: fiveMinutes, statistic: 'Sum' });
    this.alarm(
      'TermNotStarted',
      "A termly schedule could not start the cycle (or run its term check), after retrying for a day: the term has no run. Read the message in the schedules' dead-letter queue, fix the cause, and start the term by hand.",
      arrived(props.deadLetters.failedStarts),
    );
    this.alarm(
      'AagDecisionsNotPassedOn',
      "An AAG's decisions could not be passed to the waiting cycle after every retry (see the AagDecisionsReceived log group and the AAG access dead-letter queue): put the AAG's decisions in again with npm run moderate before its deadline.",
      arrived(props.deadLetters.decisionsNotPassedOn),
    );
    // The decisions stream's oldest record waiting to be read: a reader an hour behind is stuck (a record failing
    // over and over, or the function unable to run), and the AAGs' decisions are not reaching the waiting cycle.
    this.alarm(
      'AagDecisionsStuck',
      "AAG decisions put in an hour ago or more have not yet been read from the decisions table's stream: read the AagDecisionsReceived log group for the error; the cycle is waiting for them.",
      props.decisionsReader.metric('IteratorAge', { statistic: 'Maximum', period: fiveMinutes }),
      AAG_DECISIONS_STUCK_MS,
    );
    this.alarm(
      'LetterEventsNotRecorded',
      "SES's news of a letter (delivered, bounced, complained about) could not be recorded after every retry: read the LetterEvents log group and the message in its dead-letter queue; the report will not list that letter for follow-up until it is recorded.",
      arrived(props.deadLetters.letterEventsNotRecorded),
    );
    this.alarm(
      'TermCheckFailed',
      'The term check failed after every retry, so a term that has not run would go unnoticed: read the TermCheck log group and the message in its dead-letter queue, fix the cause, and check the term by hand (docs/operator.md, Operations).',
      arrived(props.deadLetters.termCheckFailed),
    );
    this.alarm(
      'AagRemindersFailed',
      "The AAGs' notices failed after every retry, so an AAG may not have been told its proposals are ready or reminded of its deadline: read the AagReminders log group and the message in its dead-letter queue, fix the cause (the next hour tries again), and tell the AAGs' chairs yourself if their deadline is near (docs/operator.md, Operations).",
      arrived(props.deadLetters.aagRemindersFailed),
    );
    this.alarm(
      'SchoolUsersFailed',
      "The school people could not be brought into the portal's user pool after every retry, so a new headteacher may not be invited (a replaced one is refused by the portal all the same): read the SchoolUsers log group and the message in its dead-letter queue, fix the cause, and invoke the SchoolUsers function again (docs/operator.md, Operations).",
      arrived(props.deadLetters.schoolUsersFailed),
    );
    this.alarm(
      'RunEndNotRecorded',
      "A run stopped by hand or timed out could not be recorded after every retry, so its term may stay claimed: read the RunStopped log group and the message in its dead-letter queue, and release the term's claim (docs/operator.md, Operations).",
      arrived(props.deadLetters.runEndsNotRecorded),
    );

    // A term whose cycle had not succeeded by the set day (the term check's metric, lib/termly-schedules.ts).
    this.alarm(
      'TermNotRun',
      `A term's cycle had not succeeded ${props.termRunDeadlineDays} days after the term started (after its AAGs' and the ECB's deadlines): see the CycleRuns table for its runs (failed, stopped, or none), fix the cause and run the term (docs/operator.md, Operations).`,
      new Metric({
        namespace: TERM_NOT_RUN_METRIC.namespace,
        metricName: TERM_NOT_RUN_METRIC.name,
        dimensionsMap: { [TERM_NOT_RUN_METRIC.dimension]: props.stage },
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
    );

    // A letter SES refused for its recipient: the letters' stage logs each, and this filter counts them.
    new MetricFilter(this, 'LettersRejectedCount', {
      logGroup: props.notifyLogGroup,
      filterPattern: FilterPattern.literal('{ $.message = "letter rejected" }'),
      metricNamespace: LETTERS_REJECTED_METRIC.namespace,
      metricName: LETTERS_REJECTED_METRIC.name,
      metricValue: '$.lettersRejected',
      dimensions: { [LETTERS_REJECTED_METRIC.dimension]: '$.deployedStage' },
    });
    const rejected = new Metric({
      namespace: LETTERS_REJECTED_METRIC.namespace,
      metricName: LETTERS_REJECTED_METRIC.name,
      dimensionsMap: { [LETTERS_REJECTED_METRIC.dimension]: props.stage },
      statistic: 'Sum',
      period: fiveMinutes,
    });
    this.alarm(
      'LettersRejected',
      'SES refused a letter for its recipient (the report lists each, under "Letters that did not reach their reader"): check the contact, correct it, and send that letter by hand.',
      rejected,
    );

    // Letters bouncing or complained about: SES reviews an account at a 5% bounce rate (and may pause it at 10%), and
    // at a 0.1% complaint rate (0.5%).
    const reputation = (name: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName: name,
        dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
        statistic: 'Maximum',
        period: Duration.hours(1),
      });
    this.alarm(
      'LettersBouncing',
      `More than ${CycleAlarms.BOUNCE_RATE_WARNING * 100}% of the cycle's letters are bouncing: correct the contacts the report lists before SES reviews the account (at 5%).`,
      reputation('Reputation.BounceRate'),
      CycleAlarms.BOUNCE_RATE_WARNING,
    );
    this.alarm(
      'LettersComplainedAbout',
      `More than ${CycleAlarms.COMPLAINT_RATE_WARNING * 100}% of the cycle's letters are reported as spam by their readers: find out why (the report lists each complaint) before SES reviews the account (at 0.1%).`,
      reputation('Reputation.ComplaintRate'),
      CycleAlarms.COMPLAINT_RATE_WARNING,
    );

    this.dashboard = this.termDashboard(props, rejected);
  }

  /**
   * One page for a term: its runs, each stage's time and errors, its letters and what became of them, and the alarms.
   */
  private termDashboard(props: CycleAlarmsProps, rejected: Metric): Dashboard {
    const hour = Duration.hours(1);
    const ses = (name: string, label: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName: name,
        dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
        statistic: 'Sum',
        period: hour,
        label,
      });
    const fns = Object.entries(props.functions);
    const dashboard = new Dashboard(this, 'Term', { defaultInterval: Duration.days(14) });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# School-improvement cycle (${props.stage})\nEach term's runs, stages and letters. What each alarm means and what to do: docs/operator.md, Operations.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Runs of the cycle',
        left: [
          props.stateMachine.metricStarted({ period: hour }),
          props.stateMachine.metricSucceeded({ period: hour }),
          props.stateMachine.metricFailed({ period: hour }),
          props.stateMachine.metricTimedOut({ period: hour }),
          props.stateMachine.metricAborted({ period: hour }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Letters: sent, delivered, bounced, complained about, refused',
        left: [
          ses('Send', 'sent'),
          ses('Delivery', 'delivered'),
          ses('Bounce', 'bounced'),
          ses('Complaint', 'complained about'),
          ses('Reject', 'rejected by SES'),
          rejected.with({ label: 'refused for the recipient', period: hour }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Stages: longest run (ms)',
        left: fns.map(([name, fn]) => fn.metricDuration({ period: hour, statistic: 'Maximum', label: name })),
        width: 12,
        height: 8,
      }),
      new GraphWidget({
        title: "Stages: errors (each a call a retry may have got past; the run's alarm says whether it failed)",
        left: fns.map(([name, fn]) => fn.metricErrors({ period: hour, label: name })),
        right: fns.map(([name, fn]) => fn.metricThrottles({ period: hour, label: `${name} throttled` })),
        width: 12,
        height: 8,
      }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }));
    return dashboard;
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
    this.alarms.push(alarm);
    return alarm;
  }
}

/** The dashboard's name in the console, for README and the stack's outputs. */
export const dashboardUrl = (scope: Construct, dashboard: Dashboard) =>
  `https://${Stack.of(scope).region}.console.aws.amazon.com/cloudwatch/home?region=${Stack.of(scope).region}#dashboards/dashboard/${dashboard.dashboardName}`;
