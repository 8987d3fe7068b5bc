// E-licences (issue #8): the e-seal key and the licence PDFs' place in the documents bucket.
// The seal key is an asymmetric KMS key whose private half never leaves KMS: ECC_NIST_P256
// (ECDSA_SHA_256, JWS "ES256") in the `aws` partition; in `aws-cn`, where KMS offers the national
// algorithms, an SM2 key (SM2DSA, GB/T 32918). Only the issuing function may sign with it; the
// verifying functions may only read its public key. functions/adapters/signer.ts is the other side.
import { CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage, type IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { HandlerFunction } from './handler-function.ts';

/** Where licence PDFs live in the documents bucket (functions/adapters/licence-files.ts). */
export const licencePrefix = 'licences/';

export type Partition = 'aws' | 'aws-cn';

export interface LicensingProps {
  readonly provinceCode: string;
  /** Decides the seal key's spec: P-256 in `aws`, SM2 in `aws-cn`. */
  readonly partition: Partition;
  /** The documents bucket and its key: licence PDFs are stored there under licences/. */
  readonly documents: { readonly bucket: IBucket; readonly key: IKey };
  /**
   * A seal key that is deleted can never verify the licences it sealed again.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The seal key's spec and the signer's algorithm name, per partition. */
export const sealKeyOf = (partition: Partition): { readonly keySpec: KeySpec; readonly algorithm: 'ES256' | 'SM2' } =>
  partition === 'aws-cn' ? { keySpec: KeySpec.SM2, algorithm: 'SM2' } : { keySpec: KeySpec.ECC_NIST_P256, algorithm: 'ES256' };

export class Licensing extends Construct {
  readonly sealKey: Key;
  readonly algorithm: 'ES256' | 'SM2';
  private readonly documents: LicensingProps['documents'];

  constructor(scope: Construct, id: string, props: LicensingProps) {
    super(scope, id);
    const { keySpec, algorithm } = sealKeyOf(props.partition);
    this.algorithm = algorithm;
    this.documents = props.documents;
    // Asymmetric KMS keys cannot rotate automatically (cdk-nag KMS5 applies to symmetric keys): a
    // new key is a new kid, published beside the old one, which keeps verifying what it sealed.
    this.sealKey = new Key(this, 'SealKey', {
      description: `E-licence seal of province ${props.provinceCode} (${algorithm}); signs licence data with the PDF's SHA-256 and the QR tokens`,
      keySpec,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: `alias/no-meeting-approval-${props.provinceCode}-licence-seal`,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** The handler's LICENCE_SIGNER and LICENCE_SIGNING_ALGORITHM. */
  private tell(handler: HandlerFunction): void {
    handler.function.addEnvironment('LICENCE_SIGNER', `kms:${this.sealKey.keyArn}`);
    handler.function.addEnvironment('LICENCE_SIGNING_ALGORITHM', this.algorithm);
  }

  /** kms:Sign with the seal key: the issuing function, and nothing else. */
  grantSign(handler: HandlerFunction): void {
    this.sealKey.grant(handler.role, 'kms:Sign');
    this.tell(handler);
  }

  /** kms:GetPublicKey of the seal key: verification and the published key set. */
  grantVerify(handler: HandlerFunction): void {
    this.sealKey.grant(handler.role, 'kms:GetPublicKey');
    this.tell(handler);
  }

  /**
   * Stores licence PDFs (the adapter never overwrites: HEAD, then a conditional put) and reads
   * them back; S3 asks the bucket key for data keys on the role's behalf.
   */
  grantPdfWrite(handler: HandlerFunction): void {
    const { bucket, key } = this.documents;
    handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(`${licencePrefix}*`)] }));
    key.grant(handler.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.grantListPrefix(handler, bucket);
    this.acknowledgePrefix(handler, bucket);
  }

  /** Reads licence PDFs (to verify them, and to presign a holder's or department's download). */
  grantPdfRead(handler: HandlerFunction): void {
    const { bucket, key } = this.documents;
    handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${licencePrefix}*`)] }));
    key.grantDecrypt(handler.role);
    this.grantListPrefix(handler, bucket);
    this.acknowledgePrefix(handler, bucket);
  }

  // Without s3:ListBucket, S3 answers a missing object with 403, not 404: the adapter could not
  // tell "not stored yet" (issue it) or "gone" (verification fails) from a denied request.
  private grantListPrefix(handler: HandlerFunction, bucket: IBucket): void {
    handler.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${licencePrefix}*`] } } }),
    );
  }

  private acknowledgePrefix(handler: HandlerFunction, bucket: IBucket): void {
    const cfn = bucket.node.defaultChild;
    if (!(cfn instanceof CfnElement)) throw new Error(`${bucket.node.path} has no CloudFormation resource of its own`);
    const bucketId = Stack.of(bucket).getLogicalId(cfn);
    Validations.of(handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${licencePrefix}*]`,
      reason: `Licence PDFs are keyed by their GB/T 36904 identifier (${licencePrefix}<id>.pdf); access is limited to that prefix.`,
    });
  }
}
