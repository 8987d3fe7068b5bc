// Every ASL file passes asl-validator (the CLI, as CI would run it) once its ${Substitutions} are
// filled the way CDK fills them, in both partitions.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { arnSubstitution, functionSpecs, type FunctionName } from '../../infra/functions.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const files = (await readdir(join(root, 'statemachines'))).filter((f) => f.endsWith('.asl.json'));

const substituted = (text: string, partition: string): string => {
  const values: Record<string, string> = {
    Partition: partition,
    ...Object.fromEntries(
      (Object.keys(functionSpecs) as FunctionName[]).map((n) => [arnSubstitution(n), `arn:${partition}:lambda:cn-north-1:123456789012:function:${n}`]),
    ),
  };
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
};

describe.each(files)('%s', (file) => {
  it.each(['aws', 'aws-cn'])('is valid ASL in the %s partition', async (partition) => {
    const text = substituted(await readFile(join(root, 'statemachines', file), 'utf8'), partition);
    expect(text).not.toMatch(/\$\{/);
    const path = join(await mkdtemp(join(tmpdir(), 'asl-')), file);
    await writeFile(path, text);
    const { stdout } = await run(join(root, 'node_modules', '.bin', 'asl-validator'), ['--json-path', path]);
    expect(stdout).toContain('is valid');
  });

  it('is rejected by the validator when it starts at a state that does not exist (the check can fail)', async () => {
    const definition = JSON.parse(substituted(await readFile(join(root, 'statemachines', file), 'utf8'), 'aws')) as { StartAt: string };
    const broken = JSON.stringify({ ...definition, StartAt: 'Nowhere' });
    const path = join(await mkdtemp(join(tmpdir(), 'asl-')), file);
    await writeFile(path, broken);
    await expect(run(join(root, 'node_modules', '.bin', 'asl-validator'), ['--json-path', path])).rejects.toThrow();
  });
});
