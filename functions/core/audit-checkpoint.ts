// Audit checkpoints (issue #18 part 1): the head of a case's audit chain, signed outside the table
// and kept in a write-once bucket, so a writer of the table who rewrites the rows and recomputes
// the chain and head still disagrees with what was signed. Pure: hashing and comparison only; the
// signing and the bucket live in adapters/audit-archive.ts.
import { createHash } from 'node:crypto';
import { canonicalJson, findBrokenLink, GENESIS, type AuditEntry } from './audit.ts';

export interface Checkpoint {
  readonly caseNo: string;
  readonly headSeq: number;
  readonly headHash: string;
  readonly at: string;
  /** Hash of the case's previous checkpoint (GENESIS for its first), so a checkpoint cannot be dropped unseen. */
  readonly previous: string;
}

/** The bytes that are signed: canonical JSON of the checkpoint. */
export const checkpointMessage = (checkpoint: Checkpoint): Buffer => Buffer.from(canonicalJson(checkpoint), 'utf8');

export const checkpointHash = (checkpoint: Checkpoint): string => createHash('sha256').update(checkpointMessage(checkpoint)).digest('hex');

/** The next checkpoint of a case after `previous` (undefined for its first). */
export const nextCheckpoint = (caseNo: string, head: { seq: number; hash: string }, at: string, previous?: Checkpoint): Checkpoint => ({
  caseNo,
  headSeq: head.seq,
  headHash: head.hash,
  at,
  previous: previous ? checkpointHash(previous) : GENESIS,
});

/** The case's trail as exported beside its checkpoint: one JSON line per entry. */
export const trailJsonLines = (entries: readonly AuditEntry[]): string => entries.map((e) => canonicalJson(e)).join('\n') + '\n';

export const parseTrailJsonLines = (text: string): AuditEntry[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditEntry);

export type AuditBreak =
  /** The row's content no longer hashes to its stored hash, or its prevHash does not chain. */
  | 'edited'
  /** A seq is missing from the table (the row after a gap is named). */
  | 'deleted'
  /** Rows out of seq order, or a seq repeated. */
  | 'reordered'
  /** The chain verifies on its own, but its hash at a checkpoint's seq is not the signed one. */
  | 'rewritten-chain-differs-from-checkpoint'
  /** The table's entry differs from the exported trail kept beside the checkpoint. */
  | 'export-differs'
  /** The checkpoints themselves: a bad signature, or a broken chain of checkpoints. */
  | 'checkpoint-invalid';

export interface AuditVerification {
  readonly intact: boolean;
  readonly entries: number;
  readonly checkpoints: number;
  /** The seq of the last entry a valid checkpoint covers (0 when none does). */
  readonly checkpointedSeq: number;
  readonly firstBroken?: { readonly seq: number; readonly kind: AuditBreak; readonly detail: string };
}

export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** Whether its signature verified against the audit key (checked by the adapter). */
  readonly signatureValid: boolean;
}

const broken = (base: Omit<AuditVerification, 'intact' | 'firstBroken'>, seq: number, kind: AuditBreak, detail: string): AuditVerification => ({
  ...base,
  intact: false,
  firstBroken: { seq, kind, detail },
});

/**
 * Table entries (as read, in sort-key order) against the case's checkpoints (oldest first) and the
 * exported trail. The first broken entry is named; a checkpoint attests its prefix of the trail, so
 * entries written after the last checkpoint are judged by the chain alone.
 */
export const verifyAudit = (
  entries: readonly AuditEntry[],
  checkpoints: readonly SignedCheckpoint[],
  exported?: readonly AuditEntry[],
): AuditVerification => {
  const lastHead = checkpoints.at(-1)?.checkpoint.headSeq ?? 0;
  const base = { entries: entries.length, checkpoints: checkpoints.length, checkpointedSeq: lastHead };

  let previous = GENESIS;
  for (const { checkpoint, signatureValid } of checkpoints) {
    if (!signatureValid) return broken(base, checkpoint.headSeq, 'checkpoint-invalid', `the checkpoint at seq ${checkpoint.headSeq} has no valid signature`);
    if (checkpoint.previous !== previous) return broken(base, checkpoint.headSeq, 'checkpoint-invalid', `the checkpoint at seq ${checkpoint.headSeq} does not chain to the one before it`);
    previous = checkpointHash(checkpoint);
  }

  // Structure first: a gap is a deletion, a seq out of order is a reordering.
  for (const [i, entry] of entries.entries()) {
    if (entry.seq === i + 1) continue;
    const seqs = entries.map((e) => e.seq);
    if (new Set(seqs).size !== seqs.length || entries.some((e, j) => j > 0 && e.seq < (entries[j - 1]?.seq ?? 0))) {
      return broken(base, entry.seq, 'reordered', `entry ${entry.seq} stands at position ${i + 1}`);
    }
    return broken(base, i + 1, 'deleted', `entry ${i + 1} is missing (the next present is ${entry.seq})`);
  }
  if (entries.length < lastHead) return broken(base, entries.length + 1, 'deleted', `the checkpoint covers ${lastHead} entries; the table holds ${entries.length}`);

  const link = findBrokenLink(entries);
  if (link !== undefined) return broken(base, link, 'edited', `entry ${link} does not hash to its stored hash or does not chain to entry ${link - 1}`);

  for (const { checkpoint } of checkpoints) {
    const entry = entries[checkpoint.headSeq - 1];
    if (entry?.hash !== checkpoint.headHash) {
      // Name the first entry the export (the signed trail) disagrees with, when there is one.
      const differs = exported ? entries.findIndex((e, i) => i < checkpoint.headSeq && exported[i]?.hash !== e.hash) : -1;
      return broken(base, differs >= 0 ? differs + 1 : checkpoint.headSeq, 'rewritten-chain-differs-from-checkpoint', `the chain at seq ${checkpoint.headSeq} is not the head signed at ${checkpoint.at}`);
    }
  }

  if (exported) {
    const n = Math.min(exported.length, entries.length);
    for (let i = 0; i < n; i++) {
      if (canonicalJson(exported[i]) !== canonicalJson(entries[i])) return broken(base, i + 1, 'export-differs', `entry ${i + 1} differs from the exported trail`);
    }
    if (exported.length > entries.length) return broken(base, entries.length + 1, 'deleted', `the exported trail has ${exported.length} entries; the table holds ${entries.length}`);
  }
  return { ...base, intact: true };
};
