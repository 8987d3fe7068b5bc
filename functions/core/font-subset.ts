// A TrueType font cut down to the glyphs a document uses, keeping every glyph id ("retain gids"):
// glyf holds only the outlines of the used glyphs (and the components they are built from), cmap
// maps only the used characters, and the layout tables (GSUB, GPOS, ...) are dropped, so the font
// embedded in a licence PDF is some tens of KB instead of megabytes.
//
// Why not the PDF library's own subsetter: with this CJK font it loses the outlines of composite
// glyphs (范, 许, 证 ... printed blank), and its text layout applied GPOS adjustments the PDF
// widths did not carry (digits next to "." or "-" drifted apart). Glyph ids kept as they are need
// no remapping anywhere, which keeps this small enough to read.
import fontkit from '@pdf-lib/fontkit';
import { writeSfnt, type SfntTable } from './sfnt.ts';

type Table = SfntTable;

// What a TrueType font needs to render (OpenType spec "Required tables", plus hinting programs).
const KEEP = new Set(['head', 'hhea', 'maxp', 'OS/2', 'hmtx', 'name', 'post', 'cvt ', 'fpgm', 'prep', 'gasp']);

const readTables = (font: Buffer): Map<string, Buffer> => {
  const count = font.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const offset = font.readUInt32BE(at + 8);
    tables.set(font.toString('latin1', at, at + 4), font.subarray(offset, offset + font.readUInt32BE(at + 12)));
  }
  return tables;
};

/** Glyph ids a composite glyph is built from (TrueType glyf, composite glyph description). */
const componentsOf = (glyph: Buffer): number[] => {
  if (glyph.length < 10 || glyph.readInt16BE(0) >= 0) return [];
  const ids: number[] = [];
  let at = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(at);
    ids.push(glyph.readUInt16BE(at + 2));
    at += 4 + (flags & 0x0001 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
    if (flags & 0x0008) at += 2; // WE_HAVE_A_SCALE
    else if (flags & 0x0040) at += 4; // WE_HAVE_AN_X_AND_Y_SCALE
    else if (flags & 0x0080) at += 8; // WE_HAVE_A_TWO_BY_TWO
    if (!(flags & 0x0020)) return ids; // MORE_COMPONENTS
  }
};

/** cmap with one format 12 subtable (Windows, Unicode full repertoire) for the used characters. */
const cmapOf = (mapping: ReadonlyArray<readonly [number, number]>): Buffer => {
  const sorted = [...mapping].sort((a, b) => a[0] - b[0]);
  const groups: Array<[number, number, number]> = [];
  for (const [codePoint, glyphId] of sorted) {
    const last = groups[groups.length - 1];
    if (last && codePoint === last[1] + 1 && glyphId === last[2] + (codePoint - last[0])) last[1] = codePoint;
    else groups.push([codePoint, codePoint, glyphId]);
  }
  const subtable = Buffer.alloc(16 + groups.length * 12);
  subtable.writeUInt16BE(12, 0);
  subtable.writeUInt32BE(subtable.length, 4);
  subtable.writeUInt32BE(groups.length, 12);
  groups.forEach(([start, end, glyph], i) => {
    subtable.writeUInt32BE(start, 16 + i * 12);
    subtable.writeUInt32BE(end, 20 + i * 12);
    subtable.writeUInt32BE(glyph, 24 + i * 12);
  });
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0, 0); // version
  header.writeUInt16BE(1, 2); // one encoding record
  header.writeUInt16BE(3, 4); // platform Windows
  header.writeUInt16BE(10, 6); // encoding Unicode full repertoire
  header.writeUInt32BE(12, 8);
  return Buffer.concat([header, subtable]);
};

/**
 * The font with outlines and character mappings only for the characters of `text`. Throws when
 * the font has no glyph for one of them: a licence must never print a blank where a name was.
 */
export const subsetFont = (sfnt: Uint8Array, text: string): Buffer => {
  const font = Buffer.from(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const tables = readTables(font);
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  if (!head || !loca || !glyf) throw new Error('not a TrueType (glyf) font');
  const parsed = fontkit.create(font);
  const longOffsets = head.readInt16BE(50) === 1;
  const numGlyphs = (tables.get('maxp') as Buffer).readUInt16BE(4);
  const offsetOf = (id: number): number => (longOffsets ? loca.readUInt32BE(id * 4) : loca.readUInt16BE(id * 2) * 2);
  const glyphOf = (id: number): Buffer => glyf.subarray(offsetOf(id), offsetOf(id + 1));

  const mapping: Array<[number, number]> = [];
  const missing: string[] = [];
  for (const char of new Set(text)) {
    const codePoint = char.codePointAt(0) as number;
    const glyph = parsed.glyphForCodePoint(codePoint);
    if (!glyph || glyph.id === 0) missing.push(char);
    else mapping.push([codePoint, glyph.id]);
  }
  if (missing.length) throw Object.assign(new Error(`the font has no glyph for ${missing.map((c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase()}`).join(', ')}`), { name: 'GlyphMissing' });

  const used = new Set<number>([0]); // .notdef is always kept
  const pending = mapping.map(([, id]) => id);
  while (pending.length) {
    const id = pending.pop() as number;
    if (used.has(id) || id >= numGlyphs) continue;
    used.add(id);
    pending.push(...componentsOf(glyphOf(id)));
  }

  const outlines: Buffer[] = [];
  const newLoca = Buffer.alloc((numGlyphs + 1) * 4);
  let offset = 0;
  for (let id = 0; id < numGlyphs; id++) {
    newLoca.writeUInt32BE(offset, id * 4);
    if (!used.has(id)) continue;
    const glyph = glyphOf(id);
    const padded = Buffer.alloc((glyph.length + 3) & ~3);
    glyph.copy(padded);
    outlines.push(padded);
    offset += padded.length;
  }
  newLoca.writeUInt32BE(offset, numGlyphs * 4);

  const newHead = Buffer.from(head);
  newHead.writeInt16BE(1, 50); // indexToLocFormat: long offsets
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment: not recomputed (readers do not check it)
  const kept: Table[] = [...tables].filter(([tag]) => KEEP.has(tag) && tag !== 'head').map(([tag, data]) => ({ tag, data }));
  return writeSfnt(font.readUInt32BE(0), [
    ...kept,
    { tag: 'head', data: newHead },
    { tag: 'loca', data: newLoca },
    { tag: 'glyf', data: Buffer.concat(outlines) },
    { tag: 'cmap', data: cmapOf(mapping) },
  ]);
};
