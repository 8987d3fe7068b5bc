// One material upload as the platform wants it: SHA-256 computed here (crypto.subtle), announced with
// size and type, then PUT straight to the presigned URL with exactly the headers returned (the
// checksum header binds the object to that hash), with progress from XHR (fetch has no upload progress).
import { api, unwrap } from './api/client';
import type { UploadTicket } from './api/views';

export const sha256Hex = async (file: Blob): Promise<string> =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join('');

const put = (ticket: UploadTicket['upload'], file: File, onProgress: (percent: number) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method || 'PUT', ticket.url);
    for (const [name, value] of Object.entries(ticket.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`upload: HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('upload: network error'));
    xhr.send(file);
  });

export const uploadMaterial = async (applicationId: string, materialCode: string, file: File, onProgress: (percent: number) => void): Promise<void> => {
  const sha256 = await sha256Hex(file);
  const ticket = await unwrap<UploadTicket>(
    api.POST('/applications/{id}/uploads', {
      params: { path: { id: applicationId } },
      body: { materialCode, fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size, sha256 },
    }),
  );
  await put(ticket.upload, file, onProgress);
  onProgress(100);
};
