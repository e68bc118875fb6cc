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
 * The delivery queue's keys hang off one prefix: `<prefix>records` (hash id → delivery JSON),
 * `<prefix>leased` (zset id by lease end), `<prefix>destinations` (zset callback URI by its earliest
 * due delivery), `<prefix>bytes` (the backlog's bytes) and `<prefix>waiting:<url>` (zset id by due
 * time, one per callback URI). The per-URI keys are built in the scripts, so the queue needs a
 * single Redis (not a cluster). Every script starts with these helpers.
 */
const QUEUE_HELPERS = `
local prefix = ARGV[1]
local function waiting(url) return prefix .. 'waiting:' .. url end
-- Scores a URI by its earliest waiting delivery, or drops it when it has none.
local function rescore(url)
  local first = redis.call('ZRANGE', waiting(url), 0, 0, 'WITHSCORES')
  if first[2] then
    redis.call('ZADD', prefix .. 'destinations', first[2], url)
  else
    redis.call('ZREM', prefix .. 'destinations', url)
  end
end
-- Gives deliveries whose lease ended by now back to their URI's queue.
local function expire(now)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', prefix .. 'leased', '-inf', now)) do
    redis.call('ZREM', prefix .. 'leased', id)
    local raw = redis.call('HGET', prefix .. 'records', id)
    if raw then
      local rec = cjson.decode(raw)
      redis.call('ZADD', waiting(rec.url), rec.dueAt, id)
      rescore(rec.url)
    end
  end
end
`;

/** Mirrors `MemoryDeliveryQueue.enqueue`. ARGV: prefix, id, url, dueAt, bytes, JSON. */
export const ENQUEUE_DELIVERY_LUA = `${QUEUE_HELPERS}
redis.call('HSET', prefix .. 'records', ARGV[2], ARGV[6])
redis.call('ZADD', waiting(ARGV[3]), ARGV[4], ARGV[2])
redis.call('INCRBY', prefix .. 'bytes', ARGV[5])
rescore(ARGV[3])
return 1
`;

/**
 * Mirrors `MemoryDeliveryQueue.claim`. ARGV: prefix, now, dueBefore ('+inf' for all), limit,
 * leaseUntil, url ('' for every URI, earliest URI first). Returns the claimed deliveries' JSON.
 */
export const CLAIM_DELIVERIES_LUA = `${QUEUE_HELPERS}
expire(ARGV[2])
local limit = tonumber(ARGV[4])
local urls = {ARGV[6]}
if ARGV[6] == '' then urls = redis.call('ZRANGEBYSCORE', prefix .. 'destinations', '-inf', ARGV[3]) end
local out = {}
for _, url in ipairs(urls) do
  if #out >= limit then break end
  local ids = redis.call('ZRANGEBYSCORE', waiting(url), '-inf', ARGV[3], 'LIMIT', 0, limit - #out)
  for _, id in ipairs(ids) do
    redis.call('ZREM', waiting(url), id)
    local rec = redis.call('HGET', prefix .. 'records', id)
    if rec then
      redis.call('ZADD', prefix .. 'leased', ARGV[5], id)
      table.insert(out, rec)
    end
  end
  rescore(url)
end
return out
`;

/** Mirrors `MemoryDeliveryQueue.dueDestinations`. ARGV: prefix, now, dueBefore, limit. */
export const DUE_DESTINATIONS_LUA = `${QUEUE_HELPERS}
expire(ARGV[2])
return redis.call('ZRANGEBYSCORE', prefix .. 'destinations', '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
`;

/** Mirrors `MemoryDeliveryQueue.complete`. ARGV: prefix, then the ids. */
export const COMPLETE_DELIVERIES_LUA = `${QUEUE_HELPERS}
for i = 2, #ARGV do
  local raw = redis.call('HGET', prefix .. 'records', ARGV[i])
  if raw then
    local rec = cjson.decode(raw)
    redis.call('HDEL', prefix .. 'records', ARGV[i])
    redis.call('ZREM', prefix .. 'leased', ARGV[i])
    redis.call('ZREM', waiting(rec.url), ARGV[i])
    redis.call('DECRBY', prefix .. 'bytes', rec.bytes)
    rescore(rec.url)
  end
end
return 1
`;

/**
 * Mirrors `MemoryDeliveryQueue.reschedule`: stores each updated delivery (one still held) and puts
 * it back in its URI's queue. ARGV: prefix, then the deliveries' JSON.
 */
export const RESCHEDULE_DELIVERIES_LUA = `${QUEUE_HELPERS}
for i = 2, #ARGV do
  local rec = cjson.decode(ARGV[i])
  local held = redis.call('HGET', prefix .. 'records', rec.id)
  if held then
    redis.call('ZREM', prefix .. 'leased', rec.id)
    redis.call('HSET', prefix .. 'records', rec.id, ARGV[i])
    redis.call('INCRBY', prefix .. 'bytes', rec.bytes - cjson.decode(held).bytes)
    redis.call('ZADD', waiting(rec.url), rec.dueAt, rec.id)
    rescore(rec.url)
  end
end
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
