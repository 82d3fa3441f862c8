// Bearer authentication: the live posture by default, the three modes, accepted keys, every malformed header, keys kept out of logs.
import { Writable } from 'node:stream'
import t from '../helpers/tap.js'
import { appFor, KEY } from '../helpers/app.js'

const PROTECTED = ['/api/v1/models', '/api/v1/models/traits', '/api/v1/models/compatibility_mapping', '/api/v1/models/venice-uncensored-1-2']

const MALFORMED = {
  'Basic credentials': `Basic ${Buffer.from('user:pass').toString('base64')}`,
  'Bearer with no key': 'Bearer',
  'Bearer and a space': 'Bearer ',
  'an empty header': '',
  'a key without scheme': KEY,
  'two keys': `Bearer ${KEY} other`
}

t.test('the default is the live API: no header is 200 on every models route; a header that is sent is checked', async t => {
  for (const apiKeys of [null, [KEY]]) {
    const app = await appFor(t, { apiKeys })
    t.equal(app.controls.settings.auth, 'optional')
    for (const url of PROTECTED) {
      for (const method of ['GET', 'HEAD'] as const) {
        t.equal((await app.inject({ method, url })).statusCode, 200, `${method} ${url} without a key (keys ${apiKeys === null ? 'unset' : 'set'})`)
      }
      t.equal((await app.inject({ url, headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200, `${url} with a key`)
    }
    const refused = { ...MALFORMED, ...(apiKeys === null ? {} : { 'an unknown key': 'Bearer wrong-key', 'a key prefix': `Bearer ${KEY.slice(0, -1)}` }) }
    for (const [name, header] of Object.entries(refused)) {
      for (const url of PROTECTED) {
        const response = await app.inject({ url, headers: { authorization: header } })
        t.equal(response.statusCode, 401, `${name} on ${url}`)
        t.same(response.json(), { error: 'Authentication failed' }, name)
        t.equal(response.headers['www-authenticate'], 'Bearer', name)
      }
    }
  }
})

t.test('required mode: a missing, malformed or unknown key is 401 with WWW-Authenticate', async t => {
  const app = await appFor(t, { auth: 'required', apiKeys: [KEY] })
  for (const url of PROTECTED) {
    for (const method of ['GET', 'HEAD'] as const) {
      const missing = await app.inject({ method, url })
      t.equal(missing.statusCode, 401, `${method} ${url} without a key`)
      t.equal(missing.headers['www-authenticate'], 'Bearer')
      if (method === 'GET') t.same(missing.json(), { error: 'Authentication failed' })
    }
    const ok = await app.inject({ url, headers: { authorization: `Bearer ${KEY}` } })
    t.equal(ok.statusCode, 200, `${url} with the key`)
  }
  for (const [name, header] of Object.entries({ ...MALFORMED, 'an unknown key': 'Bearer wrong-key', 'a key prefix': `Bearer ${KEY.slice(0, -1)}` })) {
    const response = await app.inject({ url: '/api/v1/models', headers: { authorization: header } })
    t.equal(response.statusCode, 401, name)
    t.same(response.json(), { error: 'Authentication failed' }, name)
    t.equal(response.headers['www-authenticate'], 'Bearer', name)
  }
})

t.test('the scheme is case-insensitive and surrounding spaces are tolerated', async t => {
  const app = await appFor(t, { apiKeys: [KEY, 'second-key'] })
  for (const header of [`bearer ${KEY}`, `BEARER ${KEY}`, `Bearer   ${KEY}`, `Bearer ${KEY}  `, 'Bearer second-key']) {
    t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: header } })).statusCode, 200, JSON.stringify(header))
  }
})

t.test('without VENICE_MOCK_API_KEYS any non-empty key is accepted', async t => {
  const app = await appFor(t, { auth: 'required' })
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer anything-at-all' } })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer ' } })).statusCode, 401)
  t.equal((await app.inject({ url: '/api/v1/models' })).statusCode, 401)
})

t.test('optional mode: no header is fine, a wrong or malformed key is still 401', async t => {
  const app = await appFor(t, { auth: 'optional', apiKeys: [KEY] })
  t.equal((await app.inject({ url: '/api/v1/models' })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200)
  for (const [name, header] of Object.entries({ ...MALFORMED, 'an unknown key': 'Bearer nope' })) {
    const response = await app.inject({ url: '/api/v1/models', headers: { authorization: header } })
    t.equal(response.statusCode, 401, name)
    t.same(response.json(), { error: 'Authentication failed' })
  }
})

t.test('off mode: no check at all', async t => {
  const app = await appFor(t, { auth: 'off', apiKeys: [KEY] })
  for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic x' }]) {
    t.equal((await app.inject({ url: '/api/v1/models', headers })).statusCode, 200)
  }
  t.equal((await app.inject({ url: '/api/v1/models/stealth-ox-alpha', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 404, 'with keys configured, nobody is told apart: no beta models')
  const open = await appFor(t, { auth: 'off' })
  t.equal((await open.inject({ url: '/api/v1/models/stealth-ox-alpha' })).statusCode, 200, 'without keys, everyone sees every model')
})

t.test('keyless callers never see beta-only models, whatever the keys', async t => {
  for (const apiKeys of [null, [KEY]]) {
    const app = await appFor(t, { apiKeys })
    t.equal((await app.inject({ url: '/api/v1/models/stealth-ox-alpha' })).statusCode, 404, 'not by id')
    const ids = (await app.inject({ url: '/api/v1/models' })).json().data.map((model: { id: string }) => model.id)
    t.notOk(ids.includes('stealth-ox-alpha'), 'not in a list')
    t.equal((await app.inject({ url: '/api/v1/models/stealth-ox-alpha', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200, 'a plain key does')
  }
})

t.test('authentication runs before parameter validation', async t => {
  const app = await appFor(t, { auth: 'required' })
  t.equal((await app.inject({ url: '/api/v1/models?type=nope' })).statusCode, 401)
  const live = await appFor(t)
  t.equal((await live.inject({ url: '/api/v1/models?type=nope', headers: { authorization: 'Bearer ' } })).statusCode, 401)
  t.equal((await live.inject({ url: '/api/v1/models?type=nope' })).statusCode, 400, 'without a key the query is checked')
})

t.test('health and the OpenAPI document need no key', async t => {
  const app = await appFor(t, { apiKeys: [KEY] })
  for (const url of ['/healthz', '/openapi.json', '/openapi.yaml']) {
    t.equal((await app.inject({ url })).statusCode, 200, url)
  }
})

t.test('keys never reach a log line, even at trace level', async t => {
  const lines: string[] = []
  const logStream = new Writable({
    write (chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString())
      callback()
    }
  })
  const app = await appFor(t, { logLevel: 'trace', apiKeys: [KEY] }, { logStream })
  app.get('/log-headers', (request, reply) => {
    // A careless handler that logs every header must still not leak the key.
    request.log.info({ headers: request.headers }, 'headers')
    request.log.info({ authorization: request.headers.authorization }, 'authorization')
    reply.send({ ok: true })
  })
  await app.inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${KEY}` } })
  await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer wrong-secret-key' } })
  await app.inject({ url: '/log-headers', headers: { authorization: `Bearer ${KEY}` } })
  const log = lines.join('')
  t.ok(lines.length >= 4, 'trace logging produced lines')
  t.match(log, /\[redacted\]/, 'the header was redacted where it was logged')
  t.notMatch(log, KEY)
  t.notMatch(log, 'wrong-secret-key')
})
