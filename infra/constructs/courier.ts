// The EMS contract (快递送, issue #9): one Secrets Manager secret per province holding what China
// Post issued for it (endpoint, senderNo, authorization, sign key, the service centre's registered
// address), as JSON (functions/adapters/courier/credentials.ts). Those values come from the
// contract, not from here: the secret is created with a placeholder and filled in by the operator
// (`aws secretsmanager put-secret-value`); until then the courier steps fail by name and say so.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface CourierCredentialsProps {
  readonly provinceCode: string;
}

export class CourierCredentials extends Construct {
  /** The handlers' COURIER_CREDENTIALS value. */
  readonly source: string;
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: CourierCredentialsProps) {
    super(scope, id);
    const name = `nma/${props.provinceCode}/courier/ems`;
    this.source = `secretsmanager:${name}`;
    this.secret = new Secret(this, 'Ems', {
      secretName: name,
      description:
        'EMS open-platform contract of the province, JSON: {"endpoint","senderNo","authorization","signKey","userCode"?,"serviceCentreAddress":{"name","mobile","prov","city","county","address"}}',
      // Replacing the contract's credentials is the operator's act, never a stack update's.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'China Post issues the authorization code and sign key; they change when China Post reissues them, which no rotation Lambda can do. Handlers re-read the secret every 5 minutes.',
    });
  }

  grantRead(grantee: IGrantable): void {
    this.secret.grantRead(grantee);
  }
}
