// The submission receipt (受理回执 precursor): the case number, the tracking key and a QR code that
// opens the case's public tracking page (core/tracking.ts). SVG, so it prints sharp and needs no
// image library.
import { renderSVG } from 'uqr';
import { trackingUrl } from './tracking.ts';

export interface Receipt {
  readonly caseNo: string;
  readonly itemName: string;
  readonly submittedAt: string;
  /** The secret of the tracking page, printed for typing in by hand. */
  readonly trackingKey: string;
  readonly trackingUrl: string;
  readonly qrCodeSvg: string;
}

export const receiptFor = (c: { caseNo: string; itemName: string; submittedAt: string; trackingKey: string }, publicBaseUrl: string): Receipt => {
  const url = trackingUrl(publicBaseUrl, c.caseNo, c.trackingKey);
  return { caseNo: c.caseNo, itemName: c.itemName, submittedAt: c.submittedAt, trackingKey: c.trackingKey, trackingUrl: url, qrCodeSvg: renderSVG(url, { ecc: 'M' }) };
};
