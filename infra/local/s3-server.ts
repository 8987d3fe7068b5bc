// Local S3: an s3rver (koa-based fake S3) instance that keeps its objects on disk and reports
// object-created events, standing in for the S3 bucket and its event notifications offline.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { localCredentials } from './clients.ts';

export interface ObjectCreatedRecord {
  bucket: string;
  /** The object key as stored (plain text, not URL-encoded). */
  key: string;
  size: number;
  /** MD5 hex without quotes; absent for copies. */
  eTag?: string;
}

export interface S3ServerOptions {
  /** 0 or undefined: let the OS pick a free port. */
  port?: number;
  /** Interface to listen on; default loopback, so the fake (which checks no signatures) is not exposed. */
  host?: string;
  /** Objects live here and survive restarts. */
  directory: string;
  /** Created if missing; existing contents are kept. */
  buckets: string[];
  onObjectCreated?: (record: ObjectCreatedRecord) => void | Promise<void>;
}

export interface RunningS3Server {
  readonly endpoint: string;
  readonly port: number;
  /** A plain function (no `this`), so it can be passed around detached; idempotent. */
  readonly stop: () => Promise<void>;
}

/** The slice of s3rver's (untyped, CommonJS) API used here. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
  on(event: 'error', listener: (error: Error & { status?: number }) => void): void;
  httpServer?: Server;
}

interface S3rverOptions {
  port: number;
  address: string;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  resetOnClose: boolean;
  configureBuckets: { name: string; configs?: string[] }[];
}

interface S3rverEvent {
  Records: {
    eventName: string;
    s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
  }[];
}

interface S3rverAccountModule {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

// s3rver ships no type declarations; load it through require and describe the parts we use.
const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: S3rverOptions) => S3rverInstance;
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as S3rverAccountModule;

// s3rver rejects unknown access key ids (InvalidAccessKeyId) even though it never verifies SigV4
// signatures; register the key the local clients use. The registry is process-global.
DUMMY_ACCOUNT.createKeyPair(localCredentials.accessKeyId, localCredentials.secretAccessKey);

/**
 * The browser uploads to presigned URLs and downloads licence PDFs from another origin (the console
 * is served by the gateway): S3's CORS rules, as the documents construct sets them in AWS. Any origin,
 * since this server listens on loopback only and the presigned signature is what protects an object.
 */
const CORS_XML = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/** How long stop() lets in-flight requests finish before cutting their connections. */
const closeGraceMs = 2_000;

export async function startS3Server(options: S3ServerOptions): Promise<RunningS3Server> {
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.directory, { recursive: true });

  const server = new S3rver({
    port: options.port ?? 0,
    address: host,
    directory: options.directory,
    // Its winston logger prints every request; errors still surface through the 'error' listener.
    silent: true,
    // Clients always use path-style URLs; vhost guessing would misroute requests whose Host is a
    // machine name (anything but an IP or "localhost").
    vhostBuckets: false,
    resetOnClose: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [CORS_XML] })),
  });

  // Koa emits 'error' for every failed request; 4xx ones (NoSuchKey…) are normal S3 answers.
  server.on('error', (error) => {
    if ((error.status ?? 500) >= 500) console.error('[s3rver]', error);
  });

  const onObjectCreated = options.onObjectCreated;
  if (onObjectCreated) {
    server.on('event', (event) => {
      for (const record of event.Records) {
        if (!record.eventName.startsWith('ObjectCreated:')) continue;
        const { object } = record.s3;
        const created: ObjectCreatedRecord = {
          bucket: record.s3.bucket.name,
          // Unlike real S3, s3rver 3.7.1 puts the plain key in the record (not URL-encoded with
          // '+' for spaces), so decoding it here would corrupt keys containing '+' or '%'.
          key: object.key,
          size: object.size ?? 0,
          ...(object.eTag === undefined ? {} : { eTag: object.eTag }),
        };
        // The listener runs inside s3rver's request handler after the object is stored: a throw
        // would turn a successful PUT into a 500, so failures are reported, not propagated.
        try {
          Promise.resolve(onObjectCreated(created)).catch((error: unknown) => {
            console.error('[s3rver] onObjectCreated failed', error);
          });
        } catch (error) {
          console.error('[s3rver] onObjectCreated failed', error);
        }
      }
    });
  }

  const address = await server.run();
  const endpointHost = host.includes(':') ? `[${host}]` : host;
  let stopped: Promise<void> | undefined;

  return {
    endpoint: `http://${endpointHost}:${address.port}`,
    port: address.port,
    stop: () => (stopped ??= closeServer(server)),
  };
}

async function closeServer(server: S3rverInstance): Promise<void> {
  const httpServer = server.httpServer;
  // close() waits for every open connection; SDK clients keep sockets alive, so drop idle ones
  // now and force the rest after a grace period.
  const force = setTimeout(() => httpServer?.closeAllConnections(), closeGraceMs);
  try {
    const closed = server.close();
    httpServer?.closeIdleConnections();
    await closed;
  } finally {
    clearTimeout(force);
  }
}
