// Compile-time specifications: `tsc -p tsconfig.json` checks this file, so a
// regression in the derived types fails the typecheck, not only the test run.
import { z } from 'zod';
import {
  type ClientLinkedData,
  type TypedEventEnvelope,
  exampleEnvelope,
  type EventData,
  type EventEnvelopeOf,
  type EventType,
} from '../src';
import { defineEvent } from '../src/catalogue/define-event';

// Mutual assignability: zod's inferred object types are equal but not identical.
type Equals<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertType = <T extends true>(): T => true as T;

describe('derived types', () => {
  it('maps each event type to the type inferred from its schema', () => {
    expect(assertType<Equals<EventData<'client.linked'>, ClientLinkedData>>()).toBe(true);
    expect(assertType<Equals<EventEnvelopeOf<'client.linked'>['type'], 'client.linked'>>()).toBe(
      true,
    );
    expect(assertType<Equals<Extract<EventType, 'webhook.test'>, 'webhook.test'>>()).toBe(true);
    type Distinct = Equals<EventData<'client.linked'>, EventData<'client.link_archived'>>;
    expect(assertType<Equals<Distinct, false>>()).toBe(true);
  });

  it('narrows data by switching on the envelope type', () => {
    const summary = (event: TypedEventEnvelope): string => {
      switch (event.type) {
        case 'client.linked':
          return event.data.linkId;
        case 'payout.created':
          return event.data.referralFee?.currency ?? event.data.noFeeReason ?? '';
        default:
          return event.type;
      }
    };
    expect(summary(exampleEnvelope('client.linked'))).toBe('lnk_2bV9sQe4Rk');
    expect(summary(exampleEnvelope('payout.created'))).toBe('EUR');
  });

  it('refuses an example that does not fit its schema', () => {
    const definition = defineEvent({
      type: 'demo.happened',
      description: 'Demo.',
      dataSchema: z.object({ count: z.int() }),
      // @ts-expect-error count must be a number
      example: { count: 'three' },
    });
    expect(definition.type).toBe('demo.happened');
  });
});
