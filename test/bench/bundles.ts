// Each function's bundle as CDK builds it: esbuild with the very options of
// infra/constructs/handler-bundling.ts (translated here the way NodejsFunction passes them to the
// esbuild CLI), written to a temporary directory for the cold-start measurement, with the metafile
// showing which packages make up the bytes.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { handlerBundling } from '../../infra/constructs/handler-bundling.ts';
import { functionSpecs, type FunctionName } from '../../infra/functions.ts';

const root = resolve(import.meta.dirname, '../..');

/** NodejsFunction's bundling props as esbuild build options (aws-lambda-nodejs/lib/bundling.ts). */
export const esbuildOptionsOf = (bundling: BundlingOptions): BuildOptions => {
  const alias: Record<string, string> = {};
  for (const [key, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    if (key !== '--alias' || typeof value !== 'string') throw new Error(`bench: esbuild argument ${key} is not translated; add it to test/bench/bundles.ts`);
    const [from, to] = value.split('=');
    if (!from || !to) throw new Error(`bench: --alias needs old=new, got ${value}`);
    alias[from] = to;
  }
  return {
    bundle: true,
    platform: 'node',
    format: bundling.format === OutputFormat.CJS ? 'cjs' : 'esm',
    target: bundling.target ?? 'node24',
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    ...(bundling.mainFields ? { mainFields: [...bundling.mainFields] } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.define ? { define: { ...bundling.define } } : {}),
    ...(bundling.loader ? { loader: { ...bundling.loader } as BuildOptions['loader'] } : {}),
    external: [...(bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']), ...(bundling.externalModules ?? [])],
    ...(Object.keys(alias).length ? { alias } : {}),
    // NodejsFunction runs esbuild in the project root; aliases to paths resolve from there.
    absWorkingDir: root,
    metafile: true,
    logLevel: 'error',
  };
};

export interface BundleMeasure {
  readonly name: FunctionName;
  readonly file: string;
  /** Minified JavaScript, without the source map. */
  readonly bytes: number;
  /** bytes in the output per package (or top-level source folder), largest first. */
  readonly contributors: ReadonlyArray<{ readonly what: string; readonly bytes: number }>;
}

const groupOf = (input: string): string => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (pkg?.[1]) return pkg[1];
  return input.split('/').slice(0, 2).join('/');
};

export const contributorsOf = (metafile: Metafile): Array<{ what: string; bytes: number }> => {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
  return [...groups].map(([what, bytes]) => ({ what, bytes })).sort((a, b) => b.bytes - a.bytes);
};

const bundleOne = async (name: FunctionName, outDir: string, options: BuildOptions): Promise<{ bytes: number; file: string; metafile: Metafile }> => {
  const file = join(outDir, name, 'index.mjs');
  const result = await build({ ...options, entryPoints: [join(root, functionSpecs[name].entry)], outfile: file, write: true });
  return { bytes: Buffer.byteLength(await readFile(file)), file, metafile: result.metafile as Metafile };
};

export const measureBundles = async (outDir: string, names: readonly FunctionName[] = Object.keys(functionSpecs) as FunctionName[]): Promise<BundleMeasure[]> => {
  const options = esbuildOptionsOf(handlerBundling);
  const measures: BundleMeasure[] = [];
  for (const name of names) {
    const { bytes, file, metafile } = await bundleOne(name, outDir, options);
    await writeFile(join(outDir, name, 'meta.json'), JSON.stringify(metafile));
    measures.push({ name, file, bytes, contributors: contributorsOf(metafile) });
  }
  return measures;
};
