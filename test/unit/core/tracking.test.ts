import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS, type AuditDraft, type AuditEntry } from '../../../functions/core/audit.ts';
import { newTrackingKey, trackingKeyMatches, trackingKeyPattern, trackingUrl, trackingView } from '../../../functions/core/tracking.ts';

const chain = (drafts: AuditDraft[]): AuditEntry[] =>
  drafts.reduce<AuditEntry[]>((entries, draft, i) => [...entries, chainEntry(draft, i + 1, entries.at(-1)?.hash ?? GENESIS)], []);

describe('tracking', () => {
  it('makes 12-character keys that only match themselves', () => {
    const key = newTrackingKey();
    expect(key).toMatch(trackingKeyPattern);
    expect(trackingKeyMatches(key, key)).toBe(true);
    expect(trackingKeyMatches(key, newTrackingKey())).toBe(false);
    expect(trackingKeyMatches(key, undefined)).toBe(false);
    expect(trackingKeyMatches(undefined, key)).toBe(false);
  });

  it('links to the console page under the public base URL', () => {
    expect(trackingUrl('https://gov.example.cn/', '99-20261123-ABCDEFGHJK', 'ABCDEFGHJKMN')).toBe('https://gov.example.cn/#/track/99-20261123-ABCDEFGHJK/ABCDEFGHJKMN');
  });

  it("tells the timeline in the platform's words, never the recorded summaries or free text", () => {
    const at = '2026-11-23T01:00:00.000Z';
    const audit = chain([
      { at, actor: { kind: 'agent', id: 'agent-sub' }, action: 'CaseSubmitted', summary: '帮办人员 李四 代 张三 提交了“示范许可事项”的申请' },
      { at, actor: { kind: 'system', id: 'OpenWorkItem' }, action: 'WorkItemOpened', summary: '已推送至 SCJGJ 审批', data: { department: 'SCJGJ' } },
      { at, actor: { kind: 'officer', id: 'officer-sub', department: 'SCJGJ' }, action: 'DepartmentDecided', summary: 'SCJGJ 不予许可：张三 的场所在北京东路41号', data: { workItemId: '99-20261123-ABCDEFGHJK~SCJGJ', decision: 'refuse' } },
      { at, actor: { kind: 'system', id: 'SuperviseDeadlines' }, action: 'DeadlineWarning', summary: '黄牌' },
    ]);
    const view = trackingView({ caseNo: '99-20261123-ABCDEFGHJK', status: 'refused', submittedAt: at, itemNames: ['示范许可事项'] }, audit, undefined, (code) => (code === 'SCJGJ' ? '市场监管局' : code));
    expect(view.timeline).toEqual([
      { at, action: 'CaseSubmitted', summary: '申请已提交' },
      { at, action: 'WorkItemOpened', summary: '市场监管局 开始审批' },
      { at, action: 'DepartmentDecided', summary: '市场监管局 不予许可' },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/张三|李四|北京东路|agent-sub|officer-sub/);
    expect(view.phase).toBe('OpenWorkItem');
  });
});
