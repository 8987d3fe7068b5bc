// `npm start` as a separate process, for tests that need a stack of their own (a restart, a moved
// clock, a custom DATA_DIR): the shared test stack must never be killed or have its clock moved.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

export interface StackProcess {
  readonly child: ChildProcess;
  readonly api: string;
  readonly output: () => string;
  /** Ctrl-C, and wait until it has stopped. */
  readonly stop: () => Promise<void>;
}

const isFree = (port: number): Promise<boolean> =>
  new Promise((resolveFree) => {
    const probe = createServer();
    probe.once('error', () => resolveFree(false));
    // All interfaces, as DynamoDB Local binds its port.
    probe.listen(port, () => probe.close(() => resolveFree(true)));
  });

/**
 * A base port whose block (PORT..PORT+6, as `npm start` takes them) is free right now, picked at
 * random so test runs in parallel do not collide: what a fixed `PORT=` is in a test.
 */
export const freePortBlock = async (size = 7): Promise<number> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const ports = Array.from({ length: size }, (_, i) => base + i);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
  throw new Error(`no free block of ${size} ports found`);
};

/** Starts `npm start`'s entry point; resolves with the API URL once it is ready. */
export const startStackProcess = (env: { PORT: string; DATA_DIR: string } & Record<string, string>): Promise<StackProcess> =>
  new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(root, 'infra/local/main.ts')], {
      // CONSOLE_BUILD=skip: these tests are about the stack; the browser tests build the console.
      env: { ...process.env, LOG_LEVEL: 'warn', CONSOLE_BUILD: 'skip', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const timer = setTimeout(() => reject(new Error(`local stack did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const api = /API \(HTTP gateway\)\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && output.includes('Ctrl-C to stop')) {
        clearTimeout(timer);
        const stop = async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
          await exited;
        };
        resolveStart({ child, api, output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code}:\n${output}`));
    });
  });
