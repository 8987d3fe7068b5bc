// The licence library (LICENCE#<id> / META), keyed by holder through the byHolder index.
// Issue #8 adds the GB/T 36904 identifier, the signed PDF and verification.
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Applicant } from '#core/applicant.ts';
import { applicantKey } from '#core/applicant-key.ts';
import { config } from './config.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface LicenceRecord {
  readonly id: string;
  readonly type: string;
  readonly caseNo: string;
  readonly holder: Applicant;
  readonly issuedAt: string;
}

export const licenceItem = (licence: LicenceRecord): TransactItem => ({
  Put: {
    TableName: config().TABLE_NAME,
    Item: {
      pk: `LICENCE#${licence.id}`,
      sk: 'META',
      ...licence,
      status: 'valid',
      gsi3pk: `HOLDER#${applicantKey(licence.holder)}`,
      gsi3sk: `${licence.issuedAt}#${licence.id}`,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
