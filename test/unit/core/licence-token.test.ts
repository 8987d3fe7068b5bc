import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { dataDigest } from '../../../functions/core/licence.ts';
import { checkToken, parseToken, tokenClaims } from '../../../functions/core/licence-token.ts';
import { aKey, aLicenceData, aToken } from './licence-fixtures.ts';

describe('the QR token', () => {
  it('carries id, type, masked holder, issuer, validity and the data digest; never the identity in clear', () => {
    const data = aLicenceData();
    const claims = tokenClaims(data);
    expect(claims).toEqual({
      v: 1,
      id: data.id,
      type: 'DEMO01',
      holder: { name: '张*', identity: '1101**********4514' },
      issuer: data.issuer.uscc,
      validFrom: data.validFrom,
      validUntil: data.validUntil,
      dig: dataDigest(data),
    });
    expect(aToken(data, aKey())).not.toContain(Buffer.from(data.holder.identity).toString('base64url').slice(0, 12));
  });

  it('is a standard ES256 JWS: a JOSE library verifies it with the published JWK', async () => {
    const key = aKey();
    const token = aToken(aLicenceData(), key);
    const { protectedHeader } = await compactVerify(token, await importJWK(key.jwk, 'ES256'));
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: key.jwk.kid, typ: 'licence+jws' });
  });

  it.each(['ES256', 'SM2'] as const)('checks a %s token: good, unknown key, any changed character', (alg) => {
    const key = aKey(alg);
    const token = aToken(aLicenceData(), key);
    expect(checkToken(token, [aKey(alg).jwk, key.jwk])).toMatchObject({ ok: true, claims: { type: 'DEMO01' } });
    expect(checkToken(token, [aKey(alg).jwk])).toEqual({ ok: false, reason: 'unknown-key' });
    const [h, p, s] = token.split('.') as [string, string, string];
    // Change each position of the payload and signature in turn (header changes may rename the kid).
    for (const [part, at] of [[p, 1], [s, 2]] as const) {
      for (let i = 0; i < part.length; i += 7) {
        const changed = `${part.slice(0, i)}${part[i] === 'A' ? 'B' : 'A'}${part.slice(i + 1)}`;
        const forged = at === 1 ? `${h}.${changed}.${s}` : `${h}.${p}.${changed}`;
        expect(checkToken(forged, [key.jwk]).ok, `position ${i} of part ${at}`).toBe(false);
      }
    }
    expect(checkToken('not.a.token', [key.jwk])).toEqual({ ok: false, reason: 'bad-signature' });
    expect(parseToken('nonsense')).toBeUndefined();
  });
});
