import { z } from 'zod';

/** A DNS domain an operator authorised a partner to send from (SPF/DKIM set up at the relay). */
export const MailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a domain name like mail.example.com',
  );

/** Whether `address` is on one of `domains`: the domain itself or a subdomain of it. */
export function senderDomainAllowed(address: string, domains: readonly string[]): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}
