// The local stand-in for a province's OIDC issuer: an ES256 key in the data dir signs applicant,
// agent, officer and supervisor tokens (npm run token, POST /_dev/token on the gateway) and the
// local gateway verifies them as API Gateway's JWT authoriser would.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';

export const DEV_ISSUER = 'urn:no-meeting-approval:dev-issuer';
export const DEV_AUDIENCE = 'no-meeting-approval';
const ALG = 'ES256';

export interface DevIssuer {
  mint(claims: DevClaims, ttlSeconds?: number): Promise<string>;
  /** The verified claims, or undefined for any token that does not verify. */
  verify(token: string): Promise<JWTPayload | undefined>;
}

export interface ApplicantClaims {
  readonly name: string;
  readonly resident_id?: string;
  readonly uscc?: string;
  /** `agent` for service-centre staff (帮办) who may apply on someone's behalf. */
  readonly role?: 'agent';
  /** Defaults to a stable pseudonym derived from the identity, so the same person keeps their cases. */
  readonly sub?: string;
}

/** 电子监察 staff: no identity code, the role the statistics route requires (core/supervisor.ts). */
export interface SupervisorClaims {
  readonly name: string;
  readonly role: 'supervisor';
  /** Defaults to a stable pseudonym derived from the name. */
  readonly sub?: string;
}

/** A department officer at the department desk (core/officer.ts): no identity code, a department. */
export interface OfficerClaims {
  readonly name: string;
  readonly role: 'officer';
  /** A department code of the province. */
  readonly department: string;
  /** Defaults to a stable pseudonym derived from department and name. */
  readonly sub?: string;
}

export type DevClaims = ApplicantClaims | SupervisorClaims | OfficerClaims;

/** What the default subject is derived from: the identity code, or the role and name of staff. */
const subjectSeed = (claims: DevClaims): string | undefined => {
  if (claims.role === 'supervisor') return `supervisor:${claims.name}`;
  if (claims.role === 'officer') return `officer:${claims.department}:${claims.name}`;
  return claims.resident_id ?? claims.uscc;
};

/** The issuer's key, in the data dir. */
export const DEV_ISSUER_KEY_FILE = 'dev-issuer.jwk.json';

const loadOrCreateKey = async (dataDir: string): Promise<JWK> => {
  const file = join(dataDir, DEV_ISSUER_KEY_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: ALG, kid: 'dev-1' };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // another process created it first: use theirs
    });
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  }
};

export const pseudonymOf = (identity: string): string =>
  `dev-${createHash('sha256').update(`dev-issuer:${identity}`).digest('hex').slice(0, 24)}`;

export const openDevIssuer = async (dataDir: string): Promise<DevIssuer> => {
  const jwk = await loadOrCreateKey(dataDir);
  const privateKey = await importJWK(jwk, ALG);
  const { d: _d, ...publicJwk } = jwk;
  const publicKey = await importJWK(publicJwk, ALG);
  return {
    mint: (claims, ttlSeconds = 8 * 3600) => {
      const identity = subjectSeed(claims);
      if (!identity) throw new Error('a token needs a resident id or a USCC (or role supervisor or officer)');
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: ALG, kid: jwk.kid })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(claims.sub ?? pseudonymOf(identity))
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey);
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: [ALG] });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
};
