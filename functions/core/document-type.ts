// What a file really is, from its first bytes: a declared Content-Type proves nothing.

const signatures: ReadonlyArray<{ type: string; magic: readonly number[] }> = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** Bytes needed to recognise every supported type. */
export const SNIFF_BYTES = 16;

export const sniffContentType = (head: Uint8Array): string | undefined =>
  signatures.find(({ magic }) => magic.every((byte, i) => head[i] === byte))?.type;
