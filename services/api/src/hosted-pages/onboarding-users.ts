import type { Response, Router } from 'express';
import { ClientUserInput, MAX_CLIENT_USERS, type ReferralDomain } from '@referral/domain';
import type { OnboardingPage } from '@referral/domain';
import { invalidLinkPage } from './not-found-page';
import {
  onboardingDone,
  onboardingExpired,
  onboardingForm,
  onboardingPaths,
} from './onboarding-page';
import { formBody, send } from './send-page';
import type { UserFormErrors, UserFormValues } from './users-section-html';

const fieldIds: Record<string, keyof UserFormErrors> = {
  name: 'userName',
  email: 'userEmail',
  role: 'userRole',
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The onboarding page's users (`POST /onboarding/:token/users`): add one
 * (name, email, role) or `remove` one by id, then back to the page (303). A
 * refused user comes back in the form with its errors; nothing is stored.
 * Once the SDCA is signed or the link expired, nothing changes.
 */
export function onboardingUsers(router: Router, domain: ReferralDomain): void {
  router.post('/onboarding/:token/users', formBody, async (req, res) => {
    const token = String(req.params.token);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const backToPage = () => res.redirect(303, `${onboardingPaths(token).sign}#users`);

    const remove = text(form.remove);
    if (remove !== undefined) {
      const result = await domain.onboarding.removeUser(token, remove);
      if (result.outcome === 'not_found') return send(res, 404, invalidLinkPage());
      if (result.outcome === 'closed') return sendClosed(res, result.page);
      // Removed now, or by an earlier click: the page shows the list either way.
      return backToPage();
    }

    const values: UserFormValues = {
      name: text(form.name),
      email: text(form.email),
      role: text(form.role),
    };
    const parsed = ClientUserInput.safeParse(values);
    const refuse = async (errors: UserFormErrors, p?: OnboardingPage) => {
      const page = p ?? (await domain.onboarding.page(token));
      if (!page) return send(res, 404, invalidLinkPage());
      if (page.state !== 'open') return sendClosed(res, page);
      send(res, 400, onboardingForm(page, token, { user: { values, errors } }));
    };
    if (!parsed.success) {
      const errors: UserFormErrors = {};
      for (const issue of parsed.error.issues) {
        const id = fieldIds[String(issue.path[0])];
        if (id) errors[id] ??= issue.message;
      }
      return refuse(errors);
    }

    const result = await domain.onboarding.addUser(token, parsed.data);
    switch (result.outcome) {
      case 'not_found':
        return send(res, 404, invalidLinkPage());
      case 'closed':
        return sendClosed(res, result.page);
      case 'duplicate_email':
        return refuse(
          { userEmail: 'this email address is already one of your users' },
          result.page,
        );
      case 'too_many_users':
        return refuse({ userName: `you can add at most ${MAX_CLIENT_USERS} users` }, result.page);
      case 'added':
        return backToPage();
    }
  });
}

/** Signed already (409: the users are final) or expired (410): the page says which. */
function sendClosed(res: Response, page: OnboardingPage): void {
  if (page.state === 'completed') send(res, 409, onboardingDone(page));
  else send(res, 410, onboardingExpired(page));
}
