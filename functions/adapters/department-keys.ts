// Department HMAC keys, named by the department's `keyRef` (default: its code). Locally a JSON file
// in the data dir ({ "<keyRef>": "<base64 key>" }); in AWS one Secrets Manager secret per department
// under the province's prefix, its SecretString the base64 key. Cached for five minutes, so a
// rotated key is picked up without a deployment.
import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { province } from './catalogue.ts';
import { config } from './config.ts';
import { traced } from './tracer.ts';

const CACHE_MS = 5 * 60 * 1000;
const cache = new Map<string, { readonly key: Promise<string | undefined>; readonly until: number }>();
let secrets: SecretsManagerClient | undefined;

const fromFile = async (path: string, ref: string): Promise<string | undefined> =>
  (JSON.parse(await readFile(path, 'utf8')) as Record<string, string>)[ref];

const fromSecretsManager = async (prefix: string, ref: string): Promise<string | undefined> => {
  secrets ??= traced(new SecretsManagerClient({}));
  try {
    return (await secrets.send(new GetSecretValueCommand({ SecretId: `${prefix}${ref}` }))).SecretString;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

/** The department's key, or undefined for a department this province does not have. */
export const departmentKey = async (department: string): Promise<Uint8Array | undefined> => {
  const source = config().DEPARTMENT_KEYS;
  if (!source) throw new Error('DEPARTMENT_KEYS is not configured for this function');
  const known = province().departments.find((d) => d.code === department);
  if (!known) return undefined;
  const ref = known.keyRef ?? known.code;
  const cached = cache.get(ref);
  let key = cached && cached.until > Date.now() ? cached.key : undefined;
  if (!key) {
    const separator = source.indexOf(':');
    const [kind, location] = [source.slice(0, separator), source.slice(separator + 1)];
    key = kind === 'file' ? fromFile(location, ref) : fromSecretsManager(location, ref);
    // A failed lookup is not remembered: the next request tries again.
    key.catch(() => cache.delete(ref));
    cache.set(ref, { key, until: Date.now() + CACHE_MS });
  }
  const value = await key;
  return value === undefined ? undefined : Buffer.from(value, 'base64');
};
