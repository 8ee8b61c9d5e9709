import type { Attribution, CaseSource, NoFeeReason } from '@referral/events';

export interface AttributedLink {
  partnerId: string;
  attribution: Attribution;
  linkedAt: Date;
  archivedAt: Date | null;
}

export interface AttributedCase {
  source: CaseSource;
  /** The partner whose customer-API token created the case, if one did. */
  sourcePartnerId: string | null;
  createdAt: Date;
}

export type AttributionDecision = { earns: true } | { earns: false; reason: NoFeeReason };

/**
 * Does a partner's link earn a fee on a payout of this case? The rules of the
 * partner docs, in their order; each "no" says why, for support.
 * A partner with no link at all gets `no_link` without asking this.
 */
export function decideAttribution(link: AttributedLink, kase: AttributedCase): AttributionDecision {
  if (link.archivedAt) return { earns: false, reason: 'link_archived' };
  // Forward only: a link never reaches back to cases that existed before it.
  if (kase.createdAt < link.linkedAt) return { earns: false, reason: 'case_before_link' };
  if (link.attribution === 'attributed') return { earns: true };
  if (kase.source !== 'partner_api') return { earns: false, reason: 'non_attributed_other_source' };
  if (kase.sourcePartnerId !== link.partnerId) {
    return { earns: false, reason: 'not_created_with_partner_token' };
  }
  return { earns: true };
}

/** What support says when asked "why no fee?". */
export const noFeeExplanations: Readonly<Record<NoFeeReason, string>> = {
  no_link: 'You had no link to this client when the payment was made.',
  link_archived: 'Your link to this client was archived when the payment was made.',
  case_before_link: 'The case was created before your link to the client existed.',
  not_created_with_partner_token:
    'The client came to you through a link request (non-attributed), and the case was created with another partner’s token.',
  non_attributed_other_source:
    'The client came to you through a link request (non-attributed), and the case was not created through the customer API with your token.',
};

/** What the partner can do about each reason, shown beside the explanation. */
export const noFeeAdvice: Readonly<Record<NoFeeReason, string>> = {
  no_link:
    'Ask the client to approve a link request; payments made after the link exists can earn you a fee.',
  link_archived:
    'Restore your link to this client (or link again): payments made while the link is active can earn you a fee.',
  case_before_link:
    'Only cases created after your link existed earn a fee; the client’s new cases will.',
  not_created_with_partner_token:
    'Create this client’s cases through the customer API with a token you mint: those earn you a fee.',
  non_attributed_other_source:
    'Create this client’s cases through the customer API with a token you mint: those earn you a fee.',
};
