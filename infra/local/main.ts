// `npm start`: the local province stack in the foreground. Ctrl-C stops it cleanly; data stays.
//   PORT      gateway port (default 3000; DynamoDB, S3, Step Functions, EventBridge and the department
//             simulator take the next five)
//   PROVINCE  province division code (default 99, the demo province)
//   DATA_DIR  where data lives (default .local/data)
//   CONSOLE_BUILD=skip  start without building the console when it is missing or stale (tests that
//             restart the stack); by default it is built first (infra/local/console-build.ts)
import { resolve } from 'node:path';
import { buildConsoleIfNeeded } from './console-build.ts';
import { recordRunningStack } from './running-stack.ts';
import { startLocalStack } from './stack.ts';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_530) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}

const started = Date.now();
if (process.env.CONSOLE_BUILD !== 'skip') await buildConsoleIfNeeded({ root: resolve(import.meta.dirname, '../..'), log: (line) => console.log(`  ${line}`) });
const stack = await startLocalStack({
  port,
  ...(process.env.PROVINCE ? { province: process.env.PROVINCE } : {}),
  ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
  log: (line) => console.log(`  ${line}`),
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// `npm run token` finds this stack's data dir (and so its dev issuer) by the port.
const forget = port === 0 ? () => Promise.resolve() : await recordRunningStack(port, stack.dataDir);

const { province, endpoints, names } = stack;
console.log(`
No-meeting approval — local stack of ${province.name} (${province.code}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Console              ${stack.apiUrl}/   (sign in with the dev issuer: applicant, agent, officer or supervisor)
  API (HTTP gateway)   ${stack.apiUrl}
  DynamoDB Local       ${endpoints.dynamodb}   table ${names.table}
  S3                   ${endpoints.s3}   bucket ${names.bucket}
  Step Functions       ${endpoints.stepFunctions}   ${names.stateMachineArn}
  EventBridge          ${endpoints.eventBridge}   bus ${names.eventBus}
  Live event log       ${endpoints.eventBridge}/_events   recent events (?limit=&since=&detailType=)
  Department simulator ${stack.departmentSimulator.url}   receives every department's pushed work items (GET /_pushes)
  EMS simulator        ${stack.courierSimulator.endpoint}   China Post's API for pickups and deliveries (controls: ${stack.departmentSimulator.url}/_courier/*)
  Data                 ${stack.dataDir}

  Applicant token:     ${port === 3000 ? '' : `PORT=${port} `}npm run -s token -- --resident-id <id> --name <name>
  Officer token:       ${port === 3000 ? '' : `PORT=${port} `}npm run -s token -- --officer --department <code> --name <name>
  Department keys:     ${stack.dataDir}/department-keys.json
  AWS CLI:             aws --endpoint-url ${endpoints.dynamodb} dynamodb scan --table-name ${names.table}
                       (any credentials, e.g. AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${province.region})

Ctrl-C to stop; data is kept for the next start.
`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  Promise.all([stack.stop(), forget()])
    .then(() => {
      console.log('stopped.');
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
