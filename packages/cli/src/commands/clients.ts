import { Option, type Command } from 'commander';
import type { Page } from '@referral/db';
import type { ClientRecord, KycQueueItem, KycReviewRecord } from '@referral/domain';
import { contextOf } from '../context';
import { integerIn, nextPage, segment, when } from '../format';
import { details, table } from '../table';

/**
 * `clients show | kyc-queue | kyc | approve-kyc | reject-kyc`: a company, its
 * users, and the review of what companies submit for KYC.
 */
export function registerClientCommands(program: Command): void {
  const clients = program
    .command('clients')
    .description('Clients: companies, their partners’ links, their users and their KYC');

  clients
    .command('show')
    .description('Show a company: its details, KYC status, every partner’s link and its users')
    .argument('<id>', 'client id (cli_…)')
    .action(async (id: string, _options: object, command: Command) => {
      const { api, print } = contextOf(command);
      const client = await api.get<ClientRecord>(`/admin/clients/${segment(id)}`);
      print(client, (c) =>
        [
          details([
            ['Client', c.id],
            ['Company', c.companyName],
            ['Registration', `${c.country} ${c.registrationNumber}`],
            ['Contact', c.contactName ? `${c.contactName} <${c.contactEmail}>` : c.contactEmail],
            ['SDCA signed', c.sdcaSignedAt ? `${when(c.sdcaSignedAt)} by ${c.sdcaSignedBy}` : null],
            ['KYC', c.kycVerifiedAt ? `${c.kycStatus} ${when(c.kycVerifiedAt)}` : c.kycStatus],
          ]),
          '',
          c.links.length
            ? table(c.links, [
                { header: 'partner', value: (l) => l.partnerId },
                { header: 'tenant id', value: (l) => l.externalTenantId },
                { header: 'attribution', value: (l) => l.attribution },
                { header: 'fee %', value: (l) => l.feePercent, align: 'right' },
                { header: 'linked', value: (l) => when(l.linkedAt) },
                { header: 'archived', value: (l) => when(l.archivedAt) },
              ])
            : 'No partner links.',
          '',
          c.users.length
            ? table(c.users, [
                { header: 'user', value: (u) => u.name },
                { header: 'email', value: (u) => u.email },
                { header: 'role', value: (u) => u.role },
                { header: 'added', value: (u) => when(u.addedAt) },
              ])
            : 'No users added at onboarding.',
        ].join('\n'),
      );
    });

  clients
    .command('kyc-queue')
    .description('KYC submissions waiting for review, oldest first (or those approved or rejected)')
    .addOption(
      new Option('--status <status>', 'submissions in this state')
        .choices(['submitted', 'approved', 'rejected'])
        .default('submitted'),
    )
    .option('--limit <n>', 'rows per page, 1 to 100', integerIn(1, 100), 50)
    .option('--cursor <cursor>', 'the page after this one (printed under the previous page)')
    .action(
      async (options: { status: string; limit: number; cursor?: string }, command: Command) => {
        const { api, print } = contextOf(command);
        const page = await api.get<Page<KycQueueItem>>('/admin/kyc-submissions', options);
        print(page, ({ data, nextCursor }) =>
          data.length
            ? [
                table(data, [
                  { header: 'client', value: (k) => k.clientId },
                  { header: 'company', value: (k) => k.companyName },
                  { header: 'country', value: (k) => k.country },
                  { header: 'submitted', value: (k) => when(k.submittedAt) },
                  { header: 'decided', value: (k) => when(k.decidedAt) },
                ]),
                nextPage(nextCursor),
              ].join('')
            : `No submission is ${options.status}.`,
        );
      },
    );

  clients
    .command('kyc')
    .description('Show what the company submitted for KYC, and where its review stands')
    .argument('<id>', 'client id (cli_…)')
    .action(async (id: string, _options: object, command: Command) => {
      const { api, print } = contextOf(command);
      const record = await api.get<KycReviewRecord>(`/admin/clients/${segment(id)}/kyc`);
      print(record, kycText);
    });

  clients
    .command('approve-kyc')
    .description('Approve the submission under review: the company’s cases can be created')
    .argument('<id>', 'client id (cli_…)')
    .action(async (id: string, _options: object, command: Command) => {
      const { api, print } = contextOf(command);
      const record = await api.post<KycReviewRecord>(`/admin/clients/${segment(id)}/kyc/approve`);
      print(record, (r) => `Approved the KYC of ${r.companyName}: its cases can now be created.`);
    });

  clients
    .command('reject-kyc')
    .description(
      'Reject the submission under review; its document is deleted and the client may submit again',
    )
    .argument('<id>', 'client id (cli_…)')
    .requiredOption('--reason <text>', 'why, in words the client can act on (sent to its partners)')
    .action(async (id: string, options: { reason: string }, command: Command) => {
      const { api, print } = contextOf(command);
      const record = await api.post<KycReviewRecord>(`/admin/clients/${segment(id)}/kyc/reject`, {
        reason: options.reason,
      });
      print(record, (r) => `Rejected the KYC of ${r.companyName}; its partners were told why.`);
    });
}

function kycText(r: KycReviewRecord): string {
  const s = r.submission;
  const head = details([
    ['Client', `${r.clientId} ${r.companyName}`],
    ['KYC', r.kycStatus],
    ['Verified', when(r.kycVerifiedAt)],
  ]);
  if (!s) return `${head}\n\nNothing submitted yet.`;
  const a = s.address;
  return [
    head,
    '',
    details([
      ['Submission', `${s.id} ${s.status}`],
      ['Submitted', when(s.submittedAt)],
      ['Decided', when(s.decidedAt)],
      ['Reason', s.reason],
      ['Representative', `${s.legalRepresentative}, born ${s.dateOfBirth}`],
      [
        'Address',
        [a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(', '),
      ],
      [
        'Document',
        s.document
          ? `${s.document.fileName} (${s.document.contentType}, ${s.document.byteSize} bytes, sha256 ${s.document.sha256})`
          : 'deleted',
      ],
    ]),
    '',
    s.beneficialOwners.length
      ? table(s.beneficialOwners, [
          { header: 'owner', value: (o) => o.name },
          { header: 'born', value: (o) => o.dateOfBirth },
          { header: '%', value: (o) => o.percent, align: 'right' },
        ])
      : 'No one owns more than 25 % (confirmed by the client).',
  ].join('\n');
}
