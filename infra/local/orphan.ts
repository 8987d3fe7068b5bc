// After `npm start` is killed hard (SIGKILL, a crashed terminal), its JVM child keeps running and
// holds the port and the database files. A pid file next to the data lets the next start find it
// and end it, instead of failing with "port in use" or corrupting a database two JVMs share.
import { readFile, rm, writeFile } from 'node:fs/promises';

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Kills the process named in `pidFile` if it is still alive and its command line contains `marker`. */
export const reapOrphan = async (pidFile: string, marker: string): Promise<number | undefined> => {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return undefined;
  // Only ours: a recycled pid now belonging to something else is left alone.
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.replaceAll('\0', ' ').includes(marker)) return undefined;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  await rm(pidFile, { force: true });
  return pid;
};

export const writePidFile = (pidFile: string, pid: number | undefined): Promise<void> =>
  pid === undefined ? Promise.resolve() : writeFile(pidFile, `${pid}\n`);

export const removePidFile = (pidFile: string): Promise<void> => rm(pidFile, { force: true });
