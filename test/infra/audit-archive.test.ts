// The audit archive in the province stack (issue #18): a bucket apart from the documents with
// Object Lock in compliance mode for the province's retention, versioned, KMS-encrypted, TLS only;
// writers may put but never delete; the checkpoint key is its own, P-256 in aws and SM2 in aws-cn.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProvinceApp } from '../../infra/app.ts';
import { AuditArchive } from '../../infra/constructs/audit-archive.ts';
import { functionSpecs, type FunctionName } from '../../infra/functions.ts';
import { cdkJsonContext, flatten, only, over, type Json, type Resource } from './template.ts';

const names = Object.keys(functionSpecs) as FunctionName[];
let resources: Record<string, Resource>;
const { ofType, functionId } = over(() => resources);
beforeAll(() => {
  const app = new App({ context: { ...cdkJsonContext, province: '99', oidcIssuer: 'https://issuer.test/realms/province-99' } });
  resources = (Template.fromStack(buildProvinceApp(app, { checks: false })).toJSON() as { Resources: Record<string, Resource> }).Resources;
}, 180_000);

const archive = (): [string, Resource] => only(ofType('AWS::S3::Bucket').filter(([, r]) => r.Properties.ObjectLockEnabled === true), 'one locked bucket');
const checkpointKey = (): [string, Resource] =>
  only(ofType('AWS::KMS::Key').filter(([, r]) => String(r.Properties.Description).startsWith('Audit checkpoints')), 'one checkpoint key');
const roleOf = (name: FunctionName): string => flatten((resources[functionId(name)] as Resource).Properties.Role).replace(/^<|\.Arn>$/g, '');
const statementsOf = (name: FunctionName): { actions: string[]; resources: string[] }[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => flatten(role) === `<${roleOf(name)}>`))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Json[] }).Statement)
    .map((s) => ({ actions: [s.Action].flat().map(String), resources: [s.Resource].flat().map(flatten) }));

describe('the audit archive', () => {
  it('locks every object in compliance mode for the default 30 years, versioned, encrypted with KMS, kept with the stack', () => {
    const [, bucket] = archive();
    expect(bucket.Properties).toMatchObject({
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 * 30 } } },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('refuses requests without TLS', () => {
    const [bucketId] = archive();
    const policy = only(ofType('AWS::S3::BucketPolicy').filter(([, r]) => flatten(r.Properties.Bucket) === `<${bucketId}>`), 'its policy')[1];
    const statements = (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
    expect(statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }))).toBe(true);
  });

  it.each(names)('%s may put and read in it (never delete) and sign checkpoints only as its spec says', (name) => {
    const [bucketId] = archive();
    const [keyId] = checkpointKey();
    const access = (functionSpecs[name].access as { auditArchive?: 'write' | 'read' }).auditArchive;
    const statements = statementsOf(name);
    const onBucket = statements.filter((s) => s.resources.some((r) => r.startsWith(`<${bucketId}.Arn>`))).flatMap((s) => s.actions).sort();
    const onKey = statements.filter((s) => s.resources.includes(`<${keyId}.Arn>`)).flatMap((s) => s.actions).sort();
    expect(onBucket).toEqual(access === 'write' ? ['s3:GetObject', 's3:ListBucket', 's3:PutObject'] : access === 'read' ? ['s3:GetObject', 's3:ListBucket'] : []);
    expect(onKey).toEqual(access === 'write' ? ['kms:GetPublicKey', 'kms:Sign'] : access === 'read' ? ['kms:GetPublicKey'] : []);
    expect(onBucket.some((a) => a.startsWith('s3:Delete') || a.includes('Retention') || a.includes('LegalHold'))).toBe(false);
  });

  it('signs with SM2 in the aws-cn partition and takes the province retention', () => {
    const stack = new Stack(new App(), 'Cn', { env: { region: 'cn-north-1' } });
    new AuditArchive(stack, 'Archive', { provinceCode: '32', partition: 'aws-cn', retentionYears: 99, accessLogs: new Bucket(stack, 'Logs') });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    template.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 * 99 } } } });
  });
});
