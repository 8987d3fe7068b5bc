// The console's build: a static bundle in console/dist, served by the local gateway and, in AWS,
// from a private S3 bucket behind CloudFront. Same origin as the API, so relative URLs and no CORS.
// `npx vite --config console/vite.config.ts` serves it for trying things by hand, proxying the API
// to a running local stack (API_URL, default http://127.0.0.1:3000).
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { routes } from '../infra/routes.ts';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
// One proxy entry per top-level API prefix, from THE route table (as CloudFront's behaviours are).
const prefixes = [...new Set([...routes.map((r) => `/${r.path.split('/')[1] ?? ''}`), '/_dev', '/config.json', '/tracking', '/officer'])];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173, proxy: Object.fromEntries(prefixes.map((p) => [p, { target: apiUrl, changeOrigin: false }])) },
});
