/**
 * Lua scripts that make the Redis store's read-modify-write steps atomic across instances.
 * Each mirrors a function of the in-memory store; the store contract tests run both.
 */

/**
 * Mirrors `decideTransfer` (call-state.ts).
 * KEYS[1] call record key. ARGV[1] now (ms), ARGV[2] transfer JSON, ARGV[3] record TTL (ms).
 * Returns {"ok"} or {"transferring", recordJson} or {"disconnected"}.
 */
export const BEGIN_TRANSFER_LUA = `
local now = tonumber(ARGV[1])
local raw = redis.call('GET', KEYS[1])
if raw then
  local rec = cjson.decode(raw)
  if rec.state == 'transferring' and rec.transfer and now >= tonumber(rec.transfer.settlesAt) then
    if rec.transfer.outcome == 'accepted' and rec.transfer.endsCall then
      return {'disconnected'}
    end
    rec = { state = 'connected' }
  end
  if rec.state == 'disconnected' then return {'disconnected'} end
  if rec.state == 'transferring' then return {'transferring', raw} end
end
local record = '{"state":"transferring","transfer":' .. ARGV[2] .. '}'
redis.call('SET', KEYS[1], record, 'PX', ARGV[3])
return {'ok'}
`;

/**
 * Mirrors `MemoryDeliveryQueue.claim`.
 * KEYS[1] waiting zset (score dueAt), KEYS[2] leased zset (score lease end), KEYS[3] records hash.
 * ARGV[1] now, ARGV[2] dueBefore ('+inf' for all), ARGV[3] limit, ARGV[4] leaseUntil.
 * Returns the claimed records as JSON strings.
 */
export const CLAIM_DELIVERIES_LUA = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  local rec = redis.call('HGET', KEYS[3], id)
  if rec then
    redis.call('ZADD', KEYS[1], cjson.decode(rec).dueAt, id)
  end
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local rec = redis.call('HGET', KEYS[3], id)
  if rec then
    redis.call('ZADD', KEYS[2], ARGV[4], id)
    table.insert(out, rec)
  end
end
return out
`;

/**
 * Stores an updated delivery and puts it back in the waiting set.
 * KEYS[1] waiting zset, KEYS[2] leased zset, KEYS[3] records hash. ARGV[1] id, ARGV[2] dueAt, ARGV[3] JSON.
 */
export const RESCHEDULE_DELIVERY_LUA = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`;

/**
 * RepeatabilityStore.claim. A record is a hash {fingerprint, token, response?} that expires.
 * KEYS[1] record key. ARGV[1] fingerprint, ARGV[2] new token, ARGV[3] lease (ms).
 * Returns {"new"}, {"in-flight"}, {"done", responseJson} or {"mismatch"}.
 */
export const REPEATABILITY_CLAIM_LUA = `
local fingerprint = redis.call('HGET', KEYS[1], 'fingerprint')
if fingerprint then
  if fingerprint ~= ARGV[1] then return {'mismatch'} end
  local response = redis.call('HGET', KEYS[1], 'response')
  if response then return {'done', response} end
  return {'in-flight'}
end
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'token', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'new'}
`;

/** RepeatabilityStore.complete: KEYS[1] record key. ARGV[1] token, ARGV[2] response JSON, ARGV[3] TTL (ms). */
export const REPEATABILITY_COMPLETE_LUA = `
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] and redis.call('HEXISTS', KEYS[1], 'response') == 0 then
  redis.call('HSET', KEYS[1], 'response', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
`;

/** RepeatabilityStore.release: KEYS[1] record key. ARGV[1] token. */
export const REPEATABILITY_RELEASE_LUA = `
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] and redis.call('HEXISTS', KEYS[1], 'response') == 0 then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
