// What the presigned upload binds in AWS: S3 checks the signed headers, so a PUT with another
// content type than announced fails its signature there (the local S3 server checks none; the
// platform compares the stored type as well, functions/core/document.ts).
import { describe, expect, it } from 'vitest';

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  PROVINCE: '99',
  TABLE_NAME: 'nma-99-cases',
  BUCKET_NAME: 'nma-99-documents',
  EVENT_BUS_NAME: 'nma-99-events',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:nma-99-case',
});
const { presignUpload } = await import('../../../functions/adapters/documents.ts');

describe('presigned upload', () => {
  it('signs content-type and length, and carries the SHA-256 in the signed query', async () => {
    const upload = await presignUpload('applications/a/ID-COPY/b', 'application/pdf', 10, 'ab'.repeat(32), new Date('2026-12-04T00:00:00Z'));
    const url = new URL(upload.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-type', 'content-length', 'host']));
    expect(url.searchParams.get('x-amz-checksum-sha256')).toBe(Buffer.from('ab'.repeat(32), 'hex').toString('base64'));
    expect(upload.headers['content-type']).toBe('application/pdf');
  });
});
