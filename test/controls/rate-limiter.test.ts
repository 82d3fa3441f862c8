// Per-key request windows and the abuse block, on a fake clock: roll-over, counts, independence, bounded memory.
import t from '../helpers/tap.js'
import {
  ABUSE_BLOCK_MS,
  ABUSE_MESSAGE,
  ABUSE_THRESHOLD,
  ABUSE_WINDOW_MS,
  AbuseGuard,
  RateLimiter
} from '../../src/controls/rate-limiter.js'

const START = Date.UTC(2026, 10, 24, 12, 0, 0, 250)

function fakeClock (time = START): { now: () => number, advance: (ms: number) => void, set: (ms: number) => void } {
  return { now: () => time, advance: ms => { time += ms }, set: ms => { time = ms } }
}

t.test('RateLimiter', async t => {
  t.test('remaining counts down to 0, then requests are refused until the window ends', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    const resetAt = Math.ceil((START + 60_000) / 1000)
    for (let n = 1; n <= 3; n++) {
      t.same(limiter.take('k', 3), { allowed: true, limit: 3, remaining: 3 - n, resetAt }, `request ${n}`)
      clock.advance(1000)
    }
    t.same(limiter.take('k', 3), { allowed: false, limit: 3, remaining: 0, resetAt }, 'the 4th: refused (429)')
    t.same(limiter.take('k', 3), { allowed: false, limit: 3, remaining: 0, resetAt }, 'remaining never goes negative')
  })

  t.test('the window rolls over exactly 60 s after the key\'s first request', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    t.equal(limiter.take('k', 2).remaining, 1)
    clock.advance(30_000)
    t.equal(limiter.take('k', 2).remaining, 0, 'a later request does not move the window')
    clock.advance(29_999)
    const last = limiter.take('k', 2)
    t.equal(last.allowed, false, '1 ms before the end: still refused')
    t.equal(last.resetAt, Math.ceil((START + 60_000) / 1000))
    clock.advance(1)
    t.same(limiter.take('k', 2), { allowed: true, limit: 2, remaining: 1, resetAt: Math.ceil((START + 120_000) / 1000) }, 'at 60 s: a new window')
  })

  t.test('a request long after the window ended starts a window at that request', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    limiter.take('k', 5)
    clock.advance(10 * 60_000 + 12_345)
    const decision = limiter.take('k', 5)
    t.equal(decision.remaining, 4)
    t.equal(decision.resetAt, Math.ceil((START + 10 * 60_000 + 12_345 + 60_000) / 1000))
  })

  t.test('resetAt is in Unix seconds, rounded up to a whole second', async t => {
    const clock = fakeClock(Date.UTC(2026, 0, 1, 0, 0, 0, 0))
    const limiter = new RateLimiter(clock.now)
    t.equal(limiter.take('whole', 1).resetAt, Date.UTC(2026, 0, 1, 0, 1, 0) / 1000, 'on a whole second: exact')
    clock.advance(1)
    t.equal(limiter.take('fraction', 1).resetAt, Date.UTC(2026, 0, 1, 0, 1, 1) / 1000, '1 ms past: the next second')
  })

  t.test('keys are independent', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    t.equal(limiter.take('a', 1).allowed, true)
    t.equal(limiter.take('a', 1).allowed, false)
    clock.advance(20_000)
    const b = limiter.take('b', 1)
    t.equal(b.allowed, true, 'b has its own budget')
    t.equal(b.resetAt, Math.ceil((START + 80_000) / 1000), 'and its own window')
    clock.advance(40_000)
    t.equal(limiter.take('a', 1).allowed, true, 'a rolled over')
    t.equal(limiter.take('b', 1).allowed, false, 'b did not')
    t.equal(limiter.trackedKeys, 2)
  })

  t.test('the limit is read on every request', async t => {
    const limiter = new RateLimiter(fakeClock().now)
    t.equal(limiter.take('k', 10).remaining, 9)
    t.same(limiter.take('k', 1), { allowed: false, limit: 1, remaining: 0, resetAt: Math.ceil((START + 60_000) / 1000) }, 'a lowered limit applies at once')
    t.equal(limiter.take('k', 10).remaining, 8)
    t.same(limiter.take('zero', 0).allowed, false, 'a limit of 0 refuses everything')
    for (const limit of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) t.throws(() => limiter.take('k', limit), RangeError, String(limit))
  })

  t.test('clear() forgets every window', async t => {
    const limiter = new RateLimiter(fakeClock().now)
    limiter.take('a', 1)
    limiter.take('b', 1)
    t.equal(limiter.trackedKeys, 2)
    limiter.clear()
    t.equal(limiter.trackedKeys, 0)
    t.equal(limiter.take('a', 1).allowed, true)
  })

  t.test('memory stays bounded: expired windows are swept once there are thousands of keys', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    for (let n = 0; n < 10_000; n++) limiter.take(`key-${n}`, 5)
    t.equal(limiter.trackedKeys, 10_000, 'live windows are all kept')
    clock.advance(60_000)
    limiter.take('one-more', 5)
    t.equal(limiter.trackedKeys, 1, 'the expired ones are gone')
  })

  t.test('the sweep removes only expired windows and stops at the first live one', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    for (let n = 0; n < 3000; n++) limiter.take(`old-${n}`, 5)
    clock.advance(30_000)
    for (let n = 0; n < 3000; n++) limiter.take(`new-${n}`, 5)
    t.equal(limiter.take('old-0', 5).remaining, 3, 'old-0 still in its window')
    clock.advance(30_000)
    limiter.take('trigger', 5)
    t.equal(limiter.trackedKeys, 3000 + 1, 'the old windows went, the new ones stayed')
    t.equal(limiter.take('new-0', 5).remaining, 3, 'a live window keeps its count')
    t.equal(limiter.take('old-1', 5).remaining, 4, 'a swept key starts afresh')
  })

  t.test('below a few thousand keys, expired windows wait for their key to come back', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    for (let n = 0; n < 100; n++) limiter.take(`key-${n}`, 5)
    clock.advance(60_000)
    limiter.take('another', 5)
    t.equal(limiter.trackedKeys, 101)
    limiter.take('key-0', 5)
    t.equal(limiter.trackedKeys, 101, 'a returning key replaces its own expired window')
  })

  t.test('a flood of distinct keys within one window is capped; the oldest is forgotten', async t => {
    const clock = fakeClock()
    const limiter = new RateLimiter(clock.now)
    for (let n = 0; n < 100_000; n++) limiter.take(`flood-${n}`, 1)
    t.equal(limiter.trackedKeys, 100_000)
    limiter.take('flood-100000', 1)
    t.equal(limiter.trackedKeys, 100_000, 'still at the cap')
    t.equal(limiter.take('flood-1', 1).allowed, false, 'a recent key keeps its window')
    t.equal(limiter.take('flood-0', 1).allowed, true, 'the oldest key was forgotten')
  })
})

t.test('AbuseGuard', async t => {
  t.test('the constants and message of the live API', async t => {
    t.equal(ABUSE_THRESHOLD, 20)
    t.equal(ABUSE_WINDOW_MS, 30_000)
    t.equal(ABUSE_BLOCK_MS, 30_000)
    t.equal(ABUSE_MESSAGE, 'Too many failed attempts (> 20) resulting in a non-success status code. Please wait 30s and try again.')
  })

  t.test('the 21st failure within 30 s blocks for 30 s from that failure', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    t.equal(guard.blockedUntil('c'), undefined, 'an unknown caller')
    for (let n = 1; n <= 20; n++) {
      guard.recordFailure('c')
      t.equal(guard.blockedUntil('c'), undefined, `${n} failures: not blocked`)
      clock.advance(1000)
    }
    const crossing = clock.now()
    guard.recordFailure('c')
    t.equal(guard.blockedUntil('c'), crossing + ABUSE_BLOCK_MS, 'the 21st blocks')
    clock.advance(10_000)
    guard.recordFailure('c')
    t.equal(guard.blockedUntil('c'), crossing + ABUSE_BLOCK_MS, 'failures during the block do not extend it')
    t.equal(guard.blockedUntil('other'), undefined, 'other callers are not blocked')
  })

  t.test('the block expires', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    for (let n = 0; n < 21; n++) guard.recordFailure('c')
    clock.advance(ABUSE_BLOCK_MS - 1)
    t.equal(guard.blockedUntil('c'), START + ABUSE_BLOCK_MS, '1 ms before the end: blocked')
    clock.advance(1)
    t.equal(guard.blockedUntil('c'), undefined, 'at the end: free')
    t.equal(guard.trackedCallers, 0, 'and forgotten')
    guard.recordFailure('c')
    t.equal(guard.blockedUntil('c'), undefined, 'one failure after the block does not block again')
  })

  t.test('failures spread over more than 30 s never block', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    // 21 failures 1.5 s apart: the first and the 21st are exactly 30 s apart, so never 21 within 30 s.
    for (let n = 0; n < 100; n++) {
      guard.recordFailure('c')
      t.equal(guard.blockedUntil('c'), undefined)
      clock.advance(1500)
    }
  })

  t.test('a sliding window: 20 old failures and one burst', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    for (let n = 0; n < 20; n++) guard.recordFailure('c')
    clock.advance(29_999)
    guard.recordFailure('c')
    t.equal(guard.blockedUntil('c'), START + 29_999 + ABUSE_BLOCK_MS, 'the 21st within 30 s, even near its end')

    const later = new AbuseGuard(clock.now)
    for (let n = 0; n < 20; n++) later.recordFailure('c')
    clock.advance(ABUSE_WINDOW_MS)
    later.recordFailure('c')
    t.equal(later.blockedUntil('c'), undefined, '30 s later the old 20 no longer count')
    for (let n = 0; n < 19; n++) later.recordFailure('c')
    t.equal(later.blockedUntil('c'), undefined, '20 in the window')
    later.recordFailure('c')
    t.equal(later.blockedUntil('c'), clock.now() + ABUSE_BLOCK_MS, '21 in the window')
  })

  t.test('a caller still failing when its block ends is blocked again by the next failure', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    for (let n = 0; n < 21; n++) guard.recordFailure('c')
    const firstBlock = START + ABUSE_BLOCK_MS
    clock.advance(ABUSE_BLOCK_MS - 1000)
    for (let n = 0; n < 20; n++) guard.recordFailure('c')
    t.equal(guard.blockedUntil('c'), firstBlock, 'not extended by failures during the block')
    clock.set(firstBlock)
    t.equal(guard.blockedUntil('c'), undefined, 'the block ended')
    t.equal(guard.trackedCallers, 1, 'recent failures are still remembered')
    guard.recordFailure('c')
    t.equal(guard.blockedUntil('c'), firstBlock + ABUSE_BLOCK_MS, 'more than 20 within 30 s again')
  })

  t.test('clear() forgets every caller', async t => {
    const guard = new AbuseGuard(fakeClock().now)
    for (let n = 0; n < 21; n++) guard.recordFailure('c')
    t.ok(guard.blockedUntil('c'))
    guard.clear()
    t.equal(guard.blockedUntil('c'), undefined)
    t.equal(guard.trackedCallers, 0)
  })

  t.test('memory stays bounded: stale callers are swept once there are thousands', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    for (let n = 0; n < 10_000; n++) guard.recordFailure('busy')
    t.equal(guard.blockedUntil('busy'), START + ABUSE_BLOCK_MS)
    for (let n = 0; n < 10_000; n++) guard.recordFailure(`caller-${n}`)
    t.equal(guard.trackedCallers, 10_001)
    clock.advance(ABUSE_WINDOW_MS)
    guard.recordFailure('one-more')
    t.equal(guard.trackedCallers, 1, 'the stale callers are gone')
  })

  t.test('a blocked caller is not swept before its block ends', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    for (let n = 0; n < 5000; n++) guard.recordFailure(`caller-${n}`)
    clock.advance(ABUSE_WINDOW_MS - 1)
    for (let n = 0; n < 21; n++) guard.recordFailure('blocked')
    clock.advance(1)
    guard.recordFailure('trigger')
    t.equal(guard.trackedCallers, 2, 'stale callers swept')
    t.equal(guard.blockedUntil('blocked'), START + ABUSE_WINDOW_MS - 1 + ABUSE_BLOCK_MS, 'the blocked one stays')
  })

  t.test('a flood of distinct callers is capped; the oldest is forgotten', async t => {
    const clock = fakeClock()
    const guard = new AbuseGuard(clock.now)
    for (let n = 0; n < 21; n++) guard.recordFailure('first')
    for (let n = 1; n < 100_000; n++) guard.recordFailure(`flood-${n}`)
    t.equal(guard.trackedCallers, 100_000)
    t.ok(guard.blockedUntil('first'))
    guard.recordFailure('flood-100000')
    t.equal(guard.trackedCallers, 100_000, 'still at the cap')
    t.equal(guard.blockedUntil('first'), undefined, 'the oldest caller was forgotten')
  })
})
