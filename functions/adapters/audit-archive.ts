// The audit archive (issue #18 part 1): signed checkpoints of each case's audit chain and the
// exported trail beside each, in a bucket apart from the documents. In AWS the bucket has Object
// Lock in compliance mode and the writers may only put (infra/constructs/audit-archive.ts), so a
// writer of the table cannot make the archive agree with a forged trail. Layout per case:
//   audit/<caseNo>/checkpoints/<headSeq>.json  { checkpoint, alg, kid, signature (base64url) }
//   audit/<caseNo>/trails/<headSeq>.jsonl      the trail up to headSeq, one entry a line
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { AuditEntry } from '#core/audit.ts';
import {
  checkpointMessage,
  nextCheckpoint,
  parseTrailJsonLines,
  trailJsonLines,
  type Checkpoint,
  type SignedCheckpoint,
} from '#core/audit-checkpoint.ts';
import type { CaseRecord } from '#core/case.ts';
import { isFinal } from '#core/case-status.ts';
import type { SigningAlgorithm } from '#core/licence.ts';
import { verifySignature } from '#core/licence-seal.ts';
import { listAudit } from './case-store.ts';
import { clock } from './clock.ts';
import { config } from './config.ts';
import { signerFrom, type Signer } from './signer.ts';

// As in documents.ts: path-style, and checksums only when S3 requires them.
const client = new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

const bucket = (): string => {
  const name = config().AUDIT_BUCKET_NAME;
  if (!name) throw new Error('AUDIT_BUCKET_NAME is not set for this function');
  return name;
};

let signer: Signer | undefined;
const auditSigner = (): Signer => (signer ??= signerFrom('AUDIT_SIGNER', config().AUDIT_SIGNER, config().AUDIT_SIGNING_ALGORITHM));

const seqPart = (seq: number): string => String(seq).padStart(6, '0');
const checkpointPrefix = (caseNo: string): string => `audit/${caseNo}/checkpoints/`;
const checkpointKey = (caseNo: string, seq: number): string => `${checkpointPrefix(caseNo)}${seqPart(seq)}.json`;
const trailKey = (caseNo: string, seq: number): string => `audit/${caseNo}/trails/${seqPart(seq)}.jsonl`;

interface StoredCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly alg: SigningAlgorithm;
  readonly kid: string;
  readonly signature: string;
}

const readText = async (key: string): Promise<string | undefined> => {
  try {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    if (!Body) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of Body as Readable) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
    throw error;
  }
};

/** The seqs a case has checkpoints at, ascending (the keys sort by their padded seq). */
const checkpointSeqs = async (caseNo: string): Promise<number[]> => {
  const seqs: number[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: checkpointPrefix(caseNo), ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const seq = Number(Key?.slice(checkpointPrefix(caseNo).length, -'.json'.length));
      if (Number.isInteger(seq) && seq > 0) seqs.push(seq);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return seqs.sort((a, b) => a - b);
};

const readCheckpoint = async (caseNo: string, seq: number): Promise<StoredCheckpoint | undefined> => {
  const text = await readText(checkpointKey(caseNo, seq));
  return text === undefined ? undefined : (JSON.parse(text) as StoredCheckpoint);
};

/**
 * Checkpoints the case's audit chain as it stands in the table, with its trail beside it; nothing
 * when its last checkpoint already covers the head (a retried or repeated call). The trail is put
 * before the checkpoint, so a checkpoint never stands without its export.
 */
export const checkpointCase = async (caseNo: string, at: string): Promise<Checkpoint | undefined> => {
  const entries = await listAudit(caseNo);
  const head = entries.at(-1);
  if (!head) return undefined;
  const seqs = await checkpointSeqs(caseNo);
  const lastSeq = seqs.at(-1);
  if (lastSeq !== undefined && lastSeq >= head.seq) return undefined;
  const previous = lastSeq === undefined ? undefined : (await readCheckpoint(caseNo, lastSeq))?.checkpoint;
  const checkpoint = nextCheckpoint(caseNo, head, at, previous);
  const { alg, kid, signature } = await auditSigner().sign(checkpointMessage(checkpoint));
  const stored: StoredCheckpoint = { checkpoint, alg, kid, signature: signature.toString('base64url') };
  await client.send(new PutObjectCommand({ Bucket: bucket(), Key: trailKey(caseNo, head.seq), Body: trailJsonLines(entries), ContentType: 'application/x-ndjson' }));
  await client.send(new PutObjectCommand({ Bucket: bucket(), Key: checkpointKey(caseNo, head.seq), Body: JSON.stringify(stored), ContentType: 'application/json' }));
  return checkpoint;
};

/** A case's checkpoints (oldest first, each with its signature checked) and its latest exported trail. */
export const readArchive = async (caseNo: string): Promise<{ checkpoints: SignedCheckpoint[]; exported?: AuditEntry[] }> => {
  const seqs = await checkpointSeqs(caseNo);
  const keys = await auditSigner().publicKeys();
  const checkpoints = await Promise.all(
    seqs.map(async (seq): Promise<SignedCheckpoint | undefined> => {
      const stored = await readCheckpoint(caseNo, seq);
      if (!stored) return undefined;
      const jwk = keys.find((k) => k.kid === stored.kid);
      const signatureValid = jwk !== undefined && stored.checkpoint.headSeq === seq && verifySignature(stored.alg, checkpointMessage(stored.checkpoint), Buffer.from(stored.signature, 'base64url'), jwk);
      return { checkpoint: stored.checkpoint, signatureValid };
    }),
  );
  const last = seqs.at(-1);
  const trail = last === undefined ? undefined : await readText(trailKey(caseNo, last));
  return { checkpoints: checkpoints.filter((c) => c !== undefined), ...(trail === undefined ? {} : { exported: parseTrailJsonLines(trail) }) };
};

/**
 * At every closed case (a final status: completed, refused, not accepted, withdrawn, failed) its
 * trail is checkpointed and exported. Called with the case as the closing step left it, also when
 * that step found nothing left to do (its retry), so a checkpoint lost to a crash is made then.
 */
export const checkpointIfClosed = async (c: Pick<CaseRecord, 'caseNo' | 'status'>): Promise<void> => {
  if (isFinal(c.status)) await checkpointCase(c.caseNo, clock.now().toISOString());
};
