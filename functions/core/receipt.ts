// The submission receipt (受理回执 precursor): the case number and a QR code the applicant can scan
// to reach the case's tracking page. SVG, so it prints sharp and needs no image library.
import { renderSVG } from 'uqr';

export interface Receipt {
  readonly caseNo: string;
  readonly itemName: string;
  readonly submittedAt: string;
  readonly trackingUrl: string;
  readonly qrCodeSvg: string;
}

export const receiptFor = (c: { caseNo: string; itemName: string; submittedAt: string }, trackingBaseUrl: string): Receipt => {
  const trackingUrl = `${trackingBaseUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(c.caseNo)}`;
  return { caseNo: c.caseNo, itemName: c.itemName, submittedAt: c.submittedAt, trackingUrl, qrCodeSvg: renderSVG(trackingUrl, { ecc: 'M' }) };
};
