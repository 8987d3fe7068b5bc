import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleReason } from '../../../infra/local/console-build.ts';

describe('when npm start builds the console', () => {
  let root: string;
  const touch = async (file: string, at: number) => {
    await mkdir(join(root, file, '..'), { recursive: true });
    await writeFile(join(root, file), 'x');
    await utimes(join(root, file), at, at);
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'nma-build-'));
    for (const file of ['console/src/main.ts', 'console/vite.config.ts', 'statemachines/case.asl.json', 'infra/routes.ts', 'package-lock.json']) await touch(file, 1_000);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('builds when console/dist is missing', async () => {
    expect(await staleReason(root)).toBe('console/dist is missing');
  });

  it('does not build when the build is newer than every source', async () => {
    await touch('console/dist/index.html', 2_000);
    expect(await staleReason(root)).toBeUndefined();
  });

  it('builds when a console source or the workflow it draws changed since', async () => {
    await touch('console/dist/index.html', 2_000);
    await touch('console/src/views/desk.vue', 3_000);
    expect(await staleReason(root)).toBe('console/src/views/desk.vue changed since the last build');
    await touch('console/dist/index.html', 4_000);
    await touch('statemachines/case.asl.json', 5_000);
    expect(await staleReason(root)).toBe('statemachines/case.asl.json changed since the last build');
  });
});
