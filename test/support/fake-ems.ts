// A fake China Post open platform, written from issue #9's description (not from our client): a
// form POST carrying apiCode, senderNo, authorization, timeStamp, msgType, version, userCode and the
// payload sealed as "|$4|" + Base64(SM4-ECB(json + signKey)), the SM4 key being the Base64-decoded
// sign key; replies { retCode, retMsg, retBody } with "00000" for OK. Operations: 020003 create
// order, 010004 label, 040001 tracking query. Tests only: never part of a stack.
//
// It decrypts with node:crypto directly rather than through core/ems-envelope.ts, so a client that
// sealed wrongly fails here instead of agreeing with itself.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEmsOptions {
  readonly senderNo: string;
  readonly authorization: string;
  /** Base64 of 16 bytes. */
  readonly signKey: string;
}

export interface ReceivedCall {
  readonly form: Readonly<Record<string, string>>;
  /** The payload as the fake decrypted it, or the reason it could not. */
  readonly payload?: unknown;
  readonly error?: string;
  readonly answered: { readonly retCode: string; readonly retMsg: string; readonly retBody?: string };
}

export interface FakeEms {
  readonly url: string;
  readonly calls: readonly ReceivedCall[];
  /** Answers the next call with this retCode instead of handling it. */
  failNext(retCode: string, retMsg: string): void;
  /** Tracking events the 040001 query returns for a waybill. */
  setTraces(waybillNo: string, traces: readonly Record<string, string>[]): void;
  /** Seals a payload as EMS would (for pushes a test sends itself). */
  seal(payload: unknown): string;
  stop(): Promise<void>;
}

/** A fresh sign key: Base64 of 16 random bytes. */
export const aSignKey = (): string => randomBytes(16).toString('base64');

const readAll = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const ADDRESS_FIELDS = ['name', 'mobile', 'prov', 'city', 'county', 'address'];

export const startFakeEms = async (options: FakeEmsOptions): Promise<FakeEms> => {
  const key = Buffer.from(options.signKey, 'base64');
  const calls: ReceivedCall[] = [];
  const failures: Array<{ retCode: string; retMsg: string }> = [];
  const traces = new Map<string, readonly Record<string, string>[]>();
  const waybills = new Map<string, string>();
  let next = 1;

  const open = (sealed: string): unknown => {
    if (!sealed.startsWith('|$4|')) throw new Error('no |$4| prefix');
    const decipher = createDecipheriv('sm4-ecb', key, null);
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.slice(4), 'base64')), decipher.final()]).toString('utf8');
    if (!plain.endsWith(options.signKey)) throw new Error('the plaintext does not end with the sign key');
    return JSON.parse(plain.slice(0, -options.signKey.length));
  };

  const handle = (form: Record<string, string>): { payload?: unknown; error?: string; answered: ReceivedCall['answered'] } => {
    const fail = (retCode: string, retMsg: string, error?: string) => ({ ...(error ? { error } : {}), answered: { retCode, retMsg } });
    for (const field of ['apiCode', 'senderNo', 'authorization', 'timeStamp', 'logitcsInterface']) {
      if (!form[field]) return fail('B00001', `missing ${field}`, `missing ${field}`);
    }
    if (form.senderNo !== options.senderNo || form.authorization !== options.authorization) return fail('B00002', 'authorization failed', 'bad credentials');
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(form.timeStamp ?? '')) return fail('B00003', 'bad timeStamp', 'bad timeStamp');
    let payload: unknown;
    try {
      payload = open(form.logitcsInterface ?? '');
    } catch (error) {
      return fail('B00004', 'decryption failed', (error as Error).message);
    }
    const scripted = failures.shift();
    if (scripted) return { payload, answered: { ...scripted } };
    const p = payload as Record<string, unknown>;
    const ok = (body: unknown) => ({ payload, answered: { retCode: '00000', retMsg: '成功', retBody: JSON.stringify(body) } });
    switch (form.apiCode) {
      case '020003': {
        for (const party of ['sender', 'receiver']) {
          const a = p[party] as Record<string, unknown> | undefined;
          const missing = ADDRESS_FIELDS.find((f) => typeof a?.[f] !== 'string' || a[f] === '');
          if (missing) return { payload, ...fail('B00010', `${party}.${missing} is required`) };
        }
        if (!Array.isArray(p.cargos) || p.cargos.length === 0) return { payload, ...fail('B00011', 'cargos is required') };
        const orderNo = typeof p.logisticsOrderNo === 'string' ? p.logisticsOrderNo : '';
        if (!orderNo) return { payload, ...fail('B00012', 'logisticsOrderNo is required') };
        const waybillNo = waybills.get(orderNo) ?? `9${String(next++).padStart(12, '0')}`;
        waybills.set(orderNo, waybillNo);
        return ok({ waybillNo, logisticsOrderNo: orderNo });
      }
      case '010004':
        return ok({ url: `https://label.example/${String(p.waybillNo)}.pdf` });
      case '040001':
        return ok({ responseItems: traces.get(String(p.waybillNo)) ?? [] });
      default:
        return { payload, ...fail('B00020', `unknown apiCode ${form.apiCode}`) };
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    readAll(req)
      .then((text) => {
        const form = Object.fromEntries(new URLSearchParams(text));
        const result = /^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')
          ? handle(form)
          : { error: 'not a form', answered: { retCode: 'B00000', retMsg: 'expected a form POST' } };
        calls.push({ form, ...result });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result.answered));
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/amp-prod-api/f/amp/api/open`,
    get calls() {
      return calls;
    },
    failNext: (retCode, retMsg) => void failures.push({ retCode, retMsg }),
    setTraces: (waybillNo, list) => void traces.set(waybillNo, list),
    seal: (payload) => {
      const cipher = createCipheriv('sm4-ecb', key, null);
      return `|$4|${Buffer.concat([cipher.update(JSON.stringify(payload) + options.signKey, 'utf8'), cipher.final()]).toString('base64')}`;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
