// Starts the local province stack once for the whole test run and hands its coordinates to tests.
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { contractViolation } from '../../events/conformance.ts';
import { startLocalStack } from '../../infra/local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      apiUrl: string;
      dataDir: string;
      eventLog: string;
      endpoints: { dynamodb: string; s3: string; stepFunctions: string; eventBridge: string };
      names: { table: string; bucket: string; eventBus: string; stateMachineArn: string };
      departmentKeys: Record<string, string>;
      /** The local department simulator every department's webhook points at. */
      departmentSimulator: string;
      /** PUSH_ATTEMPTS of this stack's pushWorkItem. */
      pushAttempts: number;
    };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.LOG_LEVEL ??= 'warn';
  const dataDir = await mkdtemp(join(tmpdir(), 'nma-test-'));
  // Pushes: few tries, short backoff, so the undelivered path takes well under a second.
  const push = { attempts: 4, backoffMs: 20, quiet: true };
  const stack = await startLocalStack({ port: 0, inMemory: true, dataDir, push, log: (line) => console.log(`[local stack] ${line}`) });
  const eventLog = join(dataDir, 'events.jsonl');
  // Every published event lands in a JSONL file, so tests (in other processes) can check contracts.
  // Each is checked against its contract too: the run fails at the end on any violation.
  const violations: string[] = [];
  stack.events.subscribe({}, (event) => {
    const violation = contractViolation(event);
    if (violation) violations.push(`${event.id}: ${violation}`);
    return appendFile(eventLog, `${JSON.stringify(event)}\n`);
  });
  project.provide('stack', {
    apiUrl: stack.apiUrl,
    dataDir,
    eventLog,
    endpoints: { ...stack.endpoints },
    names: { ...stack.names },
    departmentKeys: { ...stack.departmentKeys },
    departmentSimulator: stack.departmentSimulator.url,
    pushAttempts: push.attempts,
  });
  return async () => {
    await stack.events.drain();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
    if (violations.length) throw new Error(`${violations.length} published events break their contracts:\n${violations.join('\n')}`);
  };
}
