// Module init time of a bundle: a fresh Node process (the project's Node 24, as the runtime) imports
// it and reports how long the import took, which is the part of a cold start the code controls
// (Lambda's own start of the runtime comes before it). Run several times; the median is reported.
// The environment is a Lambda's: region, credentials and the handler configuration, and
// NODE_OPTIONS=--enable-source-maps as infra/constructs/handler-function.ts sets it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from './stats.ts';

const run = promisify(execFile);

const SCRIPT = `
const started = performance.now();
await import(process.env.BENCH_BUNDLE);
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
`;

const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  PROVINCE: '99',
  TABLE_NAME: 'nma-99-cases',
  BUCKET_NAME: 'nma-99-documents',
  EVENT_BUS_NAME: 'nma-99-events',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:nma-99-case',
  DEPARTMENT_KEYS: 'secretsmanager:nma/99/departments/',
  LOG_LEVEL: 'warn',
};

export const initTimeMs = async (bundleFile: string, runs: number, options: { sourceMaps: boolean }): Promise<{ median: number; samples: number[] }> => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV, BENCH_BUNDLE: bundleFile, ...(options.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}) },
      timeout: 30_000,
    });
    samples.push((JSON.parse(stdout) as { ms: number }).ms);
  }
  return { median: median(samples), samples };
};
