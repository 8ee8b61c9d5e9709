import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Deletes, atomically, the job hashes among `ARGV[2..]` that hold no work: in
 * no state that a worker takes jobs from (waiting, paused, active, delayed,
 * prioritized). Two kinds are found after a loss of Redis:
 * - an orphan: a hash in no state at all, left by a deletion that took the
 *   lists but not every hash;
 * - a leftover in the completed or failed set. Our jobs are removed the
 *   moment they finish, so one that stays there is a hash that a script
 *   half-rewrote after its key was lost (no data, no options): it failed,
 *   and without its options it was kept.
 * BullMQ's `add` with an id whose hash exists is a silent no-op, so without
 * this the reconciler's re-add of that id would never run again.
 *
 * The lists are read once per call (LPOS per id would cost the list's length
 * for every id); the sorted sets are asked per id.
 */
const RELEASE_ORPHANS = `
local jobPrefix = ARGV[1]
local listed
local function isListed(id)
  if not listed then
    listed = {}
    for i = 1, 3 do
      for _, member in ipairs(redis.call('LRANGE', KEYS[i], 0, -1)) do listed[member] = true end
    end
  end
  return listed[id]
end
local released = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local jobKey = jobPrefix .. id
  if redis.call('EXISTS', jobKey) == 1
    and not redis.call('ZSCORE', KEYS[4], id) and not redis.call('ZSCORE', KEYS[5], id)
    and not isListed(id) then
    redis.call('ZREM', KEYS[6], id)
    redis.call('ZREM', KEYS[7], id)
    redis.call('DEL', jobKey, jobKey .. ':lock', jobKey .. ':logs')
    released = released + 1
  end
end
return released
`;

/** Delete the jobs among `jobIds` of `queue` that hold no work; returns how many there were. */
export async function releaseOrphanedJobs(
  redis: Redis,
  queue: Queue,
  jobIds: readonly string[],
): Promise<number> {
  if (jobIds.length === 0) return 0;
  const { wait, paused, active, delayed, prioritized, completed, failed } = queue.keys;
  const released = await redis.eval(
    RELEASE_ORPHANS,
    7,
    wait!,
    paused!,
    active!,
    delayed!,
    prioritized!,
    completed!,
    failed!,
    queue.toKey(''),
    ...jobIds,
  );
  return Number(released);
}
