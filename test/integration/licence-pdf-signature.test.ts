// The licence PDF's PAdES signature (issue #18 part 3) as a reader checks it: an issued licence is
// downloaded and handed to poppler's pdfsig, which must find the whole document signed under
// ETSI.CAdES.detached by the published seal certificate, and a byte changed afterwards must break it.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor } from '../support/api.ts';
import { licensedCase } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

const run = promisify(execFile);

/** pdfsig's report of a PDF; fails (never skips) without poppler-utils. */
const pdfsig = async (pdf: Uint8Array): Promise<string> => {
  const file = join(await mkdtemp(join(tmpdir(), 'licence-pdfsig-')), 'licence.pdf');
  await writeFile(file, pdf);
  try {
    return (await run('pdfsig', [file])).stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdfsig is missing: install poppler-utils (apt-get install -y poppler-utils; .ci/run does)', { cause: error });
    throw error;
  }
};

interface Published {
  certificates: Array<{ kid: string; department: string; sha256: string; pem: string }>;
}

let pdf: Buffer;

beforeAll(async () => {
  const token = await tokenFor(anApplicant());
  const { licenceId } = await licensedCase(token);
  const view = await call<{ pdf: { url: string } }>('GET', `/licences/${licenceId}`, { token });
  pdf = Buffer.from(await (await fetch(view.body.pdf.url)).arrayBuffer());
  // To look at it: LICENCE_PDF_OUT=/tmp/licence.pdf, then pdftoppm -png (a manual check only).
  if (process.env.LICENCE_PDF_OUT) await writeFile(process.env.LICENCE_PDF_OUT, pdf);
});

describe('the signed licence PDF', () => {
  it('verifies in pdfsig: ETSI.CAdES.detached, SHA-256, the whole document, by the published certificate', async () => {
    const report = await pdfsig(pdf);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');

    const published = await call<Published>('GET', '/.well-known/licence-certificates');
    expect(published.status).toBe(200);
    const certificate = published.body.certificates.find((c) => c.department === 'SCJGJ');
    expect(certificate).toBeDefined();
    const x509 = new X509Certificate((certificate as Published['certificates'][number]).pem);
    expect(x509.fingerprint256.replaceAll(':', '').toLowerCase()).toBe(certificate?.sha256);
    expect(x509.subject).toContain('O=示范市市场监督管理局');
    expect(x509.subject).toContain('organizationIdentifier=NTRCN-11990000000000019A');
    // The certificate in the CMS is the published one, byte for byte.
    expect(pdf.toString('latin1').toLowerCase()).toContain(x509.raw.toString('hex'));
    expect(report).toContain(`Signer Certificate Common Name: 示范市市场监督管理局电子证照专用章`);
  });

  it('is invalid in pdfsig once one signed byte is changed', async () => {
    const tampered = Buffer.from(pdf);
    // A byte of the page's content, well inside the signed ranges (the signature sits near the start).
    const at = tampered.lastIndexOf('stream', tampered.length - 200);
    tampered[at - 20] = (tampered[at - 20] ?? 0) ^ 0x01;
    const report = await pdfsig(tampered);
    expect(report).not.toContain('Signature is Valid');
    expect(report).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });
});
