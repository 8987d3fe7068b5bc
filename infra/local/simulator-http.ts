// The little HTTP the local simulators (departments, courier) need: a bounded body and a JSON answer.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request body as text, or undefined when it is larger than `maxBytes`. */
export const readBody = async (req: IncomingMessage, maxBytes: number): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

export const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
