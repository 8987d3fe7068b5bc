// POST /licences/verify { token, at? }: anyone checks the token of a licence's QR code: its
// signature against the published keys (what an offline scanner does too), then the library's
// record of the licence it names: present, the same data, neither revoked nor expired. Public.
import { publicLicenceView } from '#core/licence.ts';
import { parseToken } from '#core/licence-token.ts';
import { verifyToken } from '#core/licence-verification.ts';
import { clock } from '#adapters/clock.ts';
import { getLicence } from '#adapters/licences.ts';
import { publicKeys } from '#adapters/signer.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { licenceIdSchema } from '#core/licence-id.ts';
import { verifyTokenBody } from './licence.schema.ts';

export const handler = httpHandler(async (event) => {
  const body = parseJsonBody(event, verifyTokenBody, 8 * 1024);
  const at = body.at ? new Date(body.at) : clock.now();
  // The id is read before the signature is checked only to fetch the record; nothing is trusted yet.
  const claimed = parseToken(body.token)?.claims.id;
  const id = claimed !== undefined && licenceIdSchema.safeParse(claimed).success ? claimed : undefined;
  const [record, keys] = await Promise.all([id ? getLicence(id) : undefined, publicKeys()]);
  const verification = verifyToken({ token: body.token, keys, record, at });
  return json(200, {
    ...(id ? { id } : {}),
    at: at.toISOString(),
    ...verification,
    ...(record && verification.reasons.every((r) => r !== 'bad-signature' && r !== 'unknown-key') ? { licence: publicLicenceView(record, at) } : {}),
  });
});
