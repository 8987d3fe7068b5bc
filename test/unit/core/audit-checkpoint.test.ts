import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS, type AuditEntry } from '#core/audit.ts';
import { nextCheckpoint, parseTrailJsonLines, trailJsonLines, verifyAudit, type SignedCheckpoint } from '#core/audit-checkpoint.ts';

const trail = (n: number, summary = (i: number) => `step ${i}`): AuditEntry[] => {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const draft = { at: `2026-03-0${i}T00:00:00.000Z`, actor: { kind: 'system' as const, id: 'test' }, action: `a${i}`, summary: summary(i) };
    out.push(chainEntry(draft, i, out.at(-1)?.hash ?? GENESIS));
  }
  return out;
};

const signedAt = (entries: readonly AuditEntry[], ...seqs: number[]): SignedCheckpoint[] => {
  const out: SignedCheckpoint[] = [];
  for (const seq of seqs) {
    const head = entries[seq - 1]!;
    out.push({ checkpoint: nextCheckpoint('C1', { seq, hash: head.hash }, head.at, out.at(-1)?.checkpoint), signatureValid: true });
  }
  return out;
};

describe('verifyAudit', () => {
  const entries = trail(5);
  const checkpoints = signedAt(entries, 3, 5);

  it('passes an untouched trail with its checkpoints and export', () => {
    const result = verifyAudit(entries, checkpoints, parseTrailJsonLines(trailJsonLines(entries)));
    expect(result).toMatchObject({ intact: true, entries: 5, checkpoints: 2, checkpointedSeq: 5 });
    expect(result.firstBroken).toBeUndefined();
  });

  it('names an edited entry', () => {
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, summary: 'changed' } : e));
    expect(verifyAudit(edited, checkpoints, entries).firstBroken).toMatchObject({ seq: 2, kind: 'edited' });
  });

  it('names a deleted entry, in the middle and at the end', () => {
    expect(verifyAudit(entries.filter((e) => e.seq !== 3), checkpoints).firstBroken).toMatchObject({ seq: 3, kind: 'deleted' });
    expect(verifyAudit(entries.slice(0, 4), checkpoints).firstBroken).toMatchObject({ seq: 5, kind: 'deleted' });
  });

  it('names reordered entries', () => {
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
    expect(verifyAudit(swapped, checkpoints).firstBroken).toMatchObject({ kind: 'reordered' });
  });

  it('names the first rewritten entry when the chain was recomputed (it differs from the checkpoint)', () => {
    const rewritten = trail(5, (i) => (i >= 4 ? `forged ${i}` : `step ${i}`));
    const result = verifyAudit(rewritten, checkpoints, entries);
    expect(result.firstBroken).toMatchObject({ seq: 4, kind: 'rewritten-chain-differs-from-checkpoint' });
  });

  it('names an entry that differs from the export although the chain and checkpoints agree', () => {
    const exported = entries.map((e) => (e.seq === 4 ? { ...e, summary: 'other' } : e));
    expect(verifyAudit(entries, checkpoints, exported).firstBroken).toMatchObject({ seq: 4, kind: 'export-differs' });
  });

  it('rejects a checkpoint without a valid signature or out of its chain', () => {
    expect(verifyAudit(entries, [checkpoints[0]!, { ...checkpoints[1]!, signatureValid: false }]).firstBroken).toMatchObject({ seq: 5, kind: 'checkpoint-invalid' });
    expect(verifyAudit(entries, [checkpoints[1]!]).firstBroken).toMatchObject({ seq: 5, kind: 'checkpoint-invalid' });
  });

  it('judges entries after the last checkpoint by the chain alone', () => {
    expect(verifyAudit(entries, signedAt(entries, 2)).intact).toBe(true);
  });
});
