import { decideAttribution, type AttributedLink } from '../src/payouts/attribution';

const linkedAt = new Date('2026-01-01T00:00:00Z');
const link = (over: Partial<AttributedLink> = {}): AttributedLink => ({
  partnerId: 'p1',
  attribution: 'attributed',
  linkedAt,
  archivedAt: null,
  ...over,
});
const after = new Date('2026-02-01T00:00:00Z');

describe('decideAttribution', () => {
  it('pays an attributed link whatever the source', () => {
    for (const source of ['partner_api', 'web_app', 'csv_import'] as const) {
      const decision = decideAttribution(link(), {
        source,
        sourcePartnerId: source === 'partner_api' ? 'p2' : null,
        createdAt: after,
      });
      expect(decision).toEqual({ earns: true });
    }
  });

  it('pays a non-attributed link only for cases created with its own token', () => {
    const nonAttributed = link({ attribution: 'non_attributed' });
    expect(
      decideAttribution(nonAttributed, {
        source: 'partner_api',
        sourcePartnerId: 'p1',
        createdAt: after,
      }),
    ).toEqual({ earns: true });
    expect(
      decideAttribution(nonAttributed, {
        source: 'partner_api',
        sourcePartnerId: 'p2',
        createdAt: after,
      }),
    ).toEqual({ earns: false, reason: 'not_created_with_partner_token' });
    expect(
      decideAttribution(nonAttributed, {
        source: 'integration',
        sourcePartnerId: null,
        createdAt: after,
      }),
    ).toEqual({ earns: false, reason: 'non_attributed_other_source' });
  });

  it('pays nothing through an archived link, nor on cases older than the link (checked first)', () => {
    const kase = { source: 'partner_api' as const, sourcePartnerId: 'p1', createdAt: after };
    expect(decideAttribution(link({ archivedAt: after }), kase)).toEqual({
      earns: false,
      reason: 'link_archived',
    });
    expect(
      decideAttribution(link(), { ...kase, createdAt: new Date('2025-12-31T23:59:59Z') }),
    ).toEqual({ earns: false, reason: 'case_before_link' });
  });
});
