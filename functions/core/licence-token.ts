// The token a licence's QR code carries: a JWS in compact serialisation (RFC 7515) whose payload
// says which licence it is, for whom (masked), by whom and for how long, so a scanner can check it
// offline against the keys at /.well-known/licence-keys. It carries the SHA-256 of the licence data
// (`dig`), not of the PDF: the QR code is part of the PDF, so a PDF digest inside it could never be
// right. The e-seal on the record (functions/core/licence.ts sealContent) covers data and PDF.
import * as z from 'zod';
import { dataDigest, maskedHolder, type LicenceData, type SigningAlgorithm } from './licence.ts';
import { verifySignature, type PublicJwk } from './licence-seal.ts';

export const TOKEN_TYPE = 'licence+jws';

export interface TokenHeader {
  readonly alg: SigningAlgorithm;
  readonly kid: string;
  readonly typ: typeof TOKEN_TYPE;
}

const claimsSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  type: z.string(),
  holder: z.object({ name: z.string(), identity: z.string() }),
  /** The issuer's USCC. */
  issuer: z.string(),
  validFrom: z.string(),
  validUntil: z.string().optional(),
  /** SHA-256 (hex) of the canonical licence data. */
  dig: z.string().regex(/^[0-9a-f]{64}$/),
});

export type TokenClaims = z.infer<typeof claimsSchema>;

const headerSchema = z.object({ alg: z.enum(['ES256', 'SM2']), kid: z.string().min(1), typ: z.literal(TOKEN_TYPE) });

/** A compact JWS: three base64url parts. */
export const tokenPattern = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export const tokenClaims = (data: LicenceData): TokenClaims => {
  const holder = maskedHolder(data.holder);
  return {
    v: 1,
    id: data.id,
    type: data.type,
    holder: { name: holder.name, identity: holder.identityMasked },
    issuer: data.issuer.uscc,
    validFrom: data.validFrom,
    ...(data.validUntil === undefined ? {} : { validUntil: data.validUntil }),
    dig: dataDigest(data),
  };
};

/** The bytes to sign: ASCII of `base64url(header).base64url(payload)` (RFC 7515 §5.1). */
export const signingInput = (header: TokenHeader, claims: TokenClaims): string => `${b64json(header)}.${b64json(claims)}`;

export const assembleToken = (input: string, signature: Uint8Array): string => `${input}.${Buffer.from(signature).toString('base64url')}`;

export interface ParsedToken {
  readonly header: TokenHeader;
  readonly claims: TokenClaims;
  readonly input: string;
  readonly signature: Buffer;
}

/** Reads a token without trusting it; undefined when it is not one of ours at all. */
export const parseToken = (token: string): ParsedToken | undefined => {
  if (!tokenPattern.test(token)) return undefined;
  const [h, p, s] = token.split('.') as [string, string, string];
  try {
    const header = headerSchema.safeParse(JSON.parse(Buffer.from(h, 'base64url').toString('utf8')));
    const claims = claimsSchema.safeParse(JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    if (!header.success || !claims.success) return undefined;
    return { header: header.data, claims: claims.data, input: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
  } catch {
    return undefined;
  }
};

export type TokenCheck =
  | { readonly ok: true; readonly header: TokenHeader; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'bad-signature' | 'unknown-key' };

/** Checks a token against published keys: the key named by `kid`, then the signature. */
export const checkToken = (token: string, keys: readonly PublicJwk[]): TokenCheck => {
  const parsed = parseToken(token);
  if (!parsed) return { ok: false, reason: 'bad-signature' };
  const key = keys.find((k) => k.kid === parsed.header.kid);
  if (!key) return { ok: false, reason: 'unknown-key' };
  if (!verifySignature(parsed.header.alg, Buffer.from(parsed.input, 'ascii'), parsed.signature, key)) return { ok: false, reason: 'bad-signature' };
  return { ok: true, header: parsed.header, claims: parsed.claims };
};
