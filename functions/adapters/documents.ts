// Uploaded materials in S3: presigned uploads under applications/{id}/, and reading what arrived.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SNIFF_BYTES } from '#core/document-type.ts';
import type { ArrivedObject } from '#core/document.ts';
import { config } from './config.ts';

// Path-style works everywhere (the local S3 server needs it); checksums only when S3 requires them,
// so a streamed body is never stored with aws-chunked framing by an S3-compatible server.
const client = new S3Client({
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

export const UPLOAD_URL_SECONDS = 900;

export interface PresignedUpload {
  readonly url: string;
  readonly method: 'PUT';
  /** Headers the client must send with the PUT, exactly. */
  readonly headers: Record<string, string>;
  readonly expiresAt: string;
}

/**
 * A PUT URL bound to key, content type, length and SHA-256 (S3 rejects a body that does not match).
 * content-type is signed (X-Amz-SignedHeaders names it; the presigner leaves it out unless told),
 * so in AWS a PUT with another type fails its signature; the local S3 server checks no signatures,
 * which is why verify-document compares the stored type too.
 */
export const presignUpload = async (
  key: string,
  contentType: string,
  size: number,
  sha256Hex: string,
  now: Date,
): Promise<PresignedUpload> => {
  const checksum = Buffer.from(sha256Hex, 'hex').toString('base64');
  const command = new PutObjectCommand({
    Bucket: config().BUCKET_NAME,
    Key: key,
    ContentType: contentType,
    ContentLength: size,
    ChecksumSHA256: checksum,
  });
  const url = await getSignedUrl(client, command, {
    expiresIn: UPLOAD_URL_SECONDS,
    signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
  });
  return {
    url,
    method: 'PUT',
    headers: { 'content-type': contentType, 'x-amz-checksum-sha256': checksum },
    expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
};

/** Streams the object once: its size, first bytes (for the type), SHA-256 and the type it was stored with. */
export const readArrived = async (key: string): Promise<ArrivedObject> => {
  const { Body, ContentType } = await client.send(new GetObjectCommand({ Bucket: config().BUCKET_NAME, Key: key }));
  if (!Body) throw new Error(`object ${key} has no body`);
  const hash = createHash('sha256');
  const head: number[] = [];
  let size = 0;
  for await (const chunk of Body as Readable) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    for (let i = 0; head.length < SNIFF_BYTES && i < bytes.length; i++) head.push(bytes[i] as number);
    size += bytes.length;
  }
  return { size, head: Uint8Array.from(head), sha256: hash.digest('hex'), contentType: ContentType };
};

export const removeObject = async (key: string): Promise<void> => {
  await client.send(new DeleteObjectCommand({ Bucket: config().BUCKET_NAME, Key: key }));
};

export const DOWNLOAD_URL_SECONDS = 300;

/** A short-lived GET URL for an uploaded material (the department desk shows it to the officer). */
export const presignDownload = (key: string): Promise<string> =>
  getSignedUrl(client, new GetObjectCommand({ Bucket: config().BUCKET_NAME, Key: key }), { expiresIn: DOWNLOAD_URL_SECONDS });
