import { SubscriptionSlots, type ParkedJobs } from '../src/workers/subscription-slots';

/** Parked jobs as a set: waking one takes it out (and says so), the rest are gone. */
function parkedJobs(parked: Set<string>, woken: string[]): ParkedJobs {
  return {
    async wake(jobId) {
      if (!parked.delete(jobId)) return 'gone';
      woken.push(jobId);
      return 'promoted';
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SubscriptionSlots', () => {
  it('admits up to the cap per subscription, then lines jobs up oldest first', () => {
    const slots = new SubscriptionSlots(2, parkedJobs(new Set(), []), () => undefined);
    expect(slots.tryAcquire('sub_a', 'dlv_1')).toEqual({ admitted: true });
    expect(slots.tryAcquire('sub_a', 'dlv_2')).toEqual({ admitted: true });
    expect(slots.tryAcquire('sub_a', 'dlv_5')).toEqual({ admitted: false, place: 0 });
    expect(slots.tryAcquire('sub_a', 'dlv_3')).toEqual({ admitted: false, place: 0 });
    expect(slots.tryAcquire('sub_a', 'dlv_5')).toEqual({ admitted: false, place: 1 });
    // Another subscription is not held up.
    expect(slots.tryAcquire('sub_b', 'dlv_4')).toEqual({ admitted: true });
    expect(slots.waiting).toBe(2);
  });

  it('hands a finished slot to the oldest waiting job and keeps it for that job', async () => {
    const parked = new Set(['dlv_3', 'dlv_5']);
    const woken: string[] = [];
    const slots = new SubscriptionSlots(1, parkedJobs(parked, woken), () => undefined);
    slots.tryAcquire('sub_a', 'dlv_1');
    slots.tryAcquire('sub_a', 'dlv_5');
    slots.tryAcquire('sub_a', 'dlv_3');

    slots.release('sub_a');
    await flush();
    expect(woken).toEqual(['dlv_3']);
    // A newcomer does not take the slot kept for the woken job.
    expect(slots.tryAcquire('sub_a', 'dlv_9')).toEqual({ admitted: false, place: 1 });
    expect(slots.tryAcquire('sub_a', 'dlv_3')).toEqual({ admitted: true });
    slots.release('sub_a');
    await flush();
    expect(woken).toEqual(['dlv_3', 'dlv_5']);
  });

  it('passes the slot on when the woken job is gone', async () => {
    const woken: string[] = [];
    const slots = new SubscriptionSlots(1, parkedJobs(new Set(['dlv_3']), woken), () => undefined);
    slots.tryAcquire('sub_a', 'dlv_1');
    slots.tryAcquire('sub_a', 'dlv_2'); // finished elsewhere meanwhile: never parked here
    slots.tryAcquire('sub_a', 'dlv_3');
    slots.release('sub_a');
    await flush();
    await flush();
    expect(woken).toEqual(['dlv_3']);
    expect(slots.waiting).toBe(0);
  });

  it('on a graceful stop, wakes every job parked here at once, so the next dispatcher takes them', async () => {
    const parked = new Set(['dlv_3', 'dlv_4', 'dlv_7']);
    const woken: string[] = [];
    const slots = new SubscriptionSlots(1, parkedJobs(parked, woken), () => undefined);
    slots.tryAcquire('sub_a', 'dlv_1');
    slots.tryAcquire('sub_a', 'dlv_3');
    slots.tryAcquire('sub_a', 'dlv_4');
    slots.tryAcquire('sub_b', 'dlv_2');
    slots.tryAcquire('sub_b', 'dlv_7');
    slots.tryAcquire('sub_b', 'dlv_8'); // finished elsewhere meanwhile: gone

    expect(await slots.wakeAllParked()).toBe(3);
    expect(woken.sort()).toEqual(['dlv_3', 'dlv_4', 'dlv_7']);
    expect(slots.waiting).toBe(0);
  });

  it('frees the slot once nobody waits', () => {
    const slots = new SubscriptionSlots(1, parkedJobs(new Set(), []), () => undefined);
    slots.tryAcquire('sub_a', 'dlv_1');
    slots.release('sub_a');
    expect(slots.tryAcquire('sub_a', 'dlv_2')).toEqual({ admitted: true });
  });
});
