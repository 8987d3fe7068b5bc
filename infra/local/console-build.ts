// `npm start` builds the console (console/ → console/dist, Vite) when the build is missing or older
// than anything it is built from, so `npm ci && npm start` needs no manual step (issue #16). The
// stack starts either way: a failed build is reported and the API still serves.
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface ConsoleBuildOptions {
  /** The repository root. */
  readonly root: string;
  readonly log: (line: string) => void;
}

/** What the bundle is built from besides console/ itself: Vite imports the workflow definition and the route table. */
const EXTRA_SOURCES = ['statemachines/case.asl.json', 'infra/routes.ts', 'package-lock.json'];

const newestIn = async (dir: string, skip: ReadonlySet<string>): Promise<{ file: string; mtimeMs: number } | undefined> => {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? await newestIn(path, skip) : { file: path, mtimeMs: (await stat(path)).mtimeMs };
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
};

/** Why the console needs building, or undefined when console/dist is newer than all its sources. */
export const staleReason = async (root: string): Promise<string | undefined> => {
  const built = await stat(join(root, 'console', 'dist', 'index.html')).catch(() => undefined);
  if (!built) return 'console/dist is missing';
  const newest = await newestIn(join(root, 'console'), new Set(['dist', 'node_modules']));
  const extras = await Promise.all(EXTRA_SOURCES.map(async (file) => ({ file: join(root, file), mtimeMs: (await stat(join(root, file))).mtimeMs })));
  const source = [newest, ...extras].filter((s) => s !== undefined).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  return source.mtimeMs > built.mtimeMs ? `${relative(root, source.file)} changed since the last build` : undefined;
};

/** Builds the console if needed; true when console/dist is usable afterwards. */
export const buildConsoleIfNeeded = async ({ root, log }: ConsoleBuildOptions): Promise<boolean> => {
  const reason = await staleReason(root);
  if (!reason) return true;
  log(`Building the console (${reason})…`);
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'console', 'vite.config.ts')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    log(`The console build failed (exit ${code}); the API runs without it. Vite said:\n${output.join('')}`);
    return false;
  }
  log(`Console built into console/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
};
