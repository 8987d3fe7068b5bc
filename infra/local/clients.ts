// AWS SDK client factories pointed at the local stack (DynamoDB Local, s3rver).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * Static dummy credentials. DynamoDB Local runs with -sharedDb, so the key does not select a
 * database; s3rver only accepts access key ids it knows, so `startS3Server` registers this one
 * (it does not verify SigV4 signatures, only that the key id exists).
 */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export const defaultLocalRegion = 'us-east-1';

export function dynamoDbClient(endpoint: string, region: string = defaultLocalRegion): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: localCredentials });
}

export function s3Client(endpoint: string, region: string = defaultLocalRegion): S3Client {
  return new S3Client({
    endpoint,
    region,
    credentials: localCredentials,
    // s3rver only understands path-style addressing (`http://host:port/bucket/key`).
    forcePathStyle: true,
    // With the SDK's default (WHEN_SUPPORTED) a streamed body is sent with aws-chunked framing and
    // a trailing checksum; s3rver does not decode that framing and would store the frames verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
