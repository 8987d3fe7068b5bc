import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEntry, findBrokenLink, GENESIS, type AuditEntry } from '../../../functions/core/audit.ts';

const chain = (n: number): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const prev = entries.at(-1)?.hash ?? GENESIS;
    entries.push(chainEntry({ at: `2026-11-23T0${i}:00:00.000Z`, actor: { kind: 'system', id: 'test' }, action: `Step${i}`, summary: `第${i}步` }, i, prev));
  }
  return entries;
};

describe('audit chain', () => {
  it('verifies an untouched chain', () => {
    expect(findBrokenLink(chain(4))).toBeUndefined();
  });

  it('finds the first entry whose content was edited', () => {
    const entries = chain(4);
    entries[1] = { ...entries[1]!, summary: '篡改' };
    expect(findBrokenLink(entries)).toBe(2);
  });

  it('never stamps an entry before the one it follows, and the chain still verifies', () => {
    const [first] = chain(1);
    const draft = { at: '2026-11-23T00:30:00.000Z', actor: { kind: 'system', id: 'test' }, action: 'Late', summary: '迟到' } as const;
    const next = chainEntry(draft, 2, first?.hash ?? '', first?.at);
    expect(next.at).toBe(first?.at);
    expect(findBrokenLink([first as AuditEntry, next])).toBeUndefined();
    expect(chainEntry({ ...draft, at: '2026-11-23T05:00:00.000Z' }, 2, first?.hash ?? '', first?.at).at).toBe('2026-11-23T05:00:00.000Z');
  });

  it('finds a deleted entry', () => {
    const entries = chain(4);
    entries.splice(2, 1);
    expect(findBrokenLink(entries)).toBe(4);
  });

  it('hashes independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":2,"y":1}]},"b":1}');
  });
});
