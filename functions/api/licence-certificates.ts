// GET /.well-known/licence-certificates: the seal key's self-signed X.509 certificates, one per key
// and issuing department, which sign the licence PDFs' PAdES signatures. Anyone may pin one (its
// SHA-256) or trust it in a PDF reader; README "Verifying a licence PDF offline" shows how.
import { publishedCertificates } from '#adapters/seal-certificates.ts';
import { httpHandler, json } from '#middleware/http.ts';

export const handler = httpHandler(async () => json(200, { certificates: await publishedCertificates() }, { 'cache-control': 'public, max-age=300' }));
