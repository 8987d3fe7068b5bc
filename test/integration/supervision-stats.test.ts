// GET /supervision/stats on the local stack: supervisors only, and the numbers of a known period.
//
// Other test files create cases all the time, so exact numbers come from a period in the past
// (June 2025) seeded directly in the case store with the same record builder the acceptance uses
// (adapters/supervision.ts), and nothing else writes there. A live case checks the acceptance
// really writes the record the statistics read.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialCalendar } from '../../functions/core/calendar.ts';
import { caseDeadlinesOf } from '../../functions/core/case-deadlines.ts';
import type { CaseStatus } from '../../functions/core/case-status.ts';
import { supervisionItemOf, type SupervisionRecord } from '../../functions/adapters/supervision.ts';
import { openDevIssuer } from '../../infra/local/dev-issuer.ts';
import { call, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface Stats {
  province: string;
  period: { from: string; to: string };
  filter?: Record<string, string>;
  cases: { accepted: number; finished: number; inFlight: number; failed: number };
  onTime: { finished: number; onTime: number; percent: number | null };
  workingDays: { averageUsed: number | null; averageCommitted: number | null };
  overdue: { count: number; truncated: boolean; cases: Array<{ caseNo: string; status: string; overdueWorkingDays: number; finished: boolean }> };
  reform3550: Array<{ category: string; cases: number; finished: number; withinLimit: number; percent: number | null }>;
  fullyOnline: { cases: number; percent: number | null };
  badRating: { percent: number | null };
}

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack().endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
afterAll(() => db.destroy());

const supervisorToken = async (): Promise<string> => (await openDevIssuer(stack().dataDir)).mint({ name: '省政务办监察员', role: 'supervisor' });

const stats = (query: string, token?: string) => call<Stats>('GET', `/supervision/stats?${query}`, token ? { token } : {});

// ------------------------------------------------------------------ a seeded month: June 2025
// 端午 31 May – 2 June 2025. Committed 3 working days (a 3550 business start-up).
// Accepted Tue 3 June 09:00: 4, 5, 6 June → due 6 June 24:00.

const run = Date.now().toString(36).toUpperCase().slice(-5).padStart(5, '0');
/** `99-20250603-SEED<run><n>`: ten characters after the date, as a case number has. */
const caseNo = (n: number) => `99-20250603-SEED${run}${n}`;

interface Seed {
  readonly n: number;
  readonly acceptedAt: string;
  readonly status: CaseStatus;
  readonly statusAt?: string;
  readonly itemCode?: string;
  readonly department?: string;
  readonly deliveryMethod?: 'online' | 'ems';
  readonly visits?: number;
}

const seeds: Seed[] = [
  // 2 working days (4, 5 June): on time, within 3550's 3.
  { n: 1, acceptedAt: '2025-06-03T09:00:00+08:00', status: 'completed', statusAt: '2025-06-05T10:00:00+08:00' },
  // 4, 5, 6, 9, 10 June: 5 working days, late by 2.
  { n: 2, acceptedAt: '2025-06-03T09:00:00+08:00', status: 'completed', statusAt: '2025-06-10T10:00:00+08:00' },
  // Never finished: overdue ever since.
  { n: 3, acceptedAt: '2025-06-03T09:00:00+08:00', status: 'in-approval' },
  // Another department and item, refused the next day, posted by EMS.
  { n: 4, acceptedAt: '2025-06-03T09:00:00+08:00', status: 'refused', statusAt: '2025-06-04T10:00:00+08:00', itemCode: 'OTHER-1', department: 'GAJ', deliveryMethod: 'ems' },
  // 00:10 on 1 June in Beijing is still 31 May in UTC: June's partition all the same. Finished the same day; needs a visit.
  { n: 5, acceptedAt: '2025-06-01T00:10:00+08:00', status: 'completed', statusAt: '2025-06-01T08:00:00+08:00', visits: 1 },
  // The last minute of June; due 3 July, never finished.
  { n: 6, acceptedAt: '2025-06-30T23:59:00+08:00', status: 'in-approval' },
  // Outside the period on either side.
  { n: 7, acceptedAt: '2025-05-31T23:30:00+08:00', status: 'completed', statusAt: '2025-06-03T10:00:00+08:00' },
  { n: 8, acceptedAt: '2025-07-01T00:00:00+08:00', status: 'completed', statusAt: '2025-07-02T10:00:00+08:00' },
];

const seed = async (s: Seed): Promise<void> => {
  const accepted = new Date(s.acceptedAt);
  const deadlines = caseDeadlinesOf(accepted, { statutoryDays: 20, committedDays: 3 }, officialCalendar);
  const record: SupervisionRecord = {
    caseNo: caseNo(s.n),
    province: '99',
    itemCode: s.itemCode ?? 'DEMO-001',
    subjectCode: s.itemCode ?? 'DEMO-001',
    departments: [s.department ?? 'SCJGJ'],
    leadDepartment: s.department ?? 'SCJGJ',
    acceptedAt: deadlines.acceptedAt,
    committedDue: deadlines.committed.due,
    committedLastDay: deadlines.committed.lastDay,
    committedDays: 3,
    statutoryDue: deadlines.statutory.due,
    statutoryDays: 20,
    deliveryMethod: s.deliveryMethod ?? 'online',
    visits: s.visits ?? 0,
  };
  // Without the due-date index keys: these cases have no real case behind them for a sweep to warn.
  const { gsi2pk: _a, gsi2sk: _b, ...item } = supervisionItemOf(record);
  await db.send(new PutCommand({ TableName: stack().names.table, Item: item }));
  await db.send(
    new PutCommand({
      TableName: stack().names.table,
      Item: { pk: `CASE#${record.caseNo}`, sk: 'META', caseNo: record.caseNo, status: s.status, updatedAt: new Date(s.statusAt ?? s.acceptedAt).toISOString() },
    }),
  );
};

let supervisor: string;
beforeAll(async () => {
  supervisor = await supervisorToken();
  await Promise.all(seeds.map(seed));
});

describe('who may read the statistics', () => {
  it('answers 401 without a token and 403 to an applicant or an agent', async () => {
    expect((await stats('from=2025-06-01&to=2025-06-30')).status).toBe(401);
    const applicant = await stats('from=2025-06-01&to=2025-06-30', await tokenFor(anApplicant()));
    expect(applicant.status).toBe(403);
    expect(applicant.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(applicant.body)).not.toContain('SEED');
    const agent = await stats('from=2025-06-01&to=2025-06-30', await tokenFor({ ...anApplicant(), role: 'agent' }));
    expect(agent.status).toBe(403);
  });

  it('answers a supervisor', async () => {
    expect((await stats('from=2025-06-01&to=2025-06-30', supervisor)).status).toBe(200);
  });

  it('refuses a period it cannot answer, naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['from=2025-06-30&to=2025-06-01', 'query.to'],
      ['from=2025-01-01&to=2026-01-02', 'query.to'],
      ['to=2025-06-30', 'query.from'],
      ['from=2025-02-30&to=2025-03-01', 'query.from'],
      ['from=2025-06-01&to=2025-06-30&department=scjgj', 'query.department'],
      ['from=2025-06-01&to=2025-06-30&caseNo=1', 'query.caseNo'],
    ];
    for (const [query, field] of cases) {
      const res = await stats(query, supervisor);
      expect(res.status, query).toBe(400);
      expect((res.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field), query).toContain(field);
    }
  });
});

describe('the statistics of a period', () => {
  it('counts the cases accepted in the period (Beijing dates), on time, late and in flight', async () => {
    const res = await stats('from=2025-06-01&to=2025-06-30', supervisor);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({ province: '99', period: { from: '2025-06-01', to: '2025-06-30' } });
    expect(body.cases).toEqual({ accepted: 6, finished: 4, inFlight: 2, failed: 0 });
    // On time: 1, 4 and 5; case 2 finished after 6 June 24:00.
    expect(body.onTime).toEqual({ finished: 4, onTime: 3, percent: 75 });
    // Working days used 2, 5, 1 and 0; every limit 3.
    expect(body.workingDays).toEqual({ averageUsed: 2, averageCommitted: 3 });
    expect(body.overdue.count).toBe(3);
    expect(body.overdue.cases.map((c) => c.caseNo)).toEqual([caseNo(3), caseNo(6), caseNo(2)]);
    expect(body.overdue.cases[2]).toMatchObject({ status: 'completed', overdueWorkingDays: 2, finished: true });
    expect(body.overdue.cases[0]).toMatchObject({ status: 'in-approval', finished: false });
    // The demo item stands for business start-up (infra/provinces/reform-3550.ts): within 3 days were 1 (2) and 5 (0) of 1, 2, 5.
    expect(body.reform3550.find((r) => r.category === 'business-start-up')).toEqual({
      category: 'business-start-up',
      name: '企业开办',
      limitDays: 3,
      cases: 5,
      finished: 3,
      withinLimit: 2,
      percent: 66.7,
    });
    // Online with no visit: 1, 2, 3 and 6 of six.
    expect(body.fullyOnline).toEqual({ cases: 4, percent: 66.7 });
    expect(body.badRating).toEqual({ percent: null });
  });

  it('filters by department, by item, and by a one-day period', async () => {
    const gaj = (await stats('from=2025-06-01&to=2025-06-30&department=GAJ', supervisor)).body;
    expect(gaj.filter).toEqual({ department: 'GAJ' });
    expect(gaj.cases).toEqual({ accepted: 1, finished: 1, inFlight: 0, failed: 0 });
    expect(gaj.onTime.percent).toBe(100);
    expect(gaj.fullyOnline).toEqual({ cases: 0, percent: 0 });

    const demo = (await stats('from=2025-06-01&to=2025-06-30&item=DEMO-001', supervisor)).body;
    expect(demo.cases.accepted).toBe(5);

    const firstDay = (await stats('from=2025-06-01&to=2025-06-01', supervisor)).body;
    expect(firstDay.cases).toEqual({ accepted: 1, finished: 1, inFlight: 0, failed: 0 });
    expect(firstDay.workingDays.averageUsed).toBe(0);
  });

  it('answers an empty period with nulls, not zeros', async () => {
    const body = (await stats('from=2024-02-01&to=2024-02-29', supervisor)).body;
    expect(body.cases.accepted).toBe(0);
    expect(body.onTime.percent).toBeNull();
    expect(body.workingDays.averageUsed).toBeNull();
  });

  it('counts a case accepted today, from the record its acceptance wrote', async () => {
    const token = await tokenFor(anApplicant());
    const applicationId = await createDraft(token);
    await upload(token, applicationId, 'ID-COPY', samplePdf('stats'));
    expect(await waitSettled(token, applicationId, 'ID-COPY')).toBe('verified');
    const { caseNo: live } = (await submit(token, applicationId)).body;
    await waitForStatus(token, live, ['in-approval']);

    const { Item } = await db.send(new GetCommand({ TableName: stack().names.table, Key: { pk: `CASE#${live}`, sk: 'SUPERVISION' } }));
    const view = (await call<{ deadlines: { acceptedAt: string; committedDue: string } }>('GET', `/cases/${live}`, { token })).body;
    expect(Item).toMatchObject({
      caseNo: live,
      subjectCode: 'DEMO-001',
      leadDepartment: 'SCJGJ',
      acceptedAt: view.deadlines.acceptedAt,
      committedDue: view.deadlines.committedDue,
      committedDays: 5,
      deliveryMethod: 'online',
      visits: 0,
      gsi2pk: 'CASEDUE#99',
    });
    const today = view.deadlines.acceptedAt; // Beijing date of the acceptance, below
    const date = new Date(Date.parse(today) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(Item?.gsi3pk).toBe(`ACCEPTED#99#${date.slice(0, 7)}`);
    const body = (await stats(`from=${date}&to=${date}&item=DEMO-001`, supervisor)).body;
    expect(body.cases.accepted).toBeGreaterThanOrEqual(1);
    expect(body.cases.inFlight).toBeGreaterThanOrEqual(1);
  });
});
