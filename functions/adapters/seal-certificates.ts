// The seal key's self-signed certificates (functions/core/seal-certificate.ts), one per key and
// issuing department, made once by the issuing function and kept in the case store table, where
// the published set (/.well-known/licence-certificates) reads them; pinned certificates never change:
//   SEALKEY#<kid> / CERTIFICATE#<department>   { der (base64), sha256, createdAt }
// The key signs its own certificate through the signer, so a KMS key exports nothing.
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LicenceIssuer } from '#core/licence.ts';
import { spkiFromJwk } from '#core/licence-seal.ts';
import { certificatePem, makeSealCertificate } from '#core/seal-certificate.ts';
import { province } from './catalogue.ts';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';
import { publicKeys, sign, signingKey } from './signer.ts';

export interface PublishedCertificate {
  readonly kid: string;
  readonly department: string;
  /** SHA-256 of the DER, hex: what a verifier pins. */
  readonly sha256: string;
  readonly pem: string;
}

const keyOf = (kid: string, department: string) => ({ pk: `SEALKEY#${kid}`, sk: `CERTIFICATE#${department}` });

const read = async (kid: string, department: string): Promise<Buffer | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: config().TABLE_NAME, Key: keyOf(kid, department), ConsistentRead: true }));
  return typeof Item?.der === 'string' ? Buffer.from(Item.der, 'base64') : undefined;
};

const made = new Map<string, Promise<Buffer>>();

/** The seal key's certificate for the issuing department, made and kept on first use. */
export const sealCertificate = async (issuer: LicenceIssuer, at: string): Promise<{ alg: 'ES256' | 'SM2'; certificate: Buffer }> => {
  const { alg, kid } = await signingKey();
  const cacheKey = `${kid}/${issuer.department}`;
  let certificate = made.get(cacheKey);
  if (!certificate) {
    certificate = (async () => {
      const kept = await read(kid, issuer.department);
      if (kept) return kept;
      const jwk = (await publicKeys()).find((k) => k.kid === kid);
      if (!jwk) throw new Error(`the seal key ${kid} is not in the published key set`);
      const der = await makeSealCertificate({ spki: spkiFromJwk(jwk), alg, subject: { province: province().name, department: issuer.name, uscc: issuer.uscc }, notBefore: new Date(at) }, sign);
      try {
        await db.send(
          new PutCommand({
            TableName: config().TABLE_NAME,
            Item: { ...keyOf(kid, issuer.department), der: der.toString('base64'), sha256: createHash('sha256').update(der).digest('hex'), createdAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return der;
      } catch (error) {
        // Another issuance made it first: theirs is the one kept (and maybe pinned already).
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const theirs = await read(kid, issuer.department);
        if (!theirs) throw new Error(`seal certificate ${cacheKey} vanished after a conflicting put`, { cause: error });
        return theirs;
      }
    })();
    made.set(cacheKey, certificate);
    // A failure is not remembered: the next issuance tries again.
    certificate.catch(() => made.delete(cacheKey));
  }
  return { alg, certificate: await certificate };
};

/** Every kept certificate of the published keys. */
export const publishedCertificates = async (): Promise<PublishedCertificate[]> => {
  const certificates: PublishedCertificate[] = [];
  for (const { kid } of await publicKeys()) {
    const items = await queryAll({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `SEALKEY#${kid}`, ':sk': 'CERTIFICATE#' },
    });
    for (const item of items) {
      const der = Buffer.from(String(item.der), 'base64');
      certificates.push({ kid, department: String(item.sk).slice('CERTIFICATE#'.length), sha256: String(item.sha256), pem: certificatePem(der) });
    }
  }
  return certificates;
};
