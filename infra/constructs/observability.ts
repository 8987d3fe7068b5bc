// Alarms for the failures nobody would otherwise see: a case workflow that stops (the applicant
// only sees a case that never moves) and an upload check that fails (S3 invokes it asynchronously,
// so no caller gets the error). Actions are left to the province's operations team.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  readonly stateMachine: IStateMachine;
  /** Functions invoked asynchronously (by S3 or EventBridge), by name; their errors reach no caller. */
  readonly asyncFunctions: Readonly<Record<string, IFunction>>;
  /**
   * The window each alarm looks at.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

export class Observability extends Construct {
  readonly workflowFailures: Alarm;
  readonly asyncErrors: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);

    this.workflowFailures = new Alarm(this, 'WorkflowFailures', {
      alarmDescription: 'A case workflow failed, timed out or was aborted; the case no longer moves. See its audit trail.',
      metric: new MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: props.stateMachine.metricFailed({ period }),
          timedOut: props.stateMachine.metricTimedOut({ period }),
          aborted: props.stateMachine.metricAborted({ period }),
        },
        period,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.asyncErrors = Object.entries(props.asyncFunctions).map(
      ([name, fn]) =>
        new Alarm(this, `${name}Errors`, {
          alarmDescription: 'An asynchronously invoked handler failed; S3 or EventBridge retried and no caller saw the error.',
          metric: fn.metricErrors({ period }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
  }
}
