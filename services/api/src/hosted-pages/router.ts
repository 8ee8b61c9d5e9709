import express, { type Response, type Router } from 'express';
import type { z } from 'zod';
import { ContractSignature, SdcaSignature, type ReferralDomain } from '@referral/domain';
import { contractForm, contractsExpired, contractsSigned } from './contract-page';
import { kycPages } from './kyc-routes';
import { linkRequestClosed, linkRequestForm } from './link-request-page';
import { invalidLinkPage } from './not-found-page';
import { onboardingDone, onboardingExpired, onboardingForm } from './onboarding-page';
import { onboardingUsers } from './onboarding-users';
import type { FormErrors } from './signature-form-html';
import { HOSTED_PAGE_PATHS } from './urls';
import { hostedPageSecurityHeaders } from '../http/security-headers';
import { formBody, send } from './send-page';

/**
 * The white-label pages a partner sends its clients to: onboarding (sign the
 * SDCA), contracts a case needs, KYC (`kyc-routes.ts`), and link approval.
 * Server-rendered HTML; the URL's token is the only credential, so no
 * cookies and no CSRF surface.
 */
export function hostedPagesRouter(domain: ReferralDomain): Router {
  const router = express.Router();
  router.use(HOSTED_PAGE_PATHS, hostedPageSecurityHeaders());

  signingPages(router, '/onboarding/:token', {
    load: (token) => domain.onboarding.page(token),
    sign: (token, signature) => domain.onboarding.complete(token, signature),
    schema: SdcaSignature,
    form: (p, token, values, errors) =>
      onboardingForm(p, token, { signerName: values?.signerName, errors }),
    done: onboardingDone,
    expired: onboardingExpired,
  });
  signingPages(router, '/contracts/:token', {
    load: (token) => domain.contracts.page(token),
    sign: (token, signature) => domain.contracts.sign(token, signature),
    schema: ContractSignature,
    form: (p, _token, values, errors) => contractForm(p, values, errors),
    done: contractsSigned,
    expired: contractsExpired,
  });

  onboardingUsers(router, domain);
  kycPages(router, domain);

  router.get('/link-requests/:token', async (req, res) => {
    const p = await domain.linkRequests.page(req.params.token);
    if (!p) return send(res, 404, invalidLinkPage());
    if (p.state === 'pending') return send(res, 200, linkRequestForm(p));
    send(res, 410, linkRequestClosed(p));
  });

  router.post('/link-requests/:token', formBody, async (req, res) => {
    const decision = (req.body as Record<string, unknown> | undefined)?.decision;
    if (decision !== 'approve' && decision !== 'reject') {
      const p = await domain.linkRequests.page(req.params.token);
      if (!p) return send(res, 404, invalidLinkPage());
      if (p.state !== 'pending') return send(res, 410, linkRequestClosed(p));
      return send(res, 400, linkRequestForm(p));
    }
    const result = await domain.linkRequests.decide(req.params.token, decision);
    if (result.outcome === 'not_found') return send(res, 404, invalidLinkPage());
    send(res, result.outcome === 'closed' ? 410 : 200, linkRequestClosed(result.page));
  });

  return router;
}

interface SigningPage {
  state: 'open' | 'completed' | 'expired';
}

/**
 * A page where a client signs (onboarding, contracts): GET shows the form;
 * POST signs, or shows the form again with its errors. Signed already: the
 * same page as right after signing. Expired: 410, nothing signed.
 */
function signingPages<P extends SigningPage>(
  router: Router,
  path: string,
  page: {
    load(token: string): Promise<P | undefined>;
    sign(
      token: string,
      signature: { accept: 'yes'; signerName: string },
    ): Promise<{ outcome: 'not_found' } | { outcome: string; page: P }>;
    schema: z.ZodType<{ accept: 'yes'; signerName: string }>;
    form(p: P, token: string, values?: { signerName?: string }, errors?: FormErrors): string;
    done(p: P): string;
    expired(p: P): string;
  },
): void {
  const sendClosed = (res: Response, p: P) =>
    p.state === 'completed' ? send(res, 200, page.done(p)) : send(res, 410, page.expired(p));

  router.get(path, async (req, res) => {
    const p = await page.load(String(req.params.token));
    if (!p) return send(res, 404, invalidLinkPage());
    if (p.state !== 'open') return sendClosed(res, p);
    send(res, 200, page.form(p, String(req.params.token)));
  });

  router.post(path, formBody, async (req, res) => {
    const token = String(req.params.token);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const parsed = page.schema.safeParse(form);
    if (!parsed.success) {
      const p = await page.load(token);
      if (!p) return send(res, 404, invalidLinkPage());
      if (p.state !== 'open') return sendClosed(res, p);
      const errors: FormErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof FormErrors;
        errors[field] ??= issue.message;
      }
      const signerName = typeof form.signerName === 'string' ? form.signerName : '';
      return send(res, 400, page.form(p, token, { signerName }, errors));
    }
    const result = await page.sign(token, parsed.data);
    if (!('page' in result)) return send(res, 404, invalidLinkPage());
    if (result.page.state === 'completed') return send(res, 200, page.done(result.page));
    sendClosed(res, result.page);
  });
}
