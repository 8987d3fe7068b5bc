// The local S3 (s3rver) as the stack uses it: SDK and presigned uploads, event records, persistence.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { s3Client } from '../../../infra/local/clients.ts';
import { startS3Server, type ObjectCreatedRecord, type RunningS3Server } from '../../../infra/local/s3-server.ts';

const bucket = 'local-test-uploads';
const hookTimeout = 120_000;

describe('local S3 server', () => {
  let directory: string;
  let server: RunningS3Server;
  let client: S3Client;
  const created: ObjectCreatedRecord[] = [];

  const start = async (): Promise<void> => {
    server = await startS3Server({ directory, buckets: [bucket], onObjectCreated: (record) => void created.push(record) });
    client = s3Client(server.endpoint);
  };

  const readObject = async (key: string): Promise<{ body: Buffer; contentType: string | undefined }> => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!object.Body) throw new Error(`no body for ${key}`);
    return { body: Buffer.from(await object.Body.transformToByteArray()), contentType: object.ContentType };
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'nma-s3-'));
    await start();
  }, hookTimeout);

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  }, hookTimeout);

  it('listens on loopback at the reported port', () => {
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('stores a streamed PutObject body byte for byte (no aws-chunked framing)', async () => {
    const chunks = [randomBytes(70_000), randomBytes(1), randomBytes(130_000)];
    const expected = Buffer.concat(chunks);
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'streamed/blob.bin', Body: Readable.from(chunks), ContentLength: expected.length }),
    );

    const { body } = await readObject('streamed/blob.bin');
    expect(body.length).toBe(expected.length);
    expect(body.equals(expected)).toBe(true);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'streamed/blob.bin' }));
    expect(head.ContentLength).toBe(expected.length);
  });

  it('accepts a fetch PUT to a presigned URL, keeping the signed content type', async () => {
    const key = 'presigned/licence.pdf';
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'application/pdf' }), {
      expiresIn: 300,
    });
    expect(url.startsWith(`${server.endpoint}/${bucket}/`)).toBe(true);

    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4_096)]);
    const response = await fetch(url, { method: 'PUT', body: pdf, headers: { 'Content-Type': 'application/pdf' } });
    expect(response.status).toBe(200);

    const stored = await readObject(key);
    expect(stored.contentType).toBe('application/pdf');
    expect(stored.body.equals(pdf)).toBe(true);
    await vi.waitFor(() => expect(created).toContainEqual(expect.objectContaining({ bucket, key, size: pdf.length })));
  });

  it('reports created objects with the plain (decoded) key, size and ETag', async () => {
    // Space, Chinese, and characters that a second URL-decoding would corrupt ('+', '%20').
    const key = 'APP#42/营业执照 副本+正本 100%20.pdf';
    const body = Buffer.from('营业执照 scan', 'utf8');
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/pdf' }));

    await vi.waitFor(() => expect(created.some((record) => record.key === key)).toBe(true));
    const record = created.find((candidate) => candidate.key === key);
    expect(record).toEqual({ bucket, key, size: body.length, eTag: put.ETag?.replaceAll('"', '') });
    expect((await readObject(key)).body.equals(body)).toBe(true);
  });

  it('keeps buckets and objects across stop and restart on the same directory', async () => {
    const key = 'persisted/申请表 v1.json';
    const body = JSON.stringify({ 申请人: '李四', amount: 1 });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));

    const oldEndpoint = server.endpoint;
    client.destroy();
    await server.stop();
    await expect(fetch(`${oldEndpoint}/${bucket}`)).rejects.toThrow();

    await start();
    const stored = await readObject(key);
    expect(stored.body.toString('utf8')).toBe(body);
    expect(stored.contentType).toBe('application/json');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(
      expect.arrayContaining([key, 'streamed/blob.bin', 'presigned/licence.pdf']),
    );
  }, hookTimeout);
});
