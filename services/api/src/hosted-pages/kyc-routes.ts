import type { Response, Router } from 'express';
import { isKycPageOpen, type KycPage, type ReferralDomain } from '@referral/domain';
import { kycExpired, kycForm, kycUnderReview, kycVerified, type KycValues } from './kyc-page';
import { parseKycUpload } from './kyc-upload';
import { invalidLinkPage } from './not-found-page';
import { send } from './send-page';

/**
 * The KYC form (the kyc-required 422's solutionUrl): GET shows it, or where
 * the company stands; POST takes a multipart upload. Anything refused shows
 * the form again with its errors and changes nothing.
 */
export function kycPages(router: Router, domain: ReferralDomain): void {
  // Under review: no new form (409 to a post); verified: done; expired: 410.
  const sendClosed = (res: Response, p: KycPage, posted: boolean) => {
    if (p.state === 'submitted') return send(res, posted ? 409 : 200, kycUnderReview(p));
    if (p.state === 'verified') return send(res, posted ? 409 : 200, kycVerified(p));
    send(res, 410, kycExpired(p));
  };

  router.get('/kyc/:token', async (req, res) => {
    const p = await domain.kycForm.page(req.params.token);
    if (!p) return send(res, 404, invalidLinkPage());
    if (!isKycPageOpen(p)) return sendClosed(res, p, false);
    send(res, 200, kycForm(p));
  });

  router.post('/kyc/:token', async (req, res) => {
    const token = req.params.token;
    // The link first: no upload is read for a page that cannot take it.
    const p = await domain.kycForm.page(token);
    if (!p) return send(res, 404, invalidLinkPage());
    if (!isKycPageOpen(p)) return sendClosed(res, p, true);
    const upload = await parseKycUpload(req, res);
    if (!upload.ok) {
      const errors = { [upload.field]: upload.message };
      return send(res, upload.status, kycForm(p, keptValues(upload.fields), errors));
    }
    const result = await domain.kycForm.submit(token, upload.fields, upload.file);
    switch (result.outcome) {
      case 'not_found':
        return send(res, 404, invalidLinkPage());
      case 'invalid':
        return send(res, 400, kycForm(result.page, keptValues(upload.fields), result.errors));
      case 'closed':
        return sendClosed(res, result.page, true);
      case 'submitted':
        return send(res, 200, kycUnderReview(result.page, true));
    }
  });
}

/** The typed values to show again: strings only, never the file. */
function keptValues(fields: Record<string, unknown>): KycValues {
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([name, value]) => typeof value === 'string' && name !== 'document',
    ),
  ) as KycValues;
}
