// Remembers each department request nonce for longer than the signature window, so a captured
// request cannot be sent again while its timestamp is still acceptable. One conditional put.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SIGNATURE_WINDOW_SECONDS } from '#core/request-signature.ts';
import { config } from './config.ts';
import { documentClient as db } from './dynamodb.ts';

/** True the first time a (department, nonce) pair is seen; false for a replay. */
export const claimNonce = async (department: string, nonce: string, nowSeconds: number): Promise<boolean> => {
  try {
    await db.send(
      new PutCommand({
        TableName: config().TABLE_NAME,
        Item: { pk: `NONCE#${department}#${nonce}`, sk: 'META', expiresAt: nowSeconds + 2 * SIGNATURE_WINDOW_SECONDS + 60 },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
