// The e-seal's signer (电子印章): signs with a key that never leaves its store, and tells the
// public keys verifiers need. LICENCE_SIGNER says where the key is:
// - `kms:<key ARN>`: an asymmetric KMS key (infra/constructs/licensing.ts), ECC_NIST_P256 with
//   ECDSA_SHA_256 in the `aws` partition, SM2 with SM2DSA in `aws-cn` (LICENCE_SIGNING_ALGORITHM);
//   the key id (kid) is the KMS key id. Only the issuing function may kms:Sign; verifiers may only
//   kms:GetPublicKey.
// - `file:<path>`: a P-256 private key in PEM, generated once into the local stack's data dir;
//   the kid is its RFC 7638 thumbprint.
// Every signature carries its kid, so keys can be replaced while old licences still verify
// against the key published for them.
import { createPrivateKey, createPublicKey, sign as signWithKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { SigningAlgorithm } from '#core/licence.ts';
import { derToRaw, jwkFromSpki, jwkThumbprint, type PublicJwk } from '#core/licence-seal.ts';
import { config } from './config.ts';
import { traced } from './tracer.ts';

export interface Signature {
  readonly alg: SigningAlgorithm;
  readonly kid: string;
  /** Raw r ‖ s, 64 bytes. */
  readonly signature: Buffer;
}

export interface Signer {
  /** Algorithm and kid of the signing key, for a header written before the signature. */
  key(): Promise<{ alg: SigningAlgorithm; kid: string }>;
  sign(message: Uint8Array): Promise<Signature>;
  publicKeys(): Promise<PublicJwk[]>;
}

// KMS signs a RAW message of at most 4096 bytes (and hashes it itself, with SM3 and the SM2
// distinguishing ID for SM2DSA); larger content would have to be signed as a digest.
const KMS_MAX_MESSAGE = 4096;

const fileSigner = (path: string): Signer => {
  let loaded: Promise<{ key: KeyObject; jwk: PublicJwk }> | undefined;
  const load = () =>
    (loaded ??= readFile(path, 'utf8').then((pem) => {
      const key = createPrivateKey(pem);
      const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
      const unnamed = jwkFromSpki(spki, 'ES256', 'pending');
      return { key, jwk: { ...unnamed, kid: jwkThumbprint(unnamed) } };
    }));
  return {
    key: async () => ({ alg: 'ES256', kid: (await load()).jwk.kid }),
    sign: async (message) => {
      const { key, jwk } = await load();
      return { alg: 'ES256', kid: jwk.kid, signature: signWithKey('sha256', message, { key, dsaEncoding: 'ieee-p1363' }) };
    },
    publicKeys: async () => [(await load()).jwk],
  };
};

const kmsSigner = (keyArn: string, alg: SigningAlgorithm): Signer => {
  const kms = traced(new KMSClient({}));
  const kid = keyArn.slice(keyArn.lastIndexOf('/') + 1);
  let keys: Promise<PublicJwk[]> | undefined;
  return {
    key: () => Promise.resolve({ alg, kid }),
    sign: async (message) => {
      if (message.length > KMS_MAX_MESSAGE) throw new Error(`KMS signs at most ${KMS_MAX_MESSAGE} bytes raw; the content has ${message.length}`);
      const { Signature: der } = await kms.send(
        new SignCommand({ KeyId: keyArn, Message: message, MessageType: 'RAW', SigningAlgorithm: alg === 'SM2' ? 'SM2DSA' : 'ECDSA_SHA_256' }),
      );
      if (!der) throw new Error('KMS returned no signature');
      return { alg, kid, signature: derToRaw(der) };
    },
    publicKeys: () => {
      keys ??= kms.send(new GetPublicKeyCommand({ KeyId: keyArn })).then(({ PublicKey }) => {
        if (!PublicKey) throw new Error('KMS returned no public key');
        return [jwkFromSpki(PublicKey, alg, kid)];
      });
      // A failed lookup is not remembered: the next request tries again.
      keys.catch(() => (keys = undefined));
      return keys;
    },
  };
};

/**
 * The signer of `source` (`file:<PEM path>` or `kms:<key ARN>`), for the e-seal and for the audit
 * checkpoints' key (adapters/audit-archive.ts); `variable` names the setting in errors.
 */
export const signerFrom = (variable: string, source: string | undefined, alg: SigningAlgorithm | undefined): Signer => {
  if (!source) throw new Error(`${variable} is not configured for this function`);
  const location = source.slice(source.indexOf(':') + 1);
  if (source.startsWith('file:')) return fileSigner(location);
  if (alg) return kmsSigner(location, alg);
  throw new Error(`${variable} names a KMS key but its signing algorithm is not configured`);
};

let signer: Signer | undefined;

const current = (): Signer => (signer ??= signerFrom('LICENCE_SIGNER', config().LICENCE_SIGNER, config().LICENCE_SIGNING_ALGORITHM));

/** The signing key's algorithm and id. */
export const signingKey = (): Promise<{ alg: SigningAlgorithm; kid: string }> => current().key();

/** Signs `message` with the e-seal key: raw signature, algorithm and key id. */
export const sign = (message: Uint8Array): Promise<Signature> => current().sign(message);

/** The public keys licences are verified against (the JWK set of /.well-known/licence-keys). */
export const publicKeys = (): Promise<PublicJwk[]> => current().publicKeys();
