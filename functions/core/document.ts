// An uploaded document's life: announced (presigned), then verified or rejected by the platform.
import { sniffContentType } from './document-type.ts';
import type { Material } from './catalogue.ts';

export type DocumentStatus = 'pending' | 'verified' | 'rejected';

export interface DocumentRecord {
  readonly applicationId: string;
  readonly materialCode: string;
  readonly key: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly status: DocumentStatus;
  /** Why the platform rejected the object, for the applicant to read. */
  readonly reason?: string;
  /** What kind of rejection, for the correction notice (absent on records from before issue #5). */
  readonly problem?: RejectionProblem;
  /**
   * `licence`: the applicant cited an e-licence they hold instead of uploading (issue #8,
   * POST /applications/{id}/citations); `key`, size and sha256 are the licence PDF's, and the
   * record is `verified` when cited (pre-review checks the licence again). @default 'upload'
   */
  readonly source?: 'upload' | 'licence';
  /** The cited licence (GB/T 36904 identifier), with source `licence`. */
  readonly licenceId?: string;
}

/** wrong-type: not the type announced or accepted; the others make the file unreadable as sent. */
export type RejectionProblem = 'wrong-size' | 'too-large' | 'wrong-type' | 'corrupt';

export type ArrivalVerdict = { status: 'verified' } | { status: 'rejected'; problem: RejectionProblem; reason: string };

export interface ArrivedObject {
  readonly size: number;
  readonly head: Uint8Array;
  readonly sha256: string;
  /** The Content-Type the object was stored with (what the PUT sent). */
  readonly contentType: string | undefined;
}

/** `image/PNG; x=y` → `image/png`: the media type without parameters, as compared. */
const mediaType = (value: string | undefined): string => (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Compares what arrived with what was announced and what the material accepts. */
export const verifyArrival = (
  announced: DocumentRecord,
  material: Material,
  arrived: ArrivedObject,
): ArrivalVerdict => {
  if (arrived.size !== announced.size) {
    return { status: 'rejected', problem: 'wrong-size', reason: `文件大小 ${arrived.size} 字节与申报的 ${announced.size} 字节不符` };
  }
  if (arrived.size > material.maxBytes) {
    return { status: 'rejected', problem: 'too-large', reason: `文件超过 ${material.maxBytes} 字节上限` };
  }
  // The stored type is what a browser is told when the object is served: it must be the announced one.
  if (mediaType(arrived.contentType) !== mediaType(announced.contentType)) {
    return { status: 'rejected', problem: 'wrong-type', reason: `上传时声明的类型 ${arrived.contentType ?? '（无）'} 与申报的类型 ${announced.contentType} 不符` };
  }
  const actual = sniffContentType(arrived.head);
  if (actual === undefined || actual !== announced.contentType || !material.contentTypes.includes(actual)) {
    return { status: 'rejected', problem: 'wrong-type', reason: `文件内容不是所申报的类型 ${announced.contentType}` };
  }
  if (arrived.sha256 !== announced.sha256) {
    return { status: 'rejected', problem: 'corrupt', reason: '文件校验值 (SHA-256) 与申报不符，文件可能已损坏' };
  }
  return { status: 'verified' };
};

/** A document as shown to its applicant: never the storage key or the hash. */
export const documentView = ({ materialCode, fileName, contentType, size, status, reason, source, licenceId }: DocumentRecord) => ({
  materialCode,
  fileName,
  contentType,
  size,
  status,
  ...(reason ? { reason } : {}),
  ...(source === 'licence' ? { source, licenceId } : {}),
});
