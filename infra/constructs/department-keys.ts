// One Secrets Manager secret per department: the HMAC key it signs decisions with and verifies
// pushes with. The value is generated here (never in the template) and handed to the department
// out of band; handlers read it through functions/adapters/department-keys.ts.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Department } from '../../functions/core/catalogue.ts';

export interface DepartmentKeysProps {
  readonly provinceCode: string;
  readonly departments: readonly Department[];
}

export class DepartmentKeys extends Construct {
  /** The handlers' DEPARTMENT_KEYS value: the secrets' common name prefix. */
  readonly source: string;
  private readonly secrets: Secret[];

  constructor(scope: Construct, id: string, props: DepartmentKeysProps) {
    super(scope, id);
    const prefix = `nma/${props.provinceCode}/departments/`;
    this.source = `secretsmanager:${prefix}`;
    this.secrets = props.departments.map((department) => {
      const secret = new Secret(this, department.code, {
        secretName: `${prefix}${department.keyRef ?? department.code}`,
        description: `HMAC-SHA256 key of ${department.name} (${department.code}): signs its decisions, verifies its work-item pushes`,
        // 44 characters of [A-Za-z0-9] are valid base64: the key is the decoded 33 bytes.
        generateSecretString: { passwordLength: 44, excludePunctuation: true, includeSpace: false },
        // Replacing a key breaks the department's integration: never delete one with the stack.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The key is shared with the department system, which must switch at the same moment: rotation is a coordinated procedure (update the secret, hand over the new key), not an automatic Lambda rotation. Handlers re-read keys every 5 minutes.',
      });
      return secret;
    });
  }

  grantRead(grantee: IGrantable): void {
    for (const secret of this.secrets) secret.grantRead(grantee);
  }
}
