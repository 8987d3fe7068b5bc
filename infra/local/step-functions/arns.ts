// ARNs of the local state machines and executions, in the partition the region belongs to (the
// platform runs in China regions too, where every ARN starts `arn:aws-cn:`).

export const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

export const stateMachineArnOf = (scope: { region: string; accountId: string }, name: string): string =>
  `arn:${partitionOf(scope.region)}:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;

export const executionArnOf = (stateMachineArn: string, executionName: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;

export const isStateMachineArn = (arn: string): boolean => /^arn:[\w-]+:states:[\w-]+:\d{12}:stateMachine:[^:]+$/.test(arn);

export const isExecutionArn = (arn: string): boolean => /^arn:[\w-]+:states:[\w-]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn);
