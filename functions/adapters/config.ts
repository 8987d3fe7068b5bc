// Handler configuration from the environment, parsed once at cold start: fail fast, fail clearly.
import * as z from 'zod';

const schema = z.object({
  PROVINCE: z.string().regex(/^\d{2}$/),
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  /** Where department HMAC keys come from: `file:<path>` locally, `secretsmanager:<prefix>` in AWS. */
  DEPARTMENT_KEYS: z.string().regex(/^(file|secretsmanager):.+$/).optional(),
  /**
   * The e-licence signing key (issue #8, functions/adapters/signer.ts): `file:<PEM path>` locally
   * (a P-256 key), `kms:<key ARN>` in AWS.
   */
  LICENCE_SIGNER: z.string().regex(/^(file|kms):.+$/).optional(),
  /** The KMS key's algorithm: ES256 (ECC_NIST_P256) in `aws`, SM2 (SM2 key, SM2DSA) in `aws-cn`. */
  LICENCE_SIGNING_ALGORITHM: z.enum(['ES256', 'SM2']).optional(),
  /**
   * Issue #18: the audit archive, a write-once bucket apart from the documents (Object Lock in
   * AWS), and the key its checkpoints are signed with (`file:` locally, `kms:` in AWS; its own key,
   * not the e-seal's, with the same algorithm per partition).
   */
  AUDIT_BUCKET_NAME: z.string().min(1).optional(),
  AUDIT_SIGNER: z.string().regex(/^(file|kms):.+$/).optional(),
  AUDIT_SIGNING_ALGORITHM: z.enum(['ES256', 'SM2']).optional(),
  /** Base URL of the public tracking page shown on receipts. */
  PUBLIC_BASE_URL: z.url().optional(),
  /**
   * JSON `{ "<department>": "<url>" }` overriding departments' `webhookUrl` from the province
   * config (functions/adapters/webhook.ts checks it); the local stack points every department at
   * its department simulator.
   */
  DEPARTMENT_WEBHOOKS: z.string().min(2).optional(),
  /** Tries per work item push, the first included. */
  PUSH_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** Wait before a push's second try, in ms; it doubles (jittered) after each further failure. */
  PUSH_BACKOFF_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export const config = (): Config => {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`handler environment is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  cached = parsed.data;
  return cached;
};

export const requireStateMachineArn = (): string => {
  const arn = config().STATE_MACHINE_ARN;
  if (!arn) throw new Error('STATE_MACHINE_ARN is not set for this function');
  return arn;
};
