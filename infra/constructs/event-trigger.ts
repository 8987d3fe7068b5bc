// A handler triggered by one detail type on the province bus (a `trigger` row of infra/functions.ts),
// with nowhere for a failure to hide: an EventBridge rule invokes it asynchronously; an event the
// rule cannot hand to Lambda, and an invocation that fails, both land in one dead-letter queue; an
// alarm goes off while that queue holds anything.
//
// Retries belong to the handler (pushWorkItem retries with backoff inside one invocation, the same
// locally and in AWS), so Lambda does not re-run a failed invocation: a re-run would repeat every
// try and delay the dead letter by minutes. EventBridge does retry a little, because its retries
// only cover handing the event over (throttling, service errors), when the handler never ran.
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface EventTriggerProps {
  readonly bus: IEventBus;
  /** The events' `source` (events/contracts.ts eventSource). */
  readonly source: string;
  readonly detailType: string;
  readonly handler: IFunction;
  /** The handler's name in infra/functions.ts, for descriptions. */
  readonly handlerName: string;
  /**
   * How often EventBridge retries handing an event to Lambda, and for how long.
   * @default 3 retries within 1 hour
   */
  readonly deliveryRetries?: { readonly attempts: number; readonly maxEventAge: Duration };
  /**
   * How long a dead letter waits for an operator (inspect, then redrive or drop).
   * @default Duration.days(14), the SQS maximum
   */
  readonly deadLetterRetention?: Duration;
}

export class EventTrigger extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  /** In alarm while the dead-letter queue holds a message. */
  readonly deadLetters: Alarm;

  constructor(scope: Construct, id: string, props: EventTriggerProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      // SQS-managed keys: a dead letter holds the event (case number, work item id, department),
      // no personal data, and EventBridge can write to it without a key policy for events.amazonaws.com.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue: the EventBridge rule target and the Lambda on-failure destination send to it (cdk-nag only recognises queue redrive policies and Lambda DeadLetterConfig).',
    });

    const retries = props.deliveryRetries ?? { attempts: 3, maxEventAge: Duration.hours(1) };
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `${props.detailType} events of the province bus → ${props.handlerName}`,
      eventPattern: { source: [props.source], detailType: [props.detailType] },
      targets: [
        new LambdaFunction(props.handler, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: retries.attempts,
          maxEventAge: retries.maxEventAge,
        }),
      ],
    });

    props.handler.configureAsyncInvoke({ retryAttempts: 0, onFailure: new SqsDestination(this.deadLetterQueue) });

    this.deadLetters = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `${props.detailType} events dead-lettered: the handler failed after its last try, or EventBridge could not invoke it. Inspect the queue, fix, then redrive.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
