import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyArrival, type DocumentRecord } from '../../../functions/core/document.ts';
import { sniffContentType } from '../../../functions/core/document-type.ts';
import type { Material } from '../../../functions/core/catalogue.ts';

const pdf = Buffer.from('%PDF-1.7\nbody');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const material: Material = { code: 'ID', name: '身份证明', key: true, contentTypes: ['application/pdf', 'image/png'], maxBytes: 100 };
const announced = (file: Buffer, overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  applicationId: 'a',
  materialCode: 'ID',
  key: 'k',
  fileName: 'f.pdf',
  contentType: 'application/pdf',
  size: file.length,
  sha256: sha(file),
  status: 'pending',
  ...overrides,
});
/** What arrived, stored with the type its PUT sent (the announced one unless a test says otherwise). */
const arrived = (file: Buffer, contentType: string | undefined = 'application/pdf') => ({ size: file.length, head: file.subarray(0, 16), sha256: sha(file), contentType });

describe('document verification', () => {
  it('recognises types by magic bytes', () => {
    expect(sniffContentType(pdf)).toBe('application/pdf');
    expect(sniffContentType(png)).toBe('image/png');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from('MZ\x90\x00'))).toBeUndefined();
  });

  it('verifies a file that is what was announced', () => {
    expect(verifyArrival(announced(pdf), material, arrived(pdf))).toEqual({ status: 'verified' });
  });

  it('rejects a file whose bytes are not the declared type', () => {
    const verdict = verifyArrival(announced(png, { contentType: 'application/pdf' }), material, arrived(png));
    expect(verdict).toMatchObject({ status: 'rejected', reason: expect.stringContaining('application/pdf') as string });
  });

  it('rejects a file stored with another type than announced, even when its bytes are the announced type', () => {
    expect(verifyArrival(announced(pdf), material, arrived(pdf, 'image/png'))).toMatchObject({ status: 'rejected', problem: 'wrong-type', reason: expect.stringContaining('image/png') as string });
    expect(verifyArrival(announced(pdf), material, { ...arrived(pdf), contentType: undefined }).status).toBe('rejected');
    expect(verifyArrival(announced(pdf), material, arrived(pdf, 'Application/PDF'))).toEqual({ status: 'verified' });
  });

  it('rejects a size or hash that differs from the announcement', () => {
    expect(verifyArrival(announced(pdf, { size: 3 }), material, arrived(pdf)).status).toBe('rejected');
    expect(verifyArrival(announced(pdf, { sha256: '0'.repeat(64) }), material, arrived(pdf)).status).toBe('rejected');
  });

  it('rejects a file over the material limit', () => {
    const big = Buffer.concat([pdf, Buffer.alloc(200)]);
    expect(verifyArrival(announced(big), material, arrived(big))).toMatchObject({ status: 'rejected' });
  });
});
