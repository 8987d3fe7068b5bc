// A handler invoked at a fixed rate (a `schedule` row of infra/functions.ts), e.g. the 电子监察 sweep
// every 15 minutes: an EventBridge Scheduler schedule whose own role may invoke that one function,
// retried when the hand-over fails, a dead-letter queue for runs that could not be handed over at
// all, and alarms on both.
//
// Scheduler invokes Lambda asynchronously: its retries cover a throttled or unavailable Lambda
// (the run never started); a run that started and failed is not retried by Lambda, because a
// scheduled handler here is a catch-up whose every step is conditional (warnings once per level,
// waits ended once), so the next run does what this one left undone; the Failures alarm says so.
import { Aws, CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface ScheduledInvocationProps {
  readonly handler: IFunction;
  /** The handler's name in infra/functions.ts, for descriptions and the run's input. */
  readonly handlerName: string;
  readonly every: Duration;
  /**
   * How long Scheduler keeps trying to hand a run over when Lambda throttles it; a run older than
   * this is dropped (the next one comes anyway).
   * @default the rate itself
   */
  readonly maxEventAge?: Duration;
  /**
   * Scheduler's tries to hand a run over after the first.
   * @default 3
   */
  readonly retryAttempts?: number;
}

export class ScheduledInvocation extends Construct {
  readonly schedule: Schedule;
  /** Assumed by EventBridge Scheduler of this account only; may invoke the handler and nothing else. */
  readonly role: Role;
  /** Runs Scheduler could not hand over after its last try (the message says why). */
  readonly deadLetterQueue: Queue;
  /** In alarm when a run failed. */
  readonly failures: Alarm;
  /** In alarm when a run was dead-lettered. */
  readonly deadLetters: Alarm;

  constructor(scope: Construct, id: string, props: ScheduledInvocationProps) {
    super(scope, id);
    const minutes = props.every.toMinutes();

    this.role = new Role(this, 'Role', {
      // Confused-deputy guard: only schedules of this account may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: `EventBridge Scheduler: invoke ${props.handlerName} every ${minutes} minutes`,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the schedule; its messages are inspected and the run repeated by hand, never consumed again.',
    });

    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.rate(props.every),
      description: `Every ${minutes} minutes → ${props.handlerName}`,
      target: new LambdaInvoke(props.handler, {
        role: this.role,
        // The handler ignores its input; this only tells a reader of the logs where a run came from.
        input: ScheduleTargetInput.fromObject({ source: 'schedule', handler: props.handlerName }),
        retryAttempts: props.retryAttempts ?? 3,
        deadLetterQueue: this.deadLetterQueue,
        // Scheduler's minimum is 60 s.
        maxEventAge: props.maxEventAge ?? (minutes >= 1 ? props.every : Duration.minutes(1)),
      }),
    });
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.handler)}.Arn>:*]`,
      reason: `CDK's grantInvoke names the function and its versions and aliases (<arn>:*); the schedule invokes ${props.handlerName} only, through this role only.`,
    });

    props.handler.configureAsyncInvoke({ retryAttempts: 0 });

    this.failures = new Alarm(this, 'Failures', {
      alarmDescription: `A scheduled run of ${props.handlerName} failed; the next run (in ${minutes} minutes) catches up. See its log group.`,
      metric: props.handler.metricErrors({ period: Duration.minutes(Math.max(5, minutes)) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.deadLetters = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `A scheduled run of ${props.handlerName} could not be handed over to Lambda after ${props.retryAttempts ?? 3} retries; see the queue's message for why.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}

/** The CloudFormation logical id of an L2 resource, as cdk-nag prints it in findings. */
const logicalIdOf = (resource: Construct): string => {
  const cfn = resource.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${resource.node.path} has no CloudFormation resource of its own`);
  return Stack.of(resource).getLogicalId(cfn);
};
