// One DynamoDB document client per process, created at module scope and reused across invocations.
// The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set (the local stack); the SDK reads it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
