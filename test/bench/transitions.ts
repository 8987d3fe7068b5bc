// Billed state transitions of Standard workflows, counted from execution histories as AWS bills
// them: one per state entered (Task, Choice, Map, Pass, Wait, Succeed, Fail… and every state inside
// each Map iteration), retries included; execution and iteration start/end events are free.
// https://aws.amazon.com/step-functions/pricing/ — "Step Functions counts a state transition each
// time a step of your workflow is executed … including retries."
import { GetExecutionHistoryCommand, type SFNClient } from '@aws-sdk/client-sfn';

/** The billed transitions of one execution, from its history event types. */
export const billedTransitions = (eventTypes: readonly string[]): number =>
  eventTypes.filter((type) => type.endsWith('StateEntered')).length;

/** Every history event type of one execution, page by page. */
export const historyEventTypes = async (sfn: SFNClient, executionArn: string): Promise<string[]> => {
  const types: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: false, nextToken }));
    for (const event of page.events ?? []) if (event.type) types.push(event.type);
    nextToken = page.nextToken;
  } while (nextToken);
  return types;
};
