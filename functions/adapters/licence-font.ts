// The CJK font licences are printed with: Noto Sans SC (SIL Open Font License 1.1), the
// "chinese-simplified" cut of @fontsource/noto-sans-sc (about 8,000 characters: GB 2312 and more).
// In Lambda the file sits next to the bundle (copied by infra/constructs/handler-function.ts for
// the functions whose spec lists it); locally it is read from node_modules. Read and unwrapped from
// WOFF once per process.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sfntOf } from '#core/woff.ts';

/** The font file in the npm package, and its name next to a Lambda bundle. */
export const LICENCE_FONT = {
  module: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
  bundledAs: 'licence-font.woff',
} as const;

let font: Promise<Buffer> | undefined;

const fontPath = (): string => {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  return taskRoot ? join(taskRoot, LICENCE_FONT.bundledAs) : createRequire(import.meta.url).resolve(LICENCE_FONT.module);
};

/** The font as a plain TrueType file. */
export const licenceFont = (): Promise<Buffer> => {
  font ??= readFile(fontPath()).then(sfntOf);
  font.catch(() => (font = undefined));
  return font;
};
