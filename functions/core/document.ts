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
}

export interface ArrivedObject {
  readonly size: number;
  readonly head: Uint8Array;
  readonly sha256: string;
}

/** Compares what arrived with what was announced and what the material accepts. */
export const verifyArrival = (
  announced: DocumentRecord,
  material: Material,
  arrived: ArrivedObject,
): { status: 'verified' } | { status: 'rejected'; reason: string } => {
  if (arrived.size !== announced.size) {
    return { status: 'rejected', reason: `文件大小 ${arrived.size} 字节与申报的 ${announced.size} 字节不符` };
  }
  if (arrived.size > material.maxBytes) {
    return { status: 'rejected', reason: `文件超过 ${material.maxBytes} 字节上限` };
  }
  const actual = sniffContentType(arrived.head);
  if (actual === undefined || actual !== announced.contentType || !material.contentTypes.includes(actual)) {
    return { status: 'rejected', reason: `文件内容不是所申报的类型 ${announced.contentType}` };
  }
  if (arrived.sha256 !== announced.sha256) {
    return { status: 'rejected', reason: '文件校验值 (SHA-256) 与申报不符，文件可能已损坏' };
  }
  return { status: 'verified' };
};

/** A document as shown to its applicant: never the storage key or the hash. */
export const documentView = ({ materialCode, fileName, contentType, size, status, reason }: DocumentRecord) => ({
  materialCode,
  fileName,
  contentType,
  size,
  status,
  ...(reason ? { reason } : {}),
});
