// WOFF 1.0 → the plain sfnt (TrueType/OpenType) font it wraps (W3C WOFF File Format 1.0, §3-§5).
// The font package ships WOFF; the PDF font engine reads WOFF too, but inflates a table again,
// in pure JavaScript, every time it reads from it: rendering one licence took seconds. Unwrapping
// once with zlib takes milliseconds.
import { inflateSync } from 'node:zlib';
import { writeSfnt } from './sfnt.ts';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

/** The sfnt inside a WOFF 1.0 file; any other bytes are returned as they are. */
export const sfntOf = (bytes: Uint8Array): Buffer => {
  const woff = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (woff.length < 44 || woff.readUInt32BE(0) !== WOFF_SIGNATURE) return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const stored = woff.subarray(offset, offset + compLength);
    // §5: a table is zlib-compressed exactly when its compressed length is below the original.
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('a WOFF table does not inflate to its declared length');
    return { tag: woff.toString('latin1', at, at + 4), checksum: woff.readUInt32BE(at + 16), data };
  });

  return writeSfnt(flavor, tables);
};
