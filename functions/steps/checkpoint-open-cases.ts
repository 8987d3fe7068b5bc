// Hourly audit checkpoints (issue #18 part 1) of the cases still in flight, so a rewrite of an open
// case's trail is caught without waiting for it to close. The cases come from the supervision
// index of in-flight cases (CASEDUE#<province>, adapters/supervision.ts), never a scan; a case not
// yet accepted has no supervision record and is checkpointed when it closes. A case whose head has
// not moved since its last checkpoint costs a list and no write (adapters/audit-archive.ts).
import { province } from '#adapters/catalogue.ts';
import { checkpointCase } from '#adapters/audit-archive.ts';
import { clock } from '#adapters/clock.ts';
import { listCasesDueBy } from '#adapters/supervision.ts';
import { log } from '#middleware/logger.ts';

const END_OF_TIME = new Date('9999-12-31T00:00:00.000Z');

export const checkpointOpenCases = async (at: Date): Promise<{ cases: number; checkpointed: number }> => {
  const records = await listCasesDueBy(province().code, END_OF_TIME);
  let checkpointed = 0;
  for (const { caseNo } of records) {
    if (await checkpointCase(caseNo, at.toISOString())) checkpointed++;
  }
  return { cases: records.length, checkpointed };
};

export const handler = async (): Promise<{ cases: number; checkpointed: number }> => {
  const report = await checkpointOpenCases(clock.now());
  log.info('audit checkpoints of cases in flight', report);
  return report;
};
