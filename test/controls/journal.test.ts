// The request journal: ring-buffer order and wrap-around, filters, redaction, truncation and ids.
import t from '../helpers/tap.js'
import { Journal, MAX_STORED_LENGTH, type JournalInput } from '../../src/controls/journal.js'

const START = Date.UTC(2026, 10, 24, 12, 0, 0)

function input (overrides: Partial<JournalInput> = {}): JournalInput {
  return { startedAt: START, method: 'GET', url: '/api/v1/models', headers: {}, status: 200, durationMs: 1, ...overrides }
}

/** A journal holding one request a second from START, at the given paths and statuses. */
function filled (capacity: number, requests: Array<[string, number]>): Journal {
  const journal = new Journal(capacity)
  requests.forEach(([url, status], i) => journal.record(input({ url, status, startedAt: START + i * 1000 })))
  return journal
}

t.test('the capacity must be an integer of at least 1', async t => {
  for (const capacity of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.throws(() => new Journal(capacity), RangeError, String(capacity))
  }
  const journal = new Journal(1)
  t.equal(journal.capacity, 1)
  t.equal(journal.size, 0)
  t.same(journal.list(), [])
})

t.test('an entry holds the request, with the query split off and the duration rounded', async t => {
  const journal = new Journal(10)
  const entry = journal.record(input({
    startedAt: START + 250,
    method: 'HEAD',
    url: '/api/v1/models?type=image&x=1&x=2&x=3&empty=&plus=a+b%20c',
    headers: { Accept: 'application/json', 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'], absent: undefined },
    status: 404,
    durationMs: 1.23456
  }))
  t.same(entry, {
    id: 1,
    timestamp: '2026-11-24T12:00:00.250Z',
    method: 'HEAD',
    path: '/api/v1/models',
    query: { type: 'image', x: ['1', '2', '3'], empty: '', plus: 'a b c' },
    headers: { accept: 'application/json', 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] },
    status: 404,
    durationMs: 1.23
  })
  t.notOk('absent' in entry.headers, 'undefined headers are left out')
  t.equal(journal.record(input({ durationMs: 0.005 })).durationMs, 0.01, 'rounded to 0.01')
  t.equal(journal.record(input({ durationMs: 7 })).durationMs, 7)
  t.same(journal.record(input({ url: '/healthz' })).query, {}, 'no query')
  t.same(journal.record(input({ url: '/healthz?' })).query, {}, 'an empty query')
  t.equal(journal.size, 5)
})

t.test('stored entries cannot be changed through what list() returns', async t => {
  const journal = new Journal(2)
  journal.record(input({ url: '/a?x=1&x=2', headers: { via: ['a', 'b'] } }))
  const [entry] = journal.list()
  t.ok(Object.isFrozen(entry))
  t.ok(Object.isFrozen(entry.query))
  t.ok(Object.isFrozen(entry.query.x))
  t.ok(Object.isFrozen(entry.headers))
  t.ok(Object.isFrozen(entry.headers.via))
})

t.test('a __proto__ query key or header name is kept as plain data', async t => {
  const journal = new Journal(2)
  const headers = JSON.parse('{"__proto__": "header", "constructor": "c"}')
  const entry = journal.record(input({ url: '/a?__proto__=polluted&__proto__=twice&constructor=x&toString=y', headers }))
  t.same(Object.keys(entry.query), ['__proto__', 'constructor', 'toString'])
  t.same(Object.getOwnPropertyDescriptor(entry.query, '__proto__')?.value, ['polluted', 'twice'])
  t.equal(entry.query.constructor, 'x')
  t.equal(Object.getPrototypeOf(entry.query), null)
  t.equal(Object.getOwnPropertyDescriptor(entry.headers, '__proto__')?.value, 'header')
  t.equal(entry.headers.constructor, 'c')
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched')
  t.same(JSON.parse(JSON.stringify(entry.query)), JSON.parse('{"__proto__":["polluted","twice"],"constructor":"x","toString":"y"}'))
  const single = journal.record(input({ url: '/a?__proto__=one' })).query
  t.equal(Object.getOwnPropertyDescriptor(single, '__proto__')?.value, 'one')
})

t.test('list() is newest first, and the ring keeps only the last `capacity` entries', async t => {
  const journal = new Journal(3)
  const ids = [1, 2, 3, 4, 5].map(n => journal.record(input({ url: `/r${n}`, startedAt: START + n })).id)
  t.same(ids, [1, 2, 3, 4, 5])
  t.equal(journal.size, 3, 'never more than the capacity')
  t.same(journal.list().map(e => e.path), ['/r5', '/r4', '/r3'])
  t.same(journal.list().map(e => e.id), [5, 4, 3])
  journal.record(input({ url: '/r6' }))
  t.same(journal.list().map(e => e.path), ['/r6', '/r5', '/r4'], 'wraps around again')

  const partial = new Journal(3)
  partial.record(input({ url: '/only' }))
  t.same(partial.list().map(e => e.path), ['/only'], 'a journal not yet full')
})

t.test('clear() empties the journal, says how many entries it removed, and ids go on', async t => {
  const journal = new Journal(3)
  for (let n = 0; n < 5; n++) journal.record(input())
  t.equal(journal.clear(), 3)
  t.equal(journal.size, 0)
  t.same(journal.list(), [])
  t.equal(journal.clear(), 0, 'nothing left to remove')
  t.equal(journal.record(input({ url: '/after' })).id, 6, 'ids are not reset')
  t.same(journal.list().map(e => [e.id, e.path]), [[6, '/after']])
  journal.record(input())
  journal.record(input())
  journal.record(input({ url: '/wrapped' }))
  t.same(journal.list().map(e => e.id), [9, 8, 7], 'the ring works after a clear')
})

t.test('filters', async t => {
  const journal = filled(10, [
    ['/api/v1/models', 200], // 0 s
    ['/api/v1/models/traits', 200], // 1 s
    ['/api/v1/models?type=image', 400], // 2 s
    ['/healthz', 200], // 3 s
    ['/api/v1/models/x', 404], // 4 s
    ['/api/v1/models', 401] // 5 s
  ])
  const paths = (filter: Parameters<Journal['list']>[0]): string[] => journal.list(filter).map(e => `${e.path} ${e.status}`)

  t.test('path, exactly', async t => {
    t.same(paths({ path: '/api/v1/models' }), ['/api/v1/models 401', '/api/v1/models 400', '/api/v1/models 200'])
    t.same(paths({ path: '/api/v1/model' }), [], 'not a prefix without *')
    t.same(paths({ path: '/api/v1/models?type=image' }), [], 'the query is not part of the path')
  })

  t.test('path as a prefix when it ends with *', async t => {
    t.same(paths({ path: '/api/v1/models/*' }), ['/api/v1/models/x 404', '/api/v1/models/traits 200'])
    t.same(paths({ path: '/api/v1/models*' }).length, 5)
    t.same(paths({ path: '*' }).length, 6, 'a lone * matches everything')
  })

  t.test('status', async t => {
    t.same(paths({ status: 200 }), ['/healthz 200', '/api/v1/models/traits 200', '/api/v1/models 200'])
    t.same(paths({ status: 500 }), [])
  })

  t.test('since, as an ISO date and as epoch ms, inclusive', async t => {
    t.same(paths({ since: new Date(START + 4000).toISOString() }), ['/api/v1/models 401', '/api/v1/models/x 404'])
    t.same(paths({ since: START + 4000 }), ['/api/v1/models 401', '/api/v1/models/x 404'])
    t.same(paths({ since: START + 4001 }), ['/api/v1/models 401'])
    t.same(paths({ since: '2026-11-24T12:00:05+00:00' }), ['/api/v1/models 401'], 'any ISO offset')
    t.same(paths({ since: START + 6000 }), [])
    t.same(paths({ since: 0 }).length, 6)
    t.throws(() => journal.list({ since: 'yesterday' }), RangeError)
    t.throws(() => journal.list({ since: Number.NaN }), RangeError)
  })

  t.test('since goes by arrival, even when entries were recorded out of order', async t => {
    const late = new Journal(5)
    late.record(input({ url: '/slow', startedAt: START + 1000 }))
    late.record(input({ url: '/fast', startedAt: START + 3000 }))
    late.record(input({ url: '/slower', startedAt: START }))
    t.same(late.list({ since: START + 1000 }).map(e => e.path), ['/fast', '/slow'])
  })

  t.test('limit', async t => {
    t.same(paths({ limit: 2 }), ['/api/v1/models 401', '/api/v1/models/x 404'], 'the newest ones')
    t.same(paths({ limit: 0 }), [])
    t.same(paths({ limit: 1000 }).length, 6, 'capped at the capacity')
    for (const limit of [-1, 1.5, Number.NaN]) t.throws(() => journal.list({ limit }), RangeError, String(limit))
  })

  t.test('all filters together', async t => {
    t.same(paths({ path: '/api/v1/models', status: 200, since: START, limit: 5 }), ['/api/v1/models 200'])
    t.same(paths({ path: '/api/v1/*', status: 200, since: START + 1000 }), ['/api/v1/models/traits 200'])
    t.same(paths({ path: '/api/v1/models*', since: START + 1000, limit: 2 }), ['/api/v1/models 401', '/api/v1/models/x 404'])
    t.same(paths({ path: '/api/v1/models*', status: 401, since: START + 5001 }), [])
  })
})

t.test('limit defaults to 100 and is capped at the capacity', async t => {
  const big = new Journal(250)
  for (let n = 0; n < 250; n++) big.record(input())
  t.equal(big.list().length, 100, 'default 100')
  t.equal(big.list()[0].id, 250)
  t.equal(big.list({ limit: 250 }).length, 250)
  t.equal(big.list({ limit: 10_000 }).length, 250)
  const small = new Journal(5)
  for (let n = 0; n < 8; n++) small.record(input())
  t.equal(small.list().length, 5, 'the default is capped too')
})

t.test('credentials are redacted and nothing of them is kept', async t => {
  const journal = new Journal(20)
  const stored = (name: string, value: string | string[]): string | string[] => journal.record(input({ headers: { [name]: value } })).headers[name.toLowerCase()]
  const cases: Array<[string, string | string[], string | string[]]> = [
    ['authorization', 'Bearer sk-secret-1', 'Bearer [redacted]'],
    ['Authorization', 'bearer sk-secret-1', 'bearer [redacted]'],
    ['authorization', 'BEARER   sk-secret-1 trailing', 'BEARER [redacted]'],
    ['authorization', '\tBearer\tsk-secret-1', 'Bearer [redacted]'],
    ['authorization', 'Basic dXNlcjpzZWNyZXQ=', 'Basic [redacted]'],
    ['authorization', 'Digest username="u", response="secret"', 'Digest [redacted]'],
    ['authorization', 'sk-secret-1', '[redacted]'],
    ['authorization', 'sk-secret-1 more-secret', '[redacted]'],
    ['authorization', 'Bearer', '[redacted]'],
    ['authorization', 'Bearer ', '[redacted]'],
    ['authorization', '', '[redacted]'],
    ['authorization', 'Bearer:sk-secret-1', '[redacted]'],
    ['authorization', ['Bearer sk-secret-1', 'sk-secret-2'], ['Bearer [redacted]', '[redacted]']],
    ['proxy-authorization', 'Basic c2VjcmV0', 'Basic [redacted]'],
    ['Proxy-Authorization', 'sk-secret-1', '[redacted]'],
    ['cookie', 'session=sk-secret-1; theme=dark', '[redacted]'],
    ['Cookie', ['a=sk-secret-1', 'b=sk-secret-2'], ['[redacted]', '[redacted]']],
    ['cookie', 'Bearer sk-secret-1', '[redacted]']
  ]
  for (const [name, value, expected] of cases) t.same(stored(name, value), expected, `${name}: ${JSON.stringify(value)}`)
  t.notMatch(JSON.stringify(journal.list({ limit: 20 })), /secret|dXNl|c2Vj/, 'no credential anywhere')
  t.equal(stored('x-other', 'Bearer visible'), 'Bearer visible', 'other headers are kept')
})

t.test('a header given twice with different case is one header holding both values', async t => {
  const journal = new Journal(2)
  const entry = journal.record(input({ headers: { 'X-Tag': 'a', 'x-tag': ['b', 'c'], Authorization: 'Bearer k1', authorization: 'Bearer k2' } }))
  t.same(entry.headers['x-tag'], ['a', 'b', 'c'])
  t.same(entry.headers.authorization, ['Bearer [redacted]', 'Bearer [redacted]'])
  t.ok(Object.isFrozen(entry.headers['x-tag']))
})

t.test('long URLs and header values are cut at 8 KiB and end in ...', async t => {
  const journal = new Journal(10)
  t.equal(MAX_STORED_LENGTH, 8192)

  const exact = '/' + 'p'.repeat(MAX_STORED_LENGTH - 1)
  t.equal(journal.record(input({ url: exact })).path, exact, 'exactly 8 KiB is kept whole')

  const longPath = journal.record(input({ url: '/' + 'p'.repeat(100_000) + '?a=1' }))
  t.equal(longPath.path, '/' + 'p'.repeat(MAX_STORED_LENGTH - 1) + '...')
  t.same(longPath.query, {}, 'a query past the cut is dropped')

  const longQuery = journal.record(input({ url: '/q?a=1&b=' + 'v'.repeat(100_000) }))
  t.equal(longQuery.path, '/q')
  t.equal(longQuery.query.a, '1')
  t.equal(longQuery.query.b, 'v'.repeat(MAX_STORED_LENGTH - '/q?a=1&b='.length) + '...')

  const manyParams = journal.record(input({ url: '/q?' + 'k=v&'.repeat(100_000) }))
  t.ok((manyParams.query.k as string[]).length < MAX_STORED_LENGTH / 4, 'the URL is cut before it is parsed')

  const header = journal.record(input({ headers: { 'user-agent': 'u'.repeat(100_000), accept: ['a'.repeat(9000), 'short'] } }))
  t.equal(header.headers['user-agent'], 'u'.repeat(MAX_STORED_LENGTH) + '...')
  t.same(header.headers.accept, ['a'.repeat(MAX_STORED_LENGTH) + '...', 'short'])

  const secret = journal.record(input({ headers: { authorization: 'Bearer ' + 's'.repeat(100_000) } }))
  t.equal(secret.headers.authorization, 'Bearer [redacted]', 'redacted, not cut')

  // An emoji straddling the cut is dropped whole rather than split into a lone surrogate.
  const straddling = 'x'.repeat(MAX_STORED_LENGTH - 1) + '😀' + 'tail'
  t.equal(journal.record(input({ headers: { 'x-emoji': straddling } })).headers['x-emoji'], 'x'.repeat(MAX_STORED_LENGTH - 1) + '...')
  const fitting = 'x'.repeat(MAX_STORED_LENGTH - 2) + '😀' + 'tail'
  t.equal(journal.record(input({ headers: { 'x-emoji': fitting } })).headers['x-emoji'], 'x'.repeat(MAX_STORED_LENGTH - 2) + '😀...')
})

t.test('memory stays flat: the ring never grows past its capacity', async t => {
  const journal = new Journal(50)
  for (let n = 0; n < 10_000; n++) journal.record(input({ url: `/r${n}` }))
  t.equal(journal.size, 50)
  t.same(journal.list({ limit: 2 }).map(e => e.path), ['/r9999', '/r9998'])
  t.equal(journal.list({ limit: 50 }).at(-1)?.path, '/r9950')
})
