// The console (console/dist, built by infra/local/console-build.ts) served by the local gateway on
// the API's own origin, as CloudFront serves it from S3 in AWS (infra/constructs/console.ts):
// `/` and `/index.html`, `/assets/*` (content-hashed by Vite: cached for a year), any other file of
// the build's top level, and `/config.json`, the runtime config generated from the province.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { Province } from '../provinces/schema.ts';

/** The console's runtime config (/config.json): no rebuild per province. */
export interface ConsoleConfig {
  readonly province: { readonly code: string; readonly name: string };
  readonly signIn: { readonly kind: 'dev' } | { readonly kind: 'oidc'; readonly issuer: string; readonly clientId: string; readonly scopes: readonly string[] };
  readonly publicBaseUrl: string;
}

export const consoleConfigOf = (province: Pick<Province, 'code' | 'name'>, signIn: ConsoleConfig['signIn'], publicBaseUrl: string): ConsoleConfig => ({
  province: { code: province.code, name: province.name },
  signIn,
  publicBaseUrl,
});

export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// Hashed assets never change under their name; everything else is revalidated on every load.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const headersFor = (file: string, cacheControl: string, length: number) => ({
  'content-type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
  'content-length': length,
  'cache-control': cacheControl,
  'x-content-type-options': 'nosniff',
});

export interface ConsoleServingOptions {
  /** The built console (console/dist). */
  readonly distDir: string;
  /** The config served at /config.json (read per request: the gateway's URL is known only once it listens). */
  readonly config: () => ConsoleConfig;
}

/** Answers GET/HEAD for the console's files; false for anything else (the gateway answers 404). */
export const serveConsole =
  ({ distDir, config }: ConsoleServingOptions) =>
  async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === '/config.json') {
      const body = Buffer.from(JSON.stringify(config()));
      res.writeHead(200, { ...headersFor(path, 'no-store', body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    let name: string;
    try {
      name = path === '/' ? 'index.html' : decodeURIComponent(path.slice(1));
    } catch {
      return false;
    }
    const root = resolve(distDir);
    const file = resolve(root, name);
    // Only files inside the build: no `..`, no absolute paths, no dot files.
    if (!file.startsWith(root + sep) || name.split('/').some((part) => part.startsWith('.'))) return false;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      if (path !== '/') return false;
      const body = 'The console is not built yet: `npm start` builds it (console/dist).\n';
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
      return true;
    }
    const body = await readFile(file);
    res.writeHead(200, headersFor(file, name.startsWith('assets/') ? IMMUTABLE : REVALIDATE, body.length));
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
