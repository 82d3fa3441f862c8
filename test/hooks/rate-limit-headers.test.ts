// The rate-limit headers: values, the minute window, and one shared object per second.
import t from '../helpers/tap.js'
import { createRateLimitHeaders, RATE_LIMIT } from '../../src/hooks/rate-limit-headers.js'

t.test('the six headers, with the reset at the end of the current minute', async t => {
  let now = Date.UTC(2026, 10, 24, 12, 0, 15, 250)
  const headers = createRateLimitHeaders(() => now)
  const first = headers()
  t.same(first, {
    'x-ratelimit-limit-requests': String(RATE_LIMIT.requestsPerMinute),
    'x-ratelimit-remaining-requests': String(RATE_LIMIT.requestsPerMinute - 1),
    'x-ratelimit-reset-requests': String(Date.UTC(2026, 10, 24, 12, 1, 0) / 1000),
    'x-ratelimit-limit-tokens': '1000000',
    'x-ratelimit-remaining-tokens': '1000000',
    'x-ratelimit-reset-tokens': '45'
  })
  now += 500
  t.equal(headers(), first, 'the same object within the same second')
  now += 500
  const next = headers()
  t.not(next, first, 'rebuilt in the next second')
  t.equal(next['x-ratelimit-reset-tokens'], '44')
  now = Date.UTC(2026, 10, 24, 12, 1, 0)
  t.equal(headers()['x-ratelimit-reset-requests'], String(Date.UTC(2026, 10, 24, 12, 2, 0) / 1000), 'a new window at the minute')
  t.equal(headers()['x-ratelimit-reset-tokens'], '60')
  t.ok(Object.isFrozen(first))
})
