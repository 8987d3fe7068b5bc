// The local stack's e-seal key: one P-256 private key, generated on first start and kept in the
// data dir (as department keys are), so licences issued earlier still verify after a restart.
// In AWS the key is a KMS key that never leaves KMS (infra/constructs/licensing.ts).
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LICENCE_SIGNING_KEY_FILE = 'licence-signing-key.pem';

/** The audit checkpoints' key (issue #18): a key of its own, so neither key's use can stand in for the other's. */
export const AUDIT_SIGNING_KEY_FILE = 'audit-signing-key.pem';

/** The key file's path, created if missing; the handlers' LICENCE_SIGNER (or AUDIT_SIGNER) is `file:<path>`. */
export const ensureLicenceSigningKey = async (dataDir: string, name = LICENCE_SIGNING_KEY_FILE): Promise<string> => {
  const file = join(dataDir, name);
  try {
    await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // another stack on the same data dir made it first
    });
  }
  return file;
};
