// Acceptance (受理) and refusal to accept (不予受理) of a case, written by PreReview only, in one
// transaction each: the case, its audit entry and what goes with it.
// On acceptance the case gets its statutory and committed deadlines (行政许可法 Art. 32/42: the
// limits run from acceptance), its supervision record (adapters/supervision.ts) and, for a 容缺
// acceptance, the promised date by which the missing materials are owed (a wait the sweep watches).
import { acceptanceSummary, caseDeadlinesOf, type CaseDeadlines } from '#core/case-deadlines.ts';
import type { CaseRecord } from '#core/case.ts';
import { dueAfter } from '#core/correction.ts';
import type { Requirement } from '#core/guide.ts';
import type { PreReviewVerdict } from '#core/pre-review.ts';
import { checkpointIfClosed } from '#adapters/audit-archive.ts';
import { transitionCase, type Transition } from '#adapters/case-store.ts';
import { putWaitItem } from '#adapters/case-waits.ts';
import { deadlineCalendar } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { putSupervisionItem, type SupervisionRecord } from '#adapters/supervision.ts';
import { closeWorkItemItem, getWorkItem } from '#adapters/work-items.ts';

const actor = { kind: 'system', id: 'PreReview' } as const;

const modeLine = { automatic: '', officer: '（窗口受理）', deemed: '（受理期限内未作决定，依行政许可法第三十二条视为受理）' } as const;

export const acceptCase = async (
  current: CaseRecord,
  requirement: Requirement,
  how: {
    readonly mode: 'automatic' | 'officer' | 'deemed';
    readonly by?: string;
    readonly at: Date;
    /** The automatic verdict; absent when an awaiting case is accepted (its findings are on the case). */
    readonly verdict?: Extract<PreReviewVerdict, { outcome: 'complete' | 'accept-with-deficiency' }>;
  },
): Promise<CaseRecord> => {
  const at = how.at.toISOString();
  const deadlines = caseDeadlinesOf(how.at, requirement, deadlineCalendar());
  const deficiencies = how.verdict ? (how.verdict.outcome === 'accept-with-deficiency' ? how.verdict.deficiencies : []) : (current.deficiencies ?? []);
  const deficiencyDays = Math.min(...requirement.items.map((item) => item.deficiencyDays));
  const promise = deficiencies.length ? dueAfter(how.at, deficiencyDays, '容缺材料补齐期限', deadlineCalendar()) : undefined;
  // Deemed: the window's acceptance item is closed with the case (its token is answered already).
  const acceptanceItem = how.mode === 'deemed' ? await openAcceptanceItem(current) : undefined;
  let acceptedNow = false;
  const next = await transitionCase(current.caseNo, (c) => {
    if (!(acceptedNow = c.status === 'submitted' || c.status === 'awaiting-acceptance')) return undefined;
    const transition: Transition = {
      to: 'accepted',
      set: {
        deadlines,
        acceptance: { mode: how.mode, at, ...(how.by ? { by: how.by } : {}) },
        ...(how.verdict ? { satisfiedBy: how.verdict.satisfiedBy } : {}),
        ...(promise ? { deficiencies, deficiencyPromise: promise } : {}),
      },
      audit: {
        at,
        actor: how.mode === 'officer' && how.by ? { kind: 'department', id: how.by } : actor,
        action: 'CaseAccepted',
        summary:
          acceptanceSummary(deadlines) +
          modeLine[how.mode] +
          (promise ? `；容缺受理，${deficiencies.map((d) => d.name).join('、')}须于 ${promise.lastDay} 前补齐，补齐前不发证` : '') +
          commitmentLine(c, how.verdict?.satisfiedBy),
        from: c.status,
        to: 'accepted',
        data: {
          mode: how.mode,
          deadlines: auditDeadlines(deadlines),
          ...(promise ? { deficiencies: deficiencies.map((d) => d.materialCode ?? d.field), promisedBy: promise.due } : {}),
        },
      },
      also: [
        putSupervisionItem(supervisionRecordOf(c, requirement, deadlines)),
        ...(promise ? [putWaitItem({ caseNo: c.caseNo, province: c.province, kind: 'deficiencies', due: promise.due, openedAt: at })] : []),
        ...(acceptanceItem ? [closeWorkItemItem(acceptanceItem, at)] : []),
      ],
    };
    return transition;
  });
  if (acceptedNow) {
    await publish('CaseAccepted', {
      caseNo: next.caseNo,
      province: next.province,
      at,
      departments: [...next.departments],
      mode: how.mode,
      ...(promise
        ? { deficiencies: deficiencies.map((d) => ({ materialCode: d.materialCode ?? d.field ?? '', name: d.name })), promisedBy: promise.due }
        : {}),
    });
  }
  return next;
};

export const notAcceptCase = async (
  current: CaseRecord,
  why: { readonly reason: string; readonly legalBasis: string; readonly by: string; readonly at: Date },
): Promise<CaseRecord> => {
  const at = why.at.toISOString();
  const officer = why.by !== 'PreReview';
  let refusedNow = false;
  const next = await transitionCase(current.caseNo, (c) =>
    !(refusedNow = c.status === 'submitted' || c.status === 'awaiting-acceptance')
      ? undefined
      : {
          to: 'not-accepted',
          set: { notAcceptedReason: { reason: why.reason, legalBasis: why.legalBasis, by: why.by } },
          audit: {
            at,
            actor: officer ? { kind: 'department', id: why.by } : actor,
            action: 'CaseNotAccepted',
            summary: `不予受理：${why.reason}（${why.legalBasis}）`,
            from: c.status,
            to: 'not-accepted',
          },
        },
  );
  if (refusedNow) {
    const department = officer ? why.by : (next.departments[0] ?? '');
    await publish('CaseRefused', { caseNo: next.caseNo, province: next.province, at, phase: 'acceptance', reasons: [{ department, reason: why.reason, legalBasis: why.legalBasis }] });
  }
  await checkpointIfClosed(next);
  return next;
};

const openAcceptanceItem = async (c: CaseRecord) => {
  for (const department of receivingDepartments(c)) {
    const item = await getWorkItem(c.caseNo, department, 'acceptance');
    if (item?.status === 'open') return item;
  }
  return undefined;
};

/** The receiving window: the lead item's first department. */
export const receivingDepartments = (c: Pick<CaseRecord, 'departments' | 'requirement'>): string[] => {
  const lead = c.requirement?.items.find((item) => item.code === c.requirement?.leadItem)?.departments[0];
  return [...new Set([...(lead ? [lead] : []), ...c.departments.slice(0, 1)])];
};

/** 告知承诺制: the timeline says which proofs a signed commitment replaced. */
const commitmentLine = (c: CaseRecord, satisfiedBy: CaseRecord['satisfiedBy'] = c.satisfiedBy): string => {
  const committed = Object.entries(satisfiedBy ?? {}).filter(([, s]) => s.by === 'commitment').map(([code]) => code);
  return committed.length ? `；以告知承诺代替：${committed.join('、')}` : '';
};

/** What the acceptance's audit entry keeps of each deadline: the limit, the due date and why. */
const auditDeadlines = (d: CaseDeadlines) =>
  Object.fromEntries(
    (['statutory', 'committed'] as const).map((kind) => {
      const { limitDays, basis, due, lastDay, provisionalYears, explanation } = d[kind];
      return [kind, { limitDays, basis, due, lastDay, ...(provisionalYears.length ? { provisionalYears } : {}), explanation }];
    }),
  );

const supervisionRecordOf = (c: CaseRecord, requirement: Requirement, deadlines: CaseDeadlines): SupervisionRecord => ({
  caseNo: c.caseNo,
  province: c.province,
  itemCode: c.itemCode,
  subjectCode: requirement.subject.code,
  departments: [...requirement.departments],
  leadDepartment: requirement.items.find((item) => item.code === requirement.leadItem)?.departments[0] ?? requirement.departments[0] ?? c.departments[0] ?? '',
  acceptedAt: deadlines.acceptedAt,
  committedDue: deadlines.committed.due,
  committedLastDay: deadlines.committed.lastDay,
  committedDays: deadlines.committed.limitDays,
  statutoryDue: deadlines.statutory.due,
  statutoryDays: deadlines.statutory.limitDays,
  // No delivery choice: the result is the e-licence or notice online.
  deliveryMethod: c.delivery?.method ?? 'online',
  visits: requirement.visits,
});
