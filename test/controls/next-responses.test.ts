// The queue of next responses on its own: order, uses, matching (path, method, type, key), validation and bounds.
import t from '../helpers/tap.js'
import { MAX_QUEUED_ENTRIES, MAX_QUEUED_USES, NextResponseError, NextResponses, QueueFullError, type RequestFacts } from '../../src/controls/next-responses.js'

const request = (overrides: Partial<RequestFacts> = {}): RequestFacts => ({ method: 'GET', path: '/api/v1/models', type: undefined, key: 'k', ...overrides })

t.test('entries are used in queue order, once per request, and go when their uses run out', async t => {
  const queue = new NextResponses()
  t.equal(queue.take(request()), undefined, 'an empty queue answers nothing')
  const first = queue.add({ respond: { code: 429 }, times: 2 })
  t.same(first, { id: 1, respond: { code: 429 }, times: 2, remaining: 2, match: {} })
  queue.add({ respond: { code: 503, delay: 20 } })
  t.equal(queue.size, 2)
  t.same(queue.take(request()), { code: 429 })
  t.same(queue.list().map(entry => entry.remaining), [1, 1], 'one use of the first entry is spent')
  t.same(queue.take(request()), { code: 429 })
  t.same(queue.take(request()), { code: 503, delayMs: 20 }, 'delay is the queue\'s word; the request sees Prefer\'s')
  t.equal(queue.take(request()), undefined)
  t.equal(queue.size, 0)
  t.same(queue.list(), [])
})

t.test('listings are copies: changing one changes nothing queued', async t => {
  const queue = new NextResponses()
  const added = queue.add({ respond: { fault: 'reset' }, match: { path: '/api/v1/models' } })
  added.remaining = 99
  added.match.path = '/elsewhere'
  queue.list()[0].respond.fault = 'hang'
  t.same(queue.list(), [{ id: 1, respond: { fault: 'reset' }, times: 1, remaining: 1, match: { path: '/api/v1/models' } }])
})

t.test('match: every given part must hold; a request that does not match leaves the entry for the next', async t => {
  const queue = new NextResponses()
  queue.add({ respond: { code: 500 }, match: { path: '/api/v1/models/*', method: 'get', type: 'image', key: 'sk-one' } })
  t.same(queue.list()[0].match, { path: '/api/v1/models/*', method: 'GET', type: 'image', keyFingerprint: queue.list()[0].match.keyFingerprint })
  t.match(queue.list()[0].match.keyFingerprint, /^sha256:[0-9a-f]{12}$/)
  t.notMatch(JSON.stringify(queue.list()), /sk-one/, 'the key is never shown')
  const matching = request({ path: '/api/v1/models/traits', type: 'image', key: 'sk-one' })
  for (const miss of [{ method: 'POST' }, { path: '/api/v2/models' }, { type: undefined }, { type: 'text' }, { key: null }, { key: 'sk-two' }, { key: 'sk-one-longer' }]) {
    t.equal(queue.take({ ...matching, ...miss }), undefined, JSON.stringify(miss))
  }
  t.equal(queue.size, 1)
  t.same(queue.take(matching), { code: 500 })

  queue.add({ respond: { code: 500 }, match: { path: '/api/v1/models' } })
  t.equal(queue.take(request({ path: '/api/v1/models/traits' })), undefined, 'a path without * is exact')
  t.same(queue.take(request({ key: null })), { code: 500 }, 'no key in the match: any request, with a key or not')
})

t.test('a later entry answers a request an earlier one does not match', async t => {
  const queue = new NextResponses()
  queue.add({ respond: { code: 404 }, match: { path: '/api/v1/models/x' } })
  queue.add({ respond: { code: 503 } })
  t.same(queue.take(request()), { code: 503 })
  t.same(queue.list().map(entry => entry.id), [1])
})

t.test('bad input: every problem, each naming its field', async t => {
  const queue = new NextResponses()
  const problems = (input: unknown) => {
    try {
      queue.add(input)
    } catch (error) {
      t.type(error, NextResponseError)
      return (error as NextResponseError).problems
    }
    t.fail(`${JSON.stringify(input)} was queued`)
  }
  t.same(problems(null), [{ path: '', message: 'Expected object' }])
  t.same(problems({}), [{ path: 'respond', message: 'Expected required property' }])
  t.same(problems({ respond: {} }), [{ path: 'respond', message: 'Expected object to have at least 1 properties' }])
  t.same(problems({ respond: { code: 299 } }), [{ path: 'respond.code', message: 'Expected one of 400, 401, 402, 403, 404, 415, 429, 500, 503, 504' }])
  t.same(problems({ respond: { fault: 'explode' } }), [{ path: 'respond.fault', message: 'Expected one of reset, empty, malformed, hang' }])
  t.same(problems({ respond: { code: 503, fault: 'reset' } }), [{ path: 'respond', message: 'code=503 and fault=reset together: a fault replaces the answer, so use one or the other' }])
  t.same(problems({ respond: { code: 429 }, times: 0, match: { path: 'api', key: '', colour: 'red' }, extra: 1 })?.map(problem => problem.path).sort(),
    ['extra', 'match.colour', 'match.key', 'match.path', 'times'])
  t.same(problems({ respond: { delay: 60_001 } }), [{ path: 'respond.delay', message: 'Expected integer to be less or equal to 60000' }])
  t.match(new NextResponseError([{ path: '', message: 'Expected object' }, { path: 'times', message: 'x' }]).message, 'Invalid next response: body: Expected object; times: x')
  t.equal(queue.size, 0, 'nothing was queued')
})

t.test('the queue is bounded in entries and in uses', async t => {
  const queue = new NextResponses()
  for (let i = 0; i < MAX_QUEUED_ENTRIES; i++) queue.add({ respond: { code: 503 } })
  t.throws(() => queue.add({ respond: { code: 503 } }), new QueueFullError(`The next-responses queue already holds ${MAX_QUEUED_ENTRIES} entries, its limit; clear it (DELETE /__admin/next) or let them be used`))
  t.equal(queue.clear(), MAX_QUEUED_ENTRIES)
  queue.add({ respond: { code: 503 }, times: MAX_QUEUED_USES })
  t.throws(() => queue.add({ respond: { code: 503 } }), { name: 'QueueFullError', message: /would hold 10001 uses; its limit is 10000/ })
  queue.take(request())
  t.same(queue.add({ respond: { code: 503 } }).id, 102, 'a use spent makes room; ids keep counting, refused entries take none')
  t.equal(queue.clear(), 2)
  t.equal(queue.clear(), 0)
  t.same(queue.add({ respond: { code: 503 }, times: MAX_QUEUED_USES }).times, MAX_QUEUED_USES, 'clearing frees the uses too')
})
