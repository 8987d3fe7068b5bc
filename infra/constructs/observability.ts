// What the province's operations team sees and hears: one alarm topic that every alarm of the stack
// notifies (the ones below and those of other constructs: dead letters, failed sweeps), alarms for
// the failures nobody would otherwise notice, and one dashboard of the business and the machinery.
import { Aspects, Duration, Stack, type IAspect } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
  type IAlarm,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, businessMetricNames } from '../../functions/core/business-metrics.ts';

export interface ObservabilityProps {
  readonly provinceCode: string;
  readonly stateMachine: IStateMachine;
  readonly httpApi: IHttpApi;
  readonly table: ITable;
  /** Every handler, by name, for the dashboard's errors and durations. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Functions invoked asynchronously (by S3 or EventBridge), by name; their errors reach no caller. */
  readonly asyncFunctions: Readonly<Record<string, IFunction>>;
  /** Who hears an alarm: e-mail addresses subscribed to the topic, and/or an existing topic. */
  readonly recipients: { readonly email: readonly string[]; readonly topicArn?: string };
  /**
   * The window each alarm looks at.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

export class Observability extends Construct {
  /** Every alarm of the stack notifies this topic. */
  readonly topic: Topic;
  readonly workflowFailures: Alarm;
  readonly asyncErrors: readonly Alarm[];
  readonly apiServerErrors: Alarm;
  readonly lambdaThrottles: Alarm;
  readonly redWarnings: Alarm;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    const alarm = (alarmId: string, alarmDescription: string, metric: Metric | MathExpression, threshold = 1): Alarm =>
      new Alarm(this, alarmId, {
        alarmDescription,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    // The topic's own key: CloudWatch must be allowed to use it, or encrypted alarms are dropped.
    const key = new Key(this, 'TopicKey', { description: `Alarm topic of province ${props.provinceCode}`, enableKeyRotation: true });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Alarms', { displayName: `不见面审批 ${props.provinceCode} alarms`, masterKey: key, enforceSSL: true });
    for (const address of props.recipients.email) this.topic.addSubscription(new EmailSubscription(address));
    const actions = [new SnsAction(this.topic)];
    if (props.recipients.topicArn) actions.push(new SnsAction(Topic.fromTopicArn(this, 'OnCall', props.recipients.topicArn)));
    Aspects.of(Stack.of(this)).add(new NotifyOnAlarm(actions));

    this.workflowFailures = alarm(
      'WorkflowFailures',
      'A case workflow failed, timed out or was aborted; the case no longer moves. See its audit trail.',
      new MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: props.stateMachine.metricFailed({ period }),
          timedOut: props.stateMachine.metricTimedOut({ period }),
          aborted: props.stateMachine.metricAborted({ period }),
        },
        period,
      }),
    );
    this.asyncErrors = Object.entries(props.asyncFunctions).map(([name, fn]) =>
      alarm(`${name}Errors`, 'An asynchronously invoked handler failed; S3 or EventBridge retried and no caller saw the error.', fn.metricErrors({ period })),
    );
    this.apiServerErrors = alarm(
      'ApiServerErrors',
      'The API answered 5xx five times or more in five minutes: applicants and departments see failures. See the access log and the handlers’ logs.',
      props.httpApi.metricServerError({ period, statistic: 'Sum' }),
      5,
    );
    // Account-wide in the region: any throttled handler means callers are being turned away.
    this.lambdaThrottles = alarm(
      'LambdaThrottles',
      'Lambda throttled invocations: the account’s concurrency is exhausted and requests or workflow steps are refused. Raise the quota or find the runaway caller.',
      new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period }),
    );
    const business = (metricName: string, statistic = 'Sum'): Metric =>
      new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE, Province: props.provinceCode }, statistic, period });
    this.redWarnings = alarm(
      'RedWarnings',
      '电子监察 red warning: a case or a work item passed its deadline. The department and its supervisor were told; see GET /supervision/stats for the overdue list.',
      business(businessMetricNames.redWarnings),
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `no-meeting-approval-${props.provinceCode}`,
      defaultInterval: Duration.days(1),
    });
    const hourly = Duration.hours(1);
    const perHour = (metricName: string, label: string): Metric => business(metricName).with({ period: hourly, label });
    const fns = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# 不见面审批 · province ${props.provinceCode}\nCases, decisions and warnings from the domain events; then the API, workflow, handlers and table.`, width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Cases per hour',
        left: [perHour(businessMetricNames.submitted, 'submitted'), perHour(businessMetricNames.completed, 'completed'), perHour(businessMetricNames.refused, 'refused')],
        width: 8,
      }),
      new SingleValueWidget({
        title: 'On-time share (committed deadline), last 24 h',
        metrics: [new MathExpression({ expression: '100 * onTime', usingMetrics: { onTime: business(businessMetricNames.onTime, 'Average').with({ period: Duration.days(1) }) }, label: '% on time', period: Duration.days(1) })],
        width: 4,
      }),
      new GraphWidget({
        title: 'Decision latency (s from work item opened)',
        left: ['p50', 'p90', 'p99'].map((statistic) => business(businessMetricNames.decisionLatency, statistic).with({ period: hourly, label: statistic })),
        right: [perHour(businessMetricNames.decisions, 'decisions per hour')],
        width: 6,
      }),
      new GraphWidget({
        title: 'Deadline warnings per hour',
        left: [perHour(businessMetricNames.yellowWarnings, 'yellow'), perHour(businessMetricNames.redWarnings, 'red')],
        width: 6,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests, 4xx, 5xx',
        left: [props.httpApi.metricCount({ period }), props.httpApi.metricClientError({ period }), props.httpApi.metricServerError({ period })],
        right: [props.httpApi.metricLatency({ period, statistic: 'p99' })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Case workflows',
        left: [
          props.stateMachine.metricStarted({ period }),
          props.stateMachine.metricSucceeded({ period }),
          props.stateMachine.metricFailed({ period }),
          props.stateMachine.metricTimedOut({ period }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Case store: consumed units and throttles',
        left: [props.table.metricConsumedWriteCapacityUnits({ period }), props.table.metricConsumedReadCapacityUnits({ period })],
        right: [props.table.metricThrottledRequestsForOperations({ period })],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Handler errors', left: fns.map(([name, fn]) => fn.metricErrors({ period, label: name })), width: 12 }),
      new GraphWidget({ title: 'Handler duration p99 (ms)', left: fns.map(([name, fn]) => fn.metricDuration({ period, statistic: 'p99', label: name })), width: 12 }),
    );
  }

  /** The alarm status widget needs every alarm, so it is added once the stack has them all. */
  addAlarmStatus(alarms: readonly IAlarm[]): void {
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms], width: 24 }));
  }
}

/** Gives every CloudWatch alarm in scope the topic's action, whichever construct made it. */
class NotifyOnAlarm implements IAspect {
  private readonly actions: readonly SnsAction[];

  constructor(actions: readonly SnsAction[]) {
    this.actions = actions;
  }

  visit(node: IConstruct): void {
    if (node instanceof Alarm) node.addAlarmAction(...this.actions);
  }
}
