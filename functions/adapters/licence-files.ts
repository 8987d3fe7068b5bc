// Licence PDFs in the documents bucket under licences/: written once, never overwritten (a
// conditional put; the bucket is also versioned), read back to verify, handed out presigned.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from './config.ts';

// As in documents.ts: path-style, and checksums only when S3 requires them.
const client = new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

/** Where the licences live in the bucket; infra grants exactly this prefix. */
export const licencePrefix = 'licences/';
export const licencePdfKey = (id: string): string => `${licencePrefix}${id}.pdf`;

export const DOWNLOAD_URL_SECONDS = 300;

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const statusOf = (error: unknown): number | undefined => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);

/** The stored PDF's bytes, or undefined when there is none. */
export const readLicencePdf = async (id: string): Promise<Buffer | undefined> => {
  try {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: config().BUCKET_NAME, Key: licencePdfKey(id) }));
    if (!Body) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of Body as Readable) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
};

/**
 * Stores the licence PDF at licences/<id>.pdf unless something is there already (If-None-Match: *),
 * and answers what is stored: on a retried issuance that is the PDF of the first try. The HEAD first
 * keeps that promise on S3-compatible servers that ignore If-None-Match (the local one).
 */
export const storeLicencePdf = async (id: string, pdf: Uint8Array): Promise<{ key: string; sha256: string; size: number }> => {
  const key = licencePdfKey(id);
  const existing = async () => {
    const stored = await readLicencePdf(id);
    if (!stored) throw new Error(`licence PDF ${key} vanished after a conflicting put`);
    return { key, sha256: sha256Hex(stored), size: stored.length };
  };
  try {
    await client.send(new HeadObjectCommand({ Bucket: config().BUCKET_NAME, Key: key }));
    return await existing();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  const sha256 = sha256Hex(pdf);
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: config().BUCKET_NAME,
        Key: key,
        Body: pdf,
        ContentType: 'application/pdf',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    // 412: another put won; 409: one is under way (S3 conditional writes). Keep theirs.
    if (statusOf(error) === 412 || statusOf(error) === 409) return existing();
    throw error;
  }
  return { key, sha256, size: pdf.length };
};

/** A short-lived GET URL for the holder or a reading department to download the PDF. */
export const licencePdfUrl = async (id: string): Promise<{ url: string; expiresInSeconds: number }> => ({
  url: await getSignedUrl(client, new GetObjectCommand({ Bucket: config().BUCKET_NAME, Key: licencePdfKey(id) }), { expiresIn: DOWNLOAD_URL_SECONDS }),
  expiresInSeconds: DOWNLOAD_URL_SECONDS,
});
