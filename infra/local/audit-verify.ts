// `npm run audit:verify -- <caseNo>` or `-- --all`: verifies cases' audit trails on the local stack
// running on PORT (default 3000, as npm start) through GET /cases/{caseNo}/audit, as a supervisor:
// the table's entries against the signed checkpoints and exported trail in the audit archive
// (core/audit-checkpoint.ts). --all lists every case of the local table (a scan: one small local
// table) and prints progress. Exit code 1 when a case is broken, naming its first broken entry.
import { join, resolve } from 'node:path';
import { ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AuditVerification } from '../../functions/core/audit-checkpoint.ts';
import { dynamoDbClient } from './clients.ts';
import { openDevIssuer } from './dev-issuer.ts';
import { runningStackDataDir } from './running-stack.ts';

const args = process.argv.slice(2);
const all = args.includes('--all');
const one = args.find((a) => !a.startsWith('--'));
if (all === (one !== undefined)) {
  console.error('usage: npm run audit:verify -- <caseNo> | --all');
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR || ((await runningStackDataDir(port)) ?? join(import.meta.dirname, '..', '..', '.local', 'data')));
const token = await (await openDevIssuer(dataDir)).mint({ name: 'audit:verify', role: 'supervisor' });
const api = `http://127.0.0.1:${port}`;

const allCases = async (): Promise<string[]> => {
  // The local stack's DynamoDB Local listens on PORT+1 (infra/local/stack.ts); its table name is the province's.
  const db = dynamoDbClient(`http://127.0.0.1:${port + 1}`);
  const { TableNames = [] } = await db.send(new ListTablesCommand({}));
  const found: string[] = [];
  for (const table of TableNames.filter((t) => t.endsWith('-cases'))) {
    let start: Record<string, never> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: 'sk = :meta AND begins_with(pk, :case)',
          ExpressionAttributeValues: { ':meta': { S: 'META' }, ':case': { S: 'CASE#' } },
          ProjectionExpression: 'caseNo',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) if (item.caseNo?.S) found.push(item.caseNo.S);
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
  }
  return found.sort();
};

const caseNos = all ? await allCases() : [one as string];
let broken = 0;
for (const [i, caseNo] of caseNos.entries()) {
  const res = await fetch(`${api}/cases/${encodeURIComponent(caseNo)}/audit`, { headers: { authorization: `Bearer ${token}` } });
  const progress = all ? `[${i + 1}/${caseNos.length}] ` : '';
  if (!res.ok) {
    broken++;
    process.stdout.write(`${`${progress}${caseNo}: HTTP ${res.status} ${await res.text()}`}\n`);
    continue;
  }
  const { verification: v } = (await res.json()) as { verification: AuditVerification };
  if (v.intact) process.stdout.write(`${`${progress}${caseNo}: intact (${v.entries} entries, ${v.checkpoints} checkpoints, signed up to seq ${v.checkpointedSeq})`}\n`);
  else {
    broken++;
    process.stdout.write(`${`${progress}${caseNo}: BROKEN at seq ${v.firstBroken?.seq}: ${v.firstBroken?.kind} (${v.firstBroken?.detail})`}\n`);
  }
}
if (all) process.stdout.write(`${`${caseNos.length} cases, ${broken} broken`}\n`);
process.exit(broken > 0 ? 1 : 0);
