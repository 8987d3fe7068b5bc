// The seal key's certificate for an issuing department, for the licence PDF's PAdES signature:
// made on the department's first licence, signed by the seal key itself through the signer (a KMS
// key exports nothing), kept once (functions/adapters/seal-certificates.ts) and reused after.
import type { LicenceIssuer, SigningAlgorithm } from '#core/licence.ts';
import { spkiFromJwk } from '#core/licence-seal.ts';
import { makeSealCertificate } from '#core/seal-certificate.ts';
import { province } from '#adapters/catalogue.ts';
import { keepSealCertificate, readSealCertificate } from '#adapters/seal-certificates.ts';
import { publicKeys, sign, signingKey } from '#adapters/signer.ts';

const made = new Map<string, Promise<Buffer>>();

const makeOrRead = async (kid: string, alg: SigningAlgorithm, issuer: LicenceIssuer, at: string): Promise<Buffer> => {
  const kept = await readSealCertificate(kid, issuer.department);
  if (kept) return kept;
  const jwk = (await publicKeys()).find((k) => k.kid === kid);
  if (!jwk) throw new Error(`the seal key ${kid} is not in the published key set`);
  const subject = { province: province().name, department: issuer.name, uscc: issuer.uscc };
  const der = await makeSealCertificate({ spki: spkiFromJwk(jwk), alg, subject, notBefore: new Date(at) }, sign);
  return keepSealCertificate(kid, issuer.department, der, at);
};

/** The seal key's certificate for the issuing department, made and kept on first use. */
export const sealCertificate = async (issuer: LicenceIssuer, at: string): Promise<{ alg: SigningAlgorithm; certificate: Buffer }> => {
  const { alg, kid } = await signingKey();
  const cacheKey = `${kid}/${issuer.department}`;
  let certificate = made.get(cacheKey);
  if (!certificate) {
    certificate = makeOrRead(kid, alg, issuer, at);
    made.set(cacheKey, certificate);
    // A failure is not remembered: the next issuance tries again.
    certificate.catch(() => made.delete(cacheKey));
  }
  return { alg, certificate: await certificate };
};
