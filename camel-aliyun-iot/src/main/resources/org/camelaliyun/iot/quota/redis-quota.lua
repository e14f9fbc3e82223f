-- The gateway's quota rule for one account and API (see QuotaLedger and AdaptiveRate), atomically, on Redis' clock.
-- KEYS[1] holds: zset call id -> time its hold on the window ends (inf while in flight with no proof of arrival)
-- KEYS[2] starts: hash call id -> start of each call in flight
-- KEYS[3] state: hash next (earliest next start), seq, lowered (adaptive rate), loweredAt
-- ARGV: op, calls per second, window us, arrival margin us, spacing margin, key ttl ms,
--       increase per second (share of the rate), decrease factor, floor (share of the rate), call id, call start us,
--       how late a start may be and keep the grid us
-- Times in microseconds.
local holds, starts, state = KEYS[1], KEYS[2], KEYS[3]
local op = ARGV[1]
local n = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local margin = tonumber(ARGV[4])
local ttl = tonumber(ARGV[6])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local function rate()
  local lowered = tonumber(redis.call('HGET', state, 'lowered') or '')
  if not lowered then return n end
  local r = lowered + n * tonumber(ARGV[7]) * (now - tonumber(redis.call('HGET', state, 'loweredAt'))) / 1000000
  if r >= n then
    redis.call('HDEL', state, 'lowered', 'loweredAt')
    return n
  end
  return r
end

local function keep()
  redis.call('PEXPIRE', holds, ttl)
  redis.call('PEXPIRE', starts, ttl)
  redis.call('PEXPIRE', state, ttl)
end

local function unknown(score)
  local s = tonumber(score)
  return s == nil or s == math.huge
end

if op == 'start' then
  local gone = redis.call('ZRANGEBYSCORE', holds, '-inf', now)
  if #gone > 0 then
    redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
    redis.call('HDEL', starts, unpack(gone))
  end
  local r = rate()
  local nextStart = tonumber(redis.call('HGET', state, 'next') or '0')
  if now < nextStart then
    return {0, nextStart - now, tostring(r)}
  end
  if redis.call('ZCARD', holds) >= n then
    local free = now + window
    local first = redis.call('ZRANGE', holds, 0, 0, 'WITHSCORES')
    if not unknown(first[2]) and tonumber(first[2]) < free then
      free = tonumber(first[2])
    end
    return {0, free - now, tostring(r)}
  end
  -- on a grid: a start a little late (a timer, a round trip) does not push the next slot back (QuotaLedger.nextSlot)
  local spacing = math.floor(1000000 / r * (1 + tonumber(ARGV[5])))
  local late = math.min(tonumber(ARGV[12]), math.floor(spacing / 4))
  local slot = nextStart
  if now - late > slot then slot = now - late end
  redis.call('HSET', state, 'next', slot + spacing)
  local id = tostring(redis.call('HINCRBY', state, 'seq', 1))
  redis.call('ZADD', holds, '+inf', id)
  redis.call('HSET', starts, id, now)
  keep()
  return {1, id, now, tostring(r)}
elseif op == 'done' then
  local id = ARGV[10]
  local start = tonumber(ARGV[11])
  local score = redis.call('ZSCORE', holds, id)
  if score then
    local ends = now + window
    if not unknown(score) and tonumber(score) < ends then
      ends = tonumber(score)
    end
    redis.call('ZADD', holds, ends, id)
  end
  redis.call('HDEL', starts, id)
  -- every call started before this one and still in flight has had its chance to arrive
  local inFlight = redis.call('HGETALL', starts)
  for i = 1, #inFlight, 2 do
    local s = tonumber(inFlight[i + 1])
    if s < start and unknown(redis.call('ZSCORE', holds, inFlight[i])) then
      local by = s + margin
      if now > by then by = now end
      redis.call('ZADD', holds, 'XX', by + window, inFlight[i])
    end
  end
  keep()
  return tostring(rate())
elseif op == 'returned' then
  redis.call('ZREM', holds, ARGV[10])
  redis.call('HDEL', starts, ARGV[10])
  return tostring(rate())
elseif op == 'throttled' then
  local r = rate()
  local at = tonumber(redis.call('HGET', state, 'loweredAt') or '')
  if at == nil or now - at >= window then
    r = r * tonumber(ARGV[8])
    local floor = n * tonumber(ARGV[9])
    if r < floor then r = floor end
    redis.call('HSET', state, 'lowered', r, 'loweredAt', now)
    keep()
  end
  return tostring(r)
end
return redis.error_reply('unknown op ' .. tostring(op))
