// VENICE_MOCK_LATENCY: parsing, formatting and picking a delay from a range.
import t from '../helpers/tap.js'
import { formatLatency, MAX_LATENCY_MS, parseLatency, pickLatency } from '../../src/controls/latency.js'
import { createRandom } from '../../src/controls/seeded-random.js'

t.test('a single number is a fixed latency, two joined by "-" a range', async t => {
  t.same(parseLatency('150'), { minMs: 150, maxMs: 150 })
  t.same(parseLatency('0'), { minMs: 0, maxMs: 0 })
  t.same(parseLatency('50-400'), { minMs: 50, maxMs: 400 })
  t.same(parseLatency('50 - 400'), { minMs: 50, maxMs: 400 }, 'spaces around the dash')
  t.same(parseLatency('  50\t-400 '), { minMs: 50, maxMs: 400 }, 'white space around the value')
  t.same(parseLatency('200-200'), { minMs: 200, maxMs: 200 }, 'an empty range is a fixed latency')
  t.same(parseLatency(`0-${MAX_LATENCY_MS}`), { minMs: 0, maxMs: MAX_LATENCY_MS }, 'both limits are allowed')
  t.same(parseLatency('007'), { minMs: 7, maxMs: 7 }, 'leading zeros are plain decimal')
})

t.test('anything else throws a message that reads after the setting name', async t => {
  t.throws(() => parseLatency(''), { message: /^it is empty; use milliseconds like 150 or a range like 50-400/ })
  t.throws(() => parseLatency('   '), { message: /^it is empty/ })
  t.throws(() => parseLatency('-5'), { message: '"-5" is negative; a latency is 0 or more milliseconds' })
  t.throws(() => parseLatency('-5-10'), { message: /is negative/ }, 'a negative minimum')
  t.throws(() => parseLatency('5--10'), { message: /is negative/ }, 'a negative maximum')
  t.throws(() => parseLatency('400-50'), { message: '"400-50" is a range whose minimum is above its maximum; write it as 50-400' })
  t.throws(() => parseLatency('60001'), { message: '"60001" is over the maximum of 60000 milliseconds' })
  t.throws(() => parseLatency('0-60001'), { message: /is over the maximum/ })
  t.throws(() => parseLatency('9'.repeat(400)), { message: /is over the maximum/ }, 'a number too long for a double')
  t.throws(() => parseLatency('1.5'), { message: '"1.5" has a fraction; use whole milliseconds' })
  t.throws(() => parseLatency('10-20.5'), { message: /has a fraction/ })
  for (const raw of ['abc', '1e3', '+5', '0x10', '10-', '-', '10-20-30', '10 20', '10ms', 'NaN', 'Infinity']) {
    t.throws(() => parseLatency(raw), { message: `${JSON.stringify(raw)} is not a latency; use milliseconds like 150 or a range like 50-400` }, raw)
  }
  t.throws(() => parseLatency('abc'), Error)
})

t.test('formatLatency is the inverse of parseLatency', async t => {
  t.equal(formatLatency({ minMs: 150, maxMs: 150 }), '150')
  t.equal(formatLatency({ minMs: 50, maxMs: 400 }), '50-400')
  for (const raw of ['0', '150', '50-400', `0-${MAX_LATENCY_MS}`]) {
    t.equal(formatLatency(parseLatency(raw)), raw, raw)
  }
  t.equal(formatLatency(parseLatency(' 50 - 400 ')), '50-400', 'normalizes spacing')
})

t.test('pickLatency is a whole number, uniform over the range, ends included', async t => {
  const random = createRandom('latency')
  const range = { minMs: 10, maxMs: 13 }
  const counts = new Map<number, number>()
  for (let i = 0; i < 4000; i++) {
    const ms = pickLatency(range, random)
    counts.set(ms, (counts.get(ms) ?? 0) + 1)
  }
  t.same([...counts.keys()].sort((a, b) => a - b), [10, 11, 12, 13], 'every value, both ends, nothing outside')
  for (const [ms, count] of counts) t.ok(count > 800 && count < 1200, `${ms} drawn ${count} times of 4000`)
})

t.test('pickLatency at the extremes of the random source', async t => {
  const range = { minMs: 50, maxMs: 400 }
  t.equal(pickLatency(range, () => 0), 50, 'the lowest draw gives the minimum')
  t.equal(pickLatency(range, () => 1 - Number.EPSILON), 400, 'the highest draw gives the maximum')
  t.equal(pickLatency({ minMs: 150, maxMs: 150 }, () => 0.7), 150, 'a fixed latency ignores the draw')
  t.equal(pickLatency({ minMs: 0, maxMs: MAX_LATENCY_MS }, () => 0.5), 30_000)
})

t.test('the same seed picks the same latencies', async t => {
  const range = parseLatency('0-1000')
  const run = (): number[] => {
    const random = createRandom(7)
    return Array.from({ length: 20 }, () => pickLatency(range, random))
  }
  t.same(run(), run())
})
