// Browser tests: Debian's Chromium must be there (never skipped), and the console built (the local
// stack the integration global setup starts next serves console/dist on the API's origin).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConsoleIfNeeded } from '../../infra/local/console-build.ts';
import { CHROMIUM } from './browser.ts';

export default async function setup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests drive Debian's Chromium at ${CHROMIUM}, which is missing: install it with \`apt-get update && apt-get install -y chromium\` (as root; .ci/run does this).`);
  }
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (!(await buildConsoleIfNeeded({ root, log: (line) => console.log(`[console] ${line}`) }))) throw new Error('the console did not build (see the Vite output above)');
}
