// One applicant driving one case through the public API, as a front end would: draft, announce and
// PUT each material, wait until the platform has verified it, submit, then answer whatever the case
// asks until it ends. The applicant learns that something happened to the case from the platform's
// events (what an SMS or app notification carries) and then reads the case once through the API; a
// slow poll is the fallback, so a case never hangs on a missed notification.
import { createHash } from 'node:crypto';
import type { ApiClient } from './api-client.ts';

export type DeliveryChoice = { readonly method: 'online' } | { readonly method: 'ems'; readonly address: Record<string, string> };

export interface CaseOutcome {
  readonly caseNo?: string;
  readonly status: string;
  readonly ok: boolean;
  readonly detail?: string;
  /** Submit → final status seen. */
  readonly processingMs?: number;
}

/** Notifications per case: a wake-up as soon as the platform publishes something the applicant must look at. */
export interface CaseNotifications {
  notify(caseNo: string): void;
  /** Resolves at the next notification for the case (or one that came before), or after `timeoutMs`. */
  next(caseNo: string, timeoutMs: number): Promise<void>;
  forget(caseNo: string): void;
}

export const caseNotifications = (): CaseNotifications => {
  const pending = new Set<string>();
  const waiting = new Map<string, () => void>();
  return {
    notify: (caseNo) => {
      const wake = waiting.get(caseNo);
      if (wake) {
        waiting.delete(caseNo);
        wake();
      } else pending.add(caseNo);
    },
    next: (caseNo, timeoutMs) => {
      if (pending.delete(caseNo)) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(caseNo);
          resolve();
        }, timeoutMs);
        waiting.set(caseNo, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    forget: (caseNo) => {
      pending.delete(caseNo);
      waiting.delete(caseNo);
    },
  };
};

/** Events that never need the applicant: they are followed by one that does (or by the end). */
export const QUIET_EVENTS: ReadonlySet<string> = new Set([
  'CaseSubmitted',
  'CaseAccepted',
  'WorkItemOpened',
  'DepartmentDecided',
  'LicenceIssued',
  'DeadlineWarning',
  'CourierDispatched',
  'CourierDelivered',
]);

const FINAL_OK = new Set(['completed']);
const FINAL_NOT_OK = new Set(['refused', 'not-accepted', 'withdrawn', 'failed']);

/** A minimal valid PDF, distinct per case (so each upload is a new object with its own hash). */
export const samplePdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ApplicantJourney {
  readonly api: ApiClient;
  readonly token: string;
  readonly itemCode: string;
  /** Codes of the materials the guide lists for the item. */
  readonly materials: readonly string[];
  readonly delivery: DeliveryChoice;
  readonly notifications: CaseNotifications;
  /** Until the case must have ended. */
  readonly deadlineMs: number;
  /** Fallback poll of the case when no notification comes. @default 5000 */
  readonly pollMs?: number;
}

const fail = (status: string, detail: string, caseNo?: string): CaseOutcome => ({ ...(caseNo ? { caseNo } : {}), status, ok: false, detail });

export const driveCase = async (j: ApplicantJourney): Promise<CaseOutcome> => {
  const { api, token } = j;
  const draft = await api.call<{ id: string }>('POST /applications', 'POST', '/applications', { token, body: { itemCode: j.itemCode, delivery: j.delivery } });
  if (draft.status !== 201) return fail('draft', `POST /applications → ${draft.status} ${JSON.stringify(draft.body)}`);
  const id = draft.body.id;

  for (const material of j.materials) {
    const file = samplePdf(`${id} ${material}`);
    const announced = await api.call<{ upload: { url: string; headers: Record<string, string> } }>('POST /applications/{id}/uploads', 'POST', `/applications/${id}/uploads`, {
      token,
      body: { materialCode: material, fileName: `${material}.pdf`, contentType: 'application/pdf', size: file.length, sha256: sha256Hex(file) },
    });
    if (announced.status !== 201) return fail('draft', `upload ${material} → ${announced.status} ${JSON.stringify(announced.body)}`);
    const put = await api.put('PUT presigned upload (S3)', announced.body.upload.url, announced.body.upload.headers, file);
    if (put < 200 || put > 299) return fail('draft', `PUT ${material} → ${put}`);
  }

  // Verification runs on the S3 notification; a front end polls until every document is settled.
  for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
    await sleep(wait);
    const application = await api.call<{ documents: Array<{ materialCode: string; status: string }> }>('GET /applications/{id}', 'GET', `/applications/${id}`, { token });
    if (application.status !== 200) return fail('draft', `GET /applications/${id} → ${application.status}`);
    const statuses = application.body.documents.map((d) => d.status);
    if (statuses.length >= j.materials.length && statuses.every((s) => s !== 'pending')) {
      if (statuses.some((s) => s !== 'verified')) return fail('draft', `documents not verified: ${statuses.join(', ')}`);
      break;
    }
    if (Date.now() > j.deadlineMs) return fail('draft', 'documents never verified');
  }

  const submitted = await api.call<{ caseNo: string }>('POST /applications/{id}/submit', 'POST', `/applications/${id}/submit`, {
    token,
    headers: { 'idempotency-key': `submit-${id}` },
  });
  if (submitted.status !== 201) return fail('submit', `submit → ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const caseNo = submitted.body.caseNo;
  const since = performance.now();

  try {
    for (;;) {
      await j.notifications.next(caseNo, j.pollMs ?? 5_000);
      const view = await api.call<{ status: string; correction?: unknown; corrections?: unknown }>('GET /cases/{caseNo}', 'GET', `/cases/${caseNo}`, { token });
      if (view.status !== 200) return fail('unknown', `GET /cases/${caseNo} → ${view.status}`, caseNo);
      const status = view.body.status;
      if (FINAL_OK.has(status)) return { caseNo, status, ok: true, processingMs: performance.now() - since };
      if (FINAL_NOT_OK.has(status)) return { ...fail(status, `the case ended ${status}`, caseNo), processingMs: performance.now() - since };
      if (status === 'correcting') return fail(status, answerCorrectionUnsupported, caseNo);
      if (Date.now() > j.deadlineMs) return fail(status, `still ${status} at the deadline`, caseNo);
    }
  } finally {
    j.notifications.forget(caseNo);
  }
};

// Issue #5 (correction loop) is being built: the bench submits complete applications, so a
// correction notice means pre-review found a fault in the bench's own materials. Once
// POST /cases/{caseNo}/corrections exists, answer the notice here (re-upload what it lists).
const answerCorrectionUnsupported = 'pre-review asked for a correction (一次性告知); the bench submits complete applications and does not answer corrections yet';
