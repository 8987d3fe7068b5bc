// The licence as a one-page A4 PDF (GB/T 36905 asks for a fixed-layout file with the licence's
// data, the issuer's seal and a 2D code to verify it). The Chinese text is drawn with an embedded
// SUBSET of a CJK font (only the glyphs used, functions/core/font-subset.ts), so any reader renders
// it without installed fonts; the font bytes come from the caller (functions/adapters/licence-font.ts).
// The same input always gives the same bytes: dates come from the licence, not the clock. The page
// carries an empty signature field; the issuer's PAdES signature fills it (pades.ts).
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { encode } from 'uqr';
import { subsetFont } from './font-subset.ts';
import { addSignatureField } from './pades.ts';

export interface LicencePdfInput {
  readonly id: string;
  /** The licence's name (the type's name), the page title. */
  readonly name: string;
  readonly holderName: string;
  readonly holderKind: 'person' | 'organisation';
  /** As it should be printed (a person's number masked). */
  readonly holderIdentity: string;
  readonly itemName: string;
  readonly issuerName: string;
  readonly caseNo: string;
  readonly issuedAt: string;
  readonly validFrom: string;
  readonly validUntil?: string;
  /** The QR code's content: the compact signed token (functions/core/licence-token.ts). */
  readonly token: string;
}

const A4 = { width: 595.28, height: 841.89 };
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.4, 0.4, 0.45);
const RED = rgb(0.8, 0.08, 0.08);
const FRAME = rgb(0.62, 0.45, 0.18);

/** `2026-11-23T01:00:00Z` → `2026年11月23日`, the calendar day in Asia/Shanghai. */
export const chineseDate = (iso: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}年${part('month')}月${part('day')}日`;
};

/**
 * Text width as the sum of the glyphs' advances: the subset font carries no layout tables (no
 * kerning, no ligatures), so this is exactly how a reader will place the text.
 */
const measurer = (sfnt: Uint8Array) => {
  const font = fontkit.create(Buffer.from(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength));
  const advances = new Map<string, number>();
  const advance = (char: string): number => {
    let width = advances.get(char);
    if (width === undefined) advances.set(char, (width = font.glyphForCodePoint(char.codePointAt(0) as number).advanceWidth / font.unitsPerEm));
    return width;
  };
  return (text: string, size: number): number => [...text].reduce((sum, char) => sum + advance(char), 0) * size;
};
type Measure = ReturnType<typeof measurer>;

/** Lines of at most `width` points: CJK breaks anywhere, so break by character. */
const wrap = (text: string, measure: Measure, size: number, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line && measure(line + char, size) > width) {
      lines.push(line);
      line = '';
    }
    line += char;
  }
  return line ? [...lines, line] : lines;
};

const centred = (page: PDFPage, text: string, font: PDFFont, measure: Measure, size: number, y: number, color = INK): void => {
  page.drawText(text, { x: (A4.width - measure(text, size)) / 2, y, size, font, color });
};

/** The QR code as filled squares, one rectangle per horizontal run of dark modules. */
const drawQr = (page: PDFPage, content: string, x: number, y: number, size: number): void => {
  const qr = encode(content, { ecc: 'M', border: 0 });
  const module = size / qr.size;
  qr.data.forEach((row, r) => {
    for (let c = 0; c < row.length; ) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (row[c]) c++;
      page.drawRectangle({ x: x + start * module, y: y + size - (r + 1) * module, width: (c - start) * module, height: module, color: INK });
    }
  });
};

/** A round red seal: the issuer's name along the upper arc, a star, "电子证照专用章" across. */
const drawSeal = (page: PDFPage, font: PDFFont, measure: Measure, issuer: string, cx: number, cy: number, radius: number): void => {
  page.drawCircle({ x: cx, y: cy, size: radius, borderColor: RED, borderWidth: 3, opacity: 0, borderOpacity: 0.85 });
  const chars = [...issuer];
  const size = Math.min(15, (Math.PI * 1.3 * (radius - 16)) / Math.max(chars.length, 1));
  const sweep = Math.min(240, chars.length * ((size * 1.15) / (radius - 14)) * (180 / Math.PI));
  chars.forEach((char, i) => {
    const angle = 90 + sweep / 2 - (chars.length === 1 ? sweep / 2 : (i * sweep) / (chars.length - 1));
    const rad = (angle * Math.PI) / 180;
    const px = cx + (radius - 14 - size / 2) * Math.cos(rad);
    const py = cy + (radius - 14 - size / 2) * Math.sin(rad);
    const phi = ((angle - 90) * Math.PI) / 180;
    const w = measure(char, size);
    // Centre the glyph on the arc: shift its origin by half its box, turned with it.
    const ox = (w / 2) * Math.cos(phi) - size * 0.35 * Math.sin(phi);
    const oy = (w / 2) * Math.sin(phi) + size * 0.35 * Math.cos(phi);
    page.drawText(char, { x: px - ox, y: py - oy, size, font, color: RED, rotate: degrees(angle - 90), opacity: 0.9 });
  });
  const star = 16;
  const points = Array.from({ length: 10 }, (_, k) => {
    const r = k % 2 === 0 ? star : star * 0.4;
    const a = Math.PI / 2 + (k * Math.PI) / 5;
    return `${k === 0 ? 'M' : 'L'} ${(r * Math.cos(a)).toFixed(2)} ${(-r * Math.sin(a)).toFixed(2)}`;
  }).join(' ');
  page.drawSvgPath(`${points} Z`, { x: cx, y: cy + 4, color: RED, opacity: 0.9 });
  page.drawText(SEAL_LABEL, { x: cx - measure(SEAL_LABEL, 9) / 2, y: cy - radius * 0.55, size: 9, font, color: RED, opacity: 0.9 });
};

const NOTE = '本证照由发证机关以电子印章签署，可扫描二维码或按证照编号在政务服务平台核验真伪与状态。';
const SEAL_LABEL = '电子证照专用章';

/** Renders the licence; `font` is a TrueType (glyf) CJK font, of which a subset is embedded. */
export const renderLicencePdf = async (input: LicencePdfInput, font: Uint8Array): Promise<Uint8Array> => {
  const rows: Array<[string, string]> = [
    ['证照编号', input.id],
    ['持 证 人', input.holderName],
    [input.holderKind === 'organisation' ? '统一社会信用代码' : '公民身份号码', input.holderIdentity],
    ['许可事项', input.itemName],
    ['办件编号', input.caseNo],
    ['发证机关', input.issuerName],
    ['发证日期', chineseDate(input.issuedAt)],
    ['有效期限', input.validUntil === undefined ? `${chineseDate(input.validFrom)}起 长期有效` : `${chineseDate(input.validFrom)} 至 ${chineseDate(input.validUntil)}`],
  ];
  const measure = measurer(font);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  // Subset here (font-subset.ts), so the PDF library embeds the small font as it is.
  const everything = [input.name, '电 子 证 照', '扫码核验', SEAL_LABEL, NOTE, ...rows.flat()].join('');
  const subset = subsetFont(font, everything);
  // PDF 32000-1 §9.6.4: a subset font's name starts with a tag of six capitals and "+".
  const tag = [...createHash('sha256').update(subset).digest().subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  const cjk = await doc.embedFont(subset, { subset: false, customName: `${tag}+NotoSansSC-Regular` });
  const issued = new Date(input.issuedAt);
  doc.setTitle(`${input.name} ${input.id}`, { showInWindowTitleBar: true });
  doc.setAuthor(input.issuerName);
  doc.setSubject(`电子证照 ${input.id}`);
  doc.setKeywords([input.id, input.caseNo]);
  doc.setCreator('no-meeting-approval');
  doc.setProducer('no-meeting-approval (pdf-lib)');
  doc.setLanguage('zh-CN');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);

  const page = doc.addPage([A4.width, A4.height]);
  page.drawRectangle({ x: 28, y: 28, width: A4.width - 56, height: A4.height - 56, borderColor: FRAME, borderWidth: 2.5 });
  page.drawRectangle({ x: 36, y: 36, width: A4.width - 72, height: A4.height - 72, borderColor: FRAME, borderWidth: 0.8 });

  centred(page, input.name, cjk, measure, 30, 730);
  centred(page, '电 子 证 照', cjk, measure, 12, 705, GREY);

  const labelX = 80;
  const valueX = 200;
  const valueWidth = A4.width - valueX - 70;
  let y = 640;
  for (const [label, value] of rows) {
    page.drawText(label, { x: labelX, y, size: 12, font: cjk, color: GREY });
    // The identifier is long ASCII: a smaller size keeps it on one line.
    const size = label === '证照编号' ? 9.5 : 13;
    const lines = wrap(value, measure, size, valueWidth);
    lines.forEach((line, i) => page.drawText(line, { x: valueX, y: y - i * (size + 5), size, font: cjk, color: INK }));
    y -= Math.max(1, lines.length) * (size + 5) + 20;
  }

  drawQr(page, input.token, 80, 120, 140);
  page.drawText('扫码核验', { x: 80 + 70 - measure('扫码核验', 10) / 2, y: 102, size: 10, font: cjk, color: GREY });
  drawSeal(page, cjk, measure, input.issuerName, 430, 200, 70);
  page.drawText(chineseDate(input.issuedAt), { x: 430 - measure(chineseDate(input.issuedAt), 11) / 2, y: 112, size: 11, font: cjk, color: INK });

  wrap(NOTE, measure, 8.5, A4.width - 160).forEach((line, i) => page.drawText(line, { x: 80, y: 70 - i * 12, size: 8.5, font: cjk, color: GREY }));

  // The PAdES signature's field, its /Contents still zeros: pades.ts signPdf fills it.
  addSignatureField(doc, { issuer: input.issuerName, licenceId: input.id, signedAt: issued });
  // No object streams: plainer output, readable by older (and government) PDF readers.
  return doc.save({ useObjectStreams: false });
};
