import type { DeliveryStatus } from '@referral/dashboard-contract';
import type { CaseStatus, TransactionStage } from '@referral/events';
import { Badge, type Tone } from './ui/badge';

// Records over every enum value: a new status without a colour and a label fails to compile.
const caseTones: Record<CaseStatus, Tone> = {
  active: 'green',
  pending: 'amber',
  paused: 'slate',
  closed: 'blue',
};
export const caseStatusLabels: Record<CaseStatus, string> = {
  active: 'Active',
  pending: 'Pending',
  paused: 'Paused',
  closed: 'Closed',
};

export const stageLabels: Record<TransactionStage, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  awaiting_collection_partner: 'Awaiting collection partner',
  ready_to_invoice: 'Ready to invoice',
  awaiting_platform_payment: 'Awaiting platform payment',
  paid: 'Paid',
};
const stageTones: Record<TransactionStage, Tone> = {
  pending: 'slate',
  confirmed: 'blue',
  awaiting_collection_partner: 'amber',
  ready_to_invoice: 'violet',
  awaiting_platform_payment: 'blue',
  paid: 'green',
};
/** Chart colours per stage, in stacking order. */
export const stageColours: Record<TransactionStage, string> = {
  pending: '#94a3b8',
  confirmed: '#38bdf8',
  awaiting_collection_partner: '#f59e0b',
  ready_to_invoice: '#8b5cf6',
  awaiting_platform_payment: '#4f46e5',
  paid: '#10b981',
};

const deliveryTones: Record<DeliveryStatus, Tone> = {
  pending: 'amber',
  succeeded: 'green',
  failed: 'red',
  parked: 'violet',
  cancelled: 'slate',
};
export const deliveryLabels: Record<DeliveryStatus, string> = {
  pending: 'Retrying',
  succeeded: 'Succeeded',
  failed: 'Failed',
  parked: 'Parked',
  cancelled: 'Cancelled',
};

export const CaseStatusBadge = ({ status }: { status: CaseStatus }) => (
  <Badge tone={caseTones[status]}>{caseStatusLabels[status]}</Badge>
);
export const StageBadge = ({ stage }: { stage: TransactionStage }) => (
  <Badge tone={stageTones[stage]}>{stageLabels[stage]}</Badge>
);
export const DeliveryStatusBadge = ({ status }: { status: DeliveryStatus }) => (
  <Badge tone={deliveryTones[status]}>{deliveryLabels[status]}</Badge>
);
