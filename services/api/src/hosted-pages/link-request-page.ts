import type { LinkRequestPage } from '@referral/domain';
import { dateTime, details, html, page } from './html';

/** Approve or reject: two buttons of one form, no script. */
export function linkRequestForm(p: LinkRequestPage): string {
  const body = html`<h1>${p.partner.name} asks to link to ${p.companyName}</h1>
    <p>
      If you approve, ${p.partner.name} can submit and follow debt-collection cases for your company
      through its software. Your company stays yours; you can ask the platform to remove the link at
      any time.
    </p>
    ${details([
      ['Company', p.companyName],
      ['Registration number', p.registrationNumber],
      ['Country', p.country],
      ['Request expires', dateTime(p.expiresAt)],
    ])}
    <form method="post">
      <div class="actions">
        <button type="submit" name="decision" value="approve" class="primary">
          Approve the link
        </button>
        <button type="submit" name="decision" value="reject" class="secondary">Reject</button>
      </div>
    </form>`;
  return page({
    title: 'Link request',
    partnerName: p.partner.name,
    branding: p.partner.branding,
    body,
  });
}

const CLOSED: Record<
  Exclude<LinkRequestPage['state'], 'pending'>,
  (p: LinkRequestPage) => [string, string]
> = {
  approved: (p) => [
    'Link approved',
    `${p.companyName} is now linked to ${p.partner.name}. You can close this page.`,
  ],
  rejected: (p) => [
    'Link request rejected',
    `${p.companyName} was not linked to ${p.partner.name}. You can close this page.`,
  ],
  expired: (p) => [
    'This link request has expired',
    `It expired on ${dateTime(p.expiresAt)} and nothing was changed. Ask ${p.partner.name} to send a new request.`,
  ],
};

/** The request is decided or expired: say which, change nothing. */
export function linkRequestClosed(p: LinkRequestPage): string {
  const [title, text] = CLOSED[p.state as keyof typeof CLOSED](p);
  const body = html`<h1>${title}</h1>
    <p role="status">${text}</p>`;
  return page({ title, partnerName: p.partner.name, branding: p.partner.branding, body });
}
