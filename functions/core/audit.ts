// Tamper-evident audit trail: each entry carries the hash of the previous one, so editing or
// deleting any entry breaks every hash after it. The first entry chains to GENESIS.
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** officer: a department's officer signed in as a person (the department desk, issue #16). */
export type ActorKind = 'applicant' | 'agent' | 'department' | 'officer' | 'system';

export interface Actor {
  readonly kind: ActorKind;
  /** Subject id (applicant sub, department code, officer sub, or the step name); never an identity number. */
  readonly id: string;
  /** The department an officer acted for (officers only). */
  readonly department?: string;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: Actor;
  readonly action: string;
  /** Human-readable line for the timeline, in Chinese where the applicant reads it. */
  readonly summary: string;
  readonly from?: string;
  readonly to?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export type AuditDraft = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** Canonical JSON: keys sorted at every depth, so the hash does not depend on insertion order. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

const hashOf = (entry: Omit<AuditEntry, 'hash'>): string =>
  createHash('sha256').update(canonicalJson(entry)).digest('hex');

/**
 * The next entry of a chain. It is never stamped before the entry it follows (`previousAt`), so a
 * timeline never runs backwards: on the local stack a sweep judged at a later instant than the
 * clock writes entries at that instant, and whatever follows is stamped no earlier.
 */
export const chainEntry = (draft: AuditDraft, seq: number, prevHash: string, previousAt?: string): AuditEntry => {
  const at = previousAt !== undefined && Date.parse(draft.at) < Date.parse(previousAt) ? previousAt : draft.at;
  const unhashed = { ...draft, at, seq, prevHash };
  return { ...unhashed, hash: hashOf(unhashed) };
};

/** Returns the seq of the first entry that does not verify, or undefined when the chain is intact. */
export const findBrokenLink = (entries: readonly AuditEntry[]): number | undefined => {
  let prev = GENESIS;
  for (const [i, entry] of entries.entries()) {
    const { hash, ...unhashed } = entry;
    if (entry.seq !== i + 1 || entry.prevHash !== prev || hashOf(unhashed) !== hash) return entry.seq;
    prev = hash;
  }
  return undefined;
};
