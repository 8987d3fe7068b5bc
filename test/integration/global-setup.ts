// Starts the local province stack once for the whole test run and hands its coordinates to tests.
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProvidedContext } from 'vitest';
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
      names: { table: string; bucket: string; auditBucket: string; eventBus: string; stateMachineArn: string };
      departmentKeys: Record<string, string>;
      /** The local department simulator every department's webhook points at. */
      departmentSimulator: string;
      /** PUSH_ATTEMPTS of this stack's pushWorkItem. */
      pushAttempts: number;
    };
  }
}

type StackContext = ProvidedContext['stack'];
interface SharedStack {
  readonly context: StackContext;
  readonly stop: () => Promise<void>;
  users: number;
}

// The integration and browser projects both name this setup, and vitest runs both in its one main
// process: they share ONE stack. Two would fight over this process's environment (handlers read
// their table, endpoints and PUBLIC_BASE_URL from it), and one project's cases would land in the
// other's stack.
const shared = globalThis as typeof globalThis & { nmaTestStack?: Promise<SharedStack> };

const startShared = async (): Promise<SharedStack> => {
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
  return {
    context: {
      apiUrl: stack.apiUrl,
      dataDir,
      eventLog,
      endpoints: { ...stack.endpoints },
      names: { ...stack.names },
      departmentKeys: { ...stack.departmentKeys },
      departmentSimulator: stack.departmentSimulator.url,
      pushAttempts: push.attempts,
    },
    stop: async () => {
      await stack.events.drain();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
      if (violations.length) throw new Error(`${violations.length} published events break their contracts:\n${violations.join('\n')}`);
    },
    users: 0,
  };
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await (shared.nmaTestStack ??= startShared());
  stack.users += 1;
  project.provide('stack', stack.context);
  return async () => {
    stack.users -= 1;
    if (stack.users > 0) return;
    delete shared.nmaTestStack;
    await stack.stop();
  };
}
