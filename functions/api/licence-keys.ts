// GET /.well-known/licence-keys: the JWK set (RFC 7517) licences are verified against, for
// scanners that check QR tokens offline. Public and cacheable; a key keeps its kid for life.
import { publicKeys } from '#adapters/signer.ts';
import { httpHandler, json } from '#middleware/http.ts';

export const handler = httpHandler(async () => json(200, { keys: await publicKeys() }, { 'cache-control': 'public, max-age=300' }));
