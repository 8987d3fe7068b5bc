// S3 ObjectCreated → verify the arrived object against what was announced: size, type by its
// magic bytes, SHA-256. A bad object is removed and the applicant reads why. An object that is not
// the document's current key (replaced meanwhile, or never announced) is removed too.
import type { S3Event } from 'aws-lambda';
import { verifyArrival } from '#core/document.ts';
import { requirementForApplication } from '#adapters/catalogue.ts';
import { getApplication, listDocuments, settleDocument } from '#adapters/case-store.ts';
import { readArrived, removeObject } from '#adapters/documents.ts';
import { log } from '#middleware/logger.ts';

const KEY = /^applications\/([0-9a-f-]{36})\/([A-Z0-9-]{1,32})\/[0-9a-f-]{36}$/;

const verifyOne = async (key: string): Promise<void> => {
  const match = KEY.exec(key);
  const application = match ? await getApplication(match[1] as string) : undefined;
  const doc = application ? (await listDocuments(application.id)).find((d) => d.key === key) : undefined;
  const material = application && doc ? requirementForApplication(application).materials.find((m) => m.code === doc.materialCode) : undefined;
  if (!doc || !material) {
    log.warn('removing an object no document announced', { key });
    await removeObject(key);
    return;
  }
  const verdict = verifyArrival(doc, material, await readArrived(key));
  const current = await settleDocument(doc, verdict);
  if (verdict.status === 'rejected' || !current) await removeObject(key);
  log.info('document verified', { key, status: verdict.status, ...(verdict.status === 'rejected' ? { reason: verdict.reason } : {}) });
};

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    // S3 event keys are URL-encoded with '+' for spaces.
    await verifyOne(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')));
  }
};
