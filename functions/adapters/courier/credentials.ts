// The EMS contract the platform posts under: endpoint, credentials and the service centre's address
// (the address registered with the contract: EMS collects results there and delivers originals to
// it). In AWS one Secrets Manager secret, its SecretString this JSON (infra/constructs/courier.ts);
// locally a file in the data dir that points at the courier simulator (infra/local/stack.ts).
// COURIER_CREDENTIALS says which: `file:<path>` or `secretsmanager:<secret name>`. Read at most
// every five minutes, so a rotated authorization code is picked up without a deployment.
import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { mobileSchema, provinceNameSchema } from '#core/address.ts';
import { emsCredentialsSchema } from '#core/ems-envelope.ts';
import { traced } from '../tracer.ts';

export const courierContractSchema = emsCredentialsSchema.extend({
  /** The open platform's URL (test and production differ, and go with their authorization code). */
  endpoint: z.url({ protocol: /^https?$/ }),
  serviceCentreAddress: z.strictObject({
    name: z.string().min(1).max(50),
    mobile: mobileSchema,
    prov: provinceNameSchema,
    city: z.string().min(1).max(30),
    county: z.string().min(1).max(30),
    address: z.string().min(1).max(200),
  }),
});

export type CourierContract = z.infer<typeof courierContractSchema>;

const CACHE_MS = 5 * 60 * 1000;
const sourceSchema = z.string().regex(/^(file|secretsmanager):.+$/, 'file:<path> or secretsmanager:<secret name>');

let cached: { readonly contract: Promise<CourierContract>; readonly until: number } | undefined;
let secrets: SecretsManagerClient | undefined;

const load = async (source: string): Promise<CourierContract> => {
  const separator = source.indexOf(':');
  const [kind, location] = [source.slice(0, separator), source.slice(separator + 1)];
  let text: string | undefined;
  if (kind === 'file') text = await readFile(location, 'utf8');
  else {
    secrets ??= traced(new SecretsManagerClient({}));
    text = (await secrets.send(new GetSecretValueCommand({ SecretId: location }))).SecretString;
  }
  let json: unknown;
  try {
    json = JSON.parse(text ?? 'null');
  } catch {
    // JSON.parse's message quotes the text: never let a secret into a log line.
    throw new Error(`the EMS contract in ${kind} is not JSON (still the placeholder?)`);
  }
  const parsed = courierContractSchema.safeParse(json);
  // Never echo the secret: only which fields are wrong.
  if (!parsed.success) throw new Error(`the EMS contract in ${kind} is invalid: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
};

export const courierContract = (): Promise<CourierContract> => {
  if (cached && cached.until > Date.now()) return cached.contract;
  const source = sourceSchema.safeParse(process.env.COURIER_CREDENTIALS);
  if (!source.success) return Promise.reject(new Error('COURIER_CREDENTIALS is not configured for this function'));
  const contract = load(source.data);
  // A failed read is not remembered: the next call tries again.
  contract.catch(() => {
    cached = undefined;
  });
  cached = { contract, until: Date.now() + CACHE_MS };
  return contract;
};
