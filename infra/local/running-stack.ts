// Which data dir the `npm start` on a port serves, recorded in a well-known file under .local/, so
// `npm run token` in another terminal signs with that stack's dev issuer even when it was started
// with a DATA_DIR of its own (a token from another data dir's key gets 401).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isAlive } from './orphan.ts';

const recordsDir = resolve(import.meta.dirname, '..', '..', '.local', 'running');
const recordOf = (port: number): string => join(recordsDir, `${port}.json`);

interface RunningStack {
  readonly pid: number;
  readonly dataDir: string;
}

/** Records this process as the stack on `port`; the returned function removes the record again. */
export const recordRunningStack = async (port: number, dataDir: string): Promise<() => Promise<void>> => {
  await mkdir(recordsDir, { recursive: true });
  const record: RunningStack = { pid: process.pid, dataDir };
  await writeFile(recordOf(port), `${JSON.stringify(record)}\n`);
  return async () => {
    // Only our own record: a later start on the same port has replaced it.
    if ((await readRecord(port))?.pid === process.pid) await rm(recordOf(port), { force: true });
  };
};

const readRecord = async (port: number): Promise<RunningStack | undefined> => {
  try {
    return JSON.parse(await readFile(recordOf(port), 'utf8')) as RunningStack;
  } catch {
    return undefined;
  }
};

/** The data dir of the stack running on `port`, if one is (a record left by a killed start is ignored). */
export const runningStackDataDir = async (port: number): Promise<string | undefined> => {
  const record = await readRecord(port);
  return record && Number.isInteger(record.pid) && isAlive(record.pid) && typeof record.dataDir === 'string' ? record.dataDir : undefined;
};
