// Restart recovery for the local stack. Step Functions in AWS keeps executions across restarts; the
// local interpreter holds them in memory, so after a restart every case still in flight is started
// again. Each step is idempotent on the case's recorded status: pre-review returns its recorded
// outcome, OpenWorkItem re-arms open work items with new tokens and answers decided ones at once,
// issuance completes an approved case. Nothing pending is lost; nothing is done twice.
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { isFinal, type CaseStatus } from '../../functions/core/case-status.ts';
import { localCredentials } from './clients.ts';

/** Local only: a start-up scan over one small table; production code uses the indexes. */
const inFlightCases = async (dynamodb: DynamoDBClient, table: string): Promise<string[]> => {
  const found: string[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'sk = :meta AND begins_with(pk, :case)',
        ExpressionAttributeValues: { ':meta': { S: 'META' }, ':case': { S: 'CASE#' } },
        ProjectionExpression: 'caseNo, #s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const status = item.status?.S as CaseStatus | undefined;
      if (item.caseNo?.S && status && !isFinal(status)) found.push(item.caseNo.S);
    }
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return found;
};

export const resumeInFlightCases = async (options: {
  dynamodb: DynamoDBClient;
  table: string;
  stepFunctionsEndpoint: string;
  stateMachineArn: string;
  region: string;
}): Promise<string[]> => {
  const caseNos = await inFlightCases(options.dynamodb, options.table);
  const sfn = new SFNClient({ endpoint: options.stepFunctionsEndpoint, region: options.region, credentials: localCredentials });
  for (const caseNo of caseNos) {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: options.stateMachineArn,
        // A new name: in AWS the case's first execution name stays taken for 90 days.
        name: `${caseNo}-resumed-${Date.now().toString(36)}`,
        input: JSON.stringify({ caseNo }),
      }),
    );
  }
  return caseNos;
};
