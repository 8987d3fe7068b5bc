// Writing an sfnt (TrueType/OpenType) font from its tables: the offset table and table directory
// (OpenType spec, "Table directory"), then each table 4-byte aligned, in ascending tag order.
// Shared by the WOFF unwrapper (woff.ts) and the glyph subsetter (font-subset.ts).

export interface SfntTable {
  readonly tag: string;
  readonly data: Buffer;
  /** The directory checksum when already known (a WOFF directory carries it); computed otherwise. */
  readonly checksum?: number;
}

const checksum = (data: Buffer): number => {
  const padded = Buffer.alloc((data.length + 3) & ~3);
  data.copy(padded);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
};

export const writeSfnt = (flavor: number, tables: readonly SfntTable[]): Buffer => {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const entrySelector = Math.floor(Math.log2(sorted.length));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + sorted.length * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(sorted.length, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(sorted.length * 16 - searchRange, 10);
  const chunks: Buffer[] = [header];
  let offset = header.length;
  sorted.forEach((table, i) => {
    const at = 12 + i * 16;
    header.write(table.tag, at, 'latin1');
    header.writeUInt32BE(table.checksum ?? checksum(table.data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.data.length, at + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    chunks.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(chunks);
};
