// The audit archive (issue #18 part 1): signed checkpoints of every case's audit chain and its
// exported trail, in a bucket apart from the documents. Object Lock in compliance mode keeps every
// object version for the province's retention, whoever asks; the writers may only put (never
// delete, never change retention), so a writer of the case table cannot make the archive agree with
// a forged trail. The checkpoints are signed with a KMS key of their own (not the e-seal: a
// compromise or rotation of one does not touch the other), P-256 in `aws`, SM2 in `aws-cn`.
// functions/adapters/audit-archive.ts is the other side.
import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { HandlerFunction } from './handler-function.ts';
import { sealKeyOf, type Partition } from './licensing.ts';

/** Where checkpoints and trails live in the archive (functions/adapters/audit-archive.ts). */
export const auditPrefix = 'audit/';

export interface AuditArchiveProps {
  readonly provinceCode: string;
  readonly partition: Partition;
  /** Object Lock retention of every object, in years (province config `auditRetentionYears`). */
  readonly retentionYears: number;
  /** Server access logs go here, beside the documents' (infra/constructs/documents.ts). */
  readonly accessLogs: IBucket;
}

export class AuditArchive extends Construct {
  readonly bucket: Bucket;
  readonly encryptionKey: Key;
  readonly signingKey: Key;
  private readonly algorithm: 'ES256' | 'SM2';

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    const { keySpec, algorithm } = sealKeyOf(props.partition);
    this.algorithm = algorithm;
    // Everything here outlives the stack: locked objects cannot be deleted anyway, and a lost
    // signing key could never verify the checkpoints again.
    const removalPolicy = RemovalPolicy.RETAIN;
    this.encryptionKey = new Key(this, 'Key', { description: `Audit archive of province ${props.provinceCode} (S3) encryption`, enableKeyRotation: true, removalPolicy });
    this.signingKey = new Key(this, 'SigningKey', {
      description: `Audit checkpoints of province ${props.provinceCode} (${algorithm}); signs the head of each case's audit chain`,
      keySpec,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: `alias/no-meeting-approval-${props.provinceCode}-audit-checkpoints`,
      removalPolicy,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(365 * props.retentionYears)),
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'audit/',
      removalPolicy,
    });
  }

  private tell(handler: HandlerFunction): void {
    handler.function.addEnvironment('AUDIT_BUCKET_NAME', this.bucket.bucketName);
    handler.function.addEnvironment('AUDIT_SIGNER', `kms:${this.signingKey.keyArn}`);
    handler.function.addEnvironment('AUDIT_SIGNING_ALGORITHM', this.algorithm);
  }

  /** Put checkpoints and trails (no delete, no retention change); read and list to chain to the last; kms:Sign. */
  grantWrite(handler: HandlerFunction): void {
    handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${auditPrefix}*`)] }));
    this.encryptionKey.grant(handler.role, 'kms:GenerateDataKey');
    this.signingKey.grant(handler.role, 'kms:Sign');
    this.grantRead(handler);
  }

  /** Get and list, and the signing key's public half to check signatures. */
  grantRead(handler: HandlerFunction): void {
    handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${auditPrefix}*`)] }));
    handler.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${auditPrefix}*`] } } }),
    );
    this.encryptionKey.grantDecrypt(handler.role);
    this.signingKey.grant(handler.role, 'kms:GetPublicKey');
    const cfn = this.bucket.node.defaultChild;
    if (!(cfn instanceof CfnElement)) throw new Error(`${this.bucket.node.path} has no CloudFormation resource of its own`);
    Validations.of(handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(cfn)}.Arn>/${auditPrefix}*]`,
      reason: `Checkpoints and trails are keyed by case number (${auditPrefix}<caseNo>/…); access is limited to that prefix.`,
    });
    this.tell(handler);
  }
}
