import express, { type Response, type Router } from 'express';
import { SdcaSignature, type ReferralDomain, type OnboardingPage } from '@referral/domain';
import { linkRequestClosed, linkRequestForm } from './link-request-page';
import { invalidLinkPage } from './not-found-page';
import {
  onboardingDone,
  onboardingExpired,
  onboardingForm,
  type FormErrors,
} from './onboarding-page';

/** No script may run, nothing may be framed, forms post back to us only. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

function send(res: Response, status: number, body: string): void {
  res.status(status).set(SECURITY_HEADERS).type('html').send(body);
}

/** Signed already: the same page as right after signing. Expired: 410, nothing signed. */
function sendClosedOnboarding(res: Response, p: OnboardingPage): void {
  if (p.state === 'completed') send(res, 200, onboardingDone(p));
  else send(res, 410, onboardingExpired(p));
}

const formBody = express.urlencoded({ extended: false, limit: '8kb' });

/**
 * The white-label pages a partner sends its clients to: onboarding (sign the
 * SDCA) and link approval. Server-rendered HTML; the URL's token is the only
 * credential, so no cookies and no CSRF surface.
 */
export function hostedPagesRouter(domain: ReferralDomain): Router {
  const router = express.Router();

  router.get('/onboarding/:token', async (req, res) => {
    const p = await domain.onboarding.page(req.params.token);
    if (!p) return send(res, 404, invalidLinkPage());
    if (p.state !== 'open') return sendClosedOnboarding(res, p);
    send(res, 200, onboardingForm(p));
  });

  router.post('/onboarding/:token', formBody, async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const parsed = SdcaSignature.safeParse(form);
    if (!parsed.success) {
      const p = await domain.onboarding.page(req.params.token);
      if (!p) return send(res, 404, invalidLinkPage());
      if (p.state !== 'open') return sendClosedOnboarding(res, p);
      const errors: FormErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof FormErrors;
        errors[field] ??= issue.message;
      }
      const signerName = typeof form.signerName === 'string' ? form.signerName : '';
      return send(res, 400, onboardingForm(p, { signerName }, errors));
    }
    const result = await domain.onboarding.complete(req.params.token, parsed.data);
    if (result.outcome === 'not_found') return send(res, 404, invalidLinkPage());
    if (result.outcome === 'completed') return send(res, 200, onboardingDone(result.page));
    sendClosedOnboarding(res, result.page);
  });

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
