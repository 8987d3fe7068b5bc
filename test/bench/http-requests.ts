// Requests each local service received, counted where they arrive: Node publishes every request an
// http.Server of this process starts on the `http.server.request.start` diagnostics channel, so the
// gateway (API requests) and the S3 server (PUT/GET of documents, presigned or by the SDK) are
// counted without touching either. Keyed by the listening port and method.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const CHANNEL = 'http.server.request.start';

export interface RequestCounter {
  /** Requests received on a port since the counter started, by HTTP method. */
  byMethod(port: number): Readonly<Record<string, number>>;
  total(port: number): number;
  /** Bytes of request bodies received on a port (their content-length), by HTTP method. */
  bytesByMethod(port: number): Readonly<Record<string, number>>;
  stop(): void;
}

export const portOf = (url: string): number => Number(new URL(url).port);

export const countServerRequests = (): RequestCounter => {
  const counts = new Map<number, Record<string, number>>();
  const bytes = new Map<number, Record<string, number>>();
  const listener = (message: unknown): void => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    const port = (server.address() as AddressInfo | null)?.port;
    if (port === undefined) return;
    const byMethod = counts.get(port) ?? {};
    const method = request.method ?? 'GET';
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    counts.set(port, byMethod);
    const length = Number(request.headers['content-length'] ?? 0);
    const bytesByMethod = bytes.get(port) ?? {};
    bytesByMethod[method] = (bytesByMethod[method] ?? 0) + (Number.isFinite(length) ? length : 0);
    bytes.set(port, bytesByMethod);
  };
  subscribe(CHANNEL, listener);
  return {
    byMethod: (port) => ({ ...counts.get(port) }),
    total: (port) => Object.values(counts.get(port) ?? {}).reduce((a, b) => a + b, 0),
    bytesByMethod: (port) => ({ ...bytes.get(port) }),
    stop: () => unsubscribe(CHANNEL, listener),
  };
};
