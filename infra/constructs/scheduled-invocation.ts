// A handler invoked at a fixed rate (a `schedule` row of infra/functions.ts), e.g. the 电子监察 sweep
// every 15 minutes: an EventBridge Scheduler schedule whose own role may invoke that one function,
// and an alarm when a run fails.
//
// Scheduler invokes Lambda asynchronously. A failed run is not retried (neither by Scheduler nor by
// Lambda): a scheduled handler here is a catch-up, so the next run does whatever this one left
// undone, and a retry would only overlap it. Failures are not silent: the alarm goes off.
import { Aws, CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
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
}

export class ScheduledInvocation extends Construct {
  readonly schedule: Schedule;
  /** Assumed by EventBridge Scheduler of this account only; may invoke the handler and nothing else. */
  readonly role: Role;
  /** In alarm when a run failed. */
  readonly failures: Alarm;

  constructor(scope: Construct, id: string, props: ScheduledInvocationProps) {
    super(scope, id);
    const minutes = props.every.toMinutes();

    this.role = new Role(this, 'Role', {
      // Confused-deputy guard: only schedules of this account may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: `EventBridge Scheduler: invoke ${props.handlerName} every ${minutes} minutes`,
    });

    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.rate(props.every),
      description: `Every ${minutes} minutes → ${props.handlerName}`,
      target: new LambdaInvoke(props.handler, {
        role: this.role,
        // The handler ignores its input; this only tells a reader of the logs where a run came from.
        input: ScheduleTargetInput.fromObject({ source: 'schedule', handler: props.handlerName }),
        retryAttempts: 0,
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
  }
}

/** The CloudFormation logical id of an L2 resource, as cdk-nag prints it in findings. */
const logicalIdOf = (resource: Construct): string => {
  const cfn = resource.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${resource.node.path} has no CloudFormation resource of its own`);
  return Stack.of(resource).getLogicalId(cfn);
};
