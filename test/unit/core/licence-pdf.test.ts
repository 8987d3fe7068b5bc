// The licence PDF with the font the platform ships (node_modules), checked structurally here; the
// rendering itself was checked by eye (pdftoppm) when it was written.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { LICENCE_FONT } from '../../../functions/adapters/licence-font.ts';
import { subsetFont } from '../../../functions/core/font-subset.ts';
import { chineseDate, renderLicencePdf } from '../../../functions/core/licence-pdf.ts';
import { sfntOf } from '../../../functions/core/woff.ts';

const font = sfntOf(readFileSync(createRequire(import.meta.url).resolve(LICENCE_FONT.module)));
const input = {
  id: '1.2.156.3005.2.DEMO01.11990000000000019A.00000042.01.Q',
  name: '示范许可证',
  holderName: '张三',
  holderKind: 'person' as const,
  holderIdentity: '1101**********4514',
  itemName: '示范许可事项',
  issuerName: '示范市市场监督管理局',
  caseNo: '99-20261123-ABCDEFGHJK',
  issuedAt: '2026-11-23T02:00:00.000Z',
  validFrom: '2026-11-23T02:00:00.000Z',
  validUntil: '2031-11-23T02:00:00.000Z',
  token: 'eyJhbGciOiJFUzI1NiJ9.eyJ2IjoxfQ.c2lnbmF0dXJl',
};

describe('the licence PDF', () => {
  it('is one A4 page with a subset of the CJK font embedded, the same bytes for the same licence', async () => {
    const pdf = await renderLicencePdf(input, font);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    expect(doc.getTitle()).toBe(`示范许可证 ${input.id}`);
    const text = Buffer.from(pdf).toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(text).toContain('/FontFile2');
    // A subset: tens of KB, not the megabytes of the whole font.
    expect(pdf.length).toBeLessThan(200_000);
    expect(font.length).toBeGreaterThan(2_000_000);
    expect(Buffer.from(await renderLicencePdf(input, font)).equals(Buffer.from(pdf))).toBe(true);
  });

  it('refuses to print a character the font lacks rather than leave a blank', async () => {
    await expect(renderLicencePdf({ ...input, holderName: '张𪚥' }, font)).rejects.toMatchObject({ name: 'GlyphMissing' });
  });

  it('writes dates as the calendar day in Beijing', () => {
    expect(chineseDate('2026-11-23T17:00:00Z')).toBe('2026年11月24日');
  });
});

describe('font subsets', () => {
  it('keep outlines only for the characters used, and every glyph id', () => {
    const subset = subsetFont(font, '示范许可证');
    expect(subset.length).toBeLessThan(font.length / 10);
    expect(subset.readUInt16BE(4)).toBeGreaterThan(5); // tables
    const all = subsetFont(font, '示范许可证张三李四');
    expect(all.length).toBeGreaterThan(subset.length);
  });
});
