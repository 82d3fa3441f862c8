// The single error path: framework errors, unexpected failures and not-found all answer in the live API's shape.
import t from '../helpers/tap.js'
import { Writable } from 'node:stream'
import { appFor, auth } from '../helpers/app.js'

t.test('request errors raised by Fastify get a JSON body in the API shape, with the rate-limit headers', async t => {
  const app = await appFor(t)
  // The API has no route that reads a body; this one shows what the error path does with broken bodies.
  app.post('/api/v1/echo', async request => request.body)
  const cases = [
    { name: 'unsupported content type', status: 415, request: { method: 'POST' as const, url: '/api/v1/echo', headers: { ...auth, 'content-type': 'application/x-custom' }, payload: 'x' }, error: 'Invalid content type' },
    { name: 'invalid JSON body', status: 400, request: { method: 'POST' as const, url: '/api/v1/echo', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"a":' }, error: 'Request body is not valid JSON' },
    { name: 'empty JSON body', status: 400, request: { method: 'POST' as const, url: '/api/v1/echo', headers: { ...auth, 'content-type': 'application/json' }, payload: '' }, error: 'Body cannot be empty when Content-Type is application/json' },
    { name: 'body too large', status: 413, request: { method: 'POST' as const, url: '/api/v1/echo', headers: { ...auth, 'content-type': 'application/json' }, payload: `"${'x'.repeat(1024 * 1024 + 1)}"` }, error: 'Request body is too large' },
    { name: 'broken percent-encoding', status: 400, request: { url: '/api/v1/models/%E0%A4%A', headers: auth }, error: 'Malformed URL: it contains an invalid percent-encoding' }
  ]
  for (const { name, status, request, error } of cases) {
    const response = await app.inject(request)
    t.equal(response.statusCode, status, name)
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8', name)
    t.same(response.json(), { error }, name)
    t.equal(response.headers['x-ratelimit-limit-requests'], '500', `${name}: rate-limit headers`)
  }
})

t.test('an unexpected failure is a 500 with the live message, logged with its cause', async t => {
  const lines: string[] = []
  const logStream = new Writable({ write (chunk: Buffer, _encoding, callback) { lines.push(chunk.toString()); callback() } })
  const app = await appFor(t, { logLevel: 'error' }, { logStream })
  app.get('/boom', () => { throw new Error('kaboom') })
  app.get('/odd-status', () => { throw Object.assign(new Error('odd'), { statusCode: 302 }) })
  app.get('/teapot', () => { throw Object.assign(new Error('I am a teapot'), { statusCode: 418 }) })
  for (const url of ['/boom', '/odd-status']) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 500, url)
    t.same(response.json(), { error: 'An unknown error occurred' }, `${url}: the cause is not leaked to the client`)
  }
  t.match(lines.join(''), /kaboom/, 'the cause is logged')
  t.same((await app.inject({ url: '/teapot' })).json(), { error: 'I am a teapot' }, 'other 4xx keep their message')
})

t.test('validation errors of any route name every invalid parameter in zod form', async t => {
  const { Type, StringEnum } = await import('../../src/schemas/typebox.js')
  const app = await appFor(t)
  app.get('/check/:kind', {
    schema: {
      params: Type.Object({ kind: StringEnum(['a', 'b'] as const) }),
      querystring: Type.Object({ needed: Type.String(), optional: Type.Optional(Type.String()) })
    }
  }, async () => ({ ok: true }))
  const badParam = await app.inject({ url: '/check/c?needed=1' })
  t.equal(badParam.statusCode, 400)
  t.same(badParam.json().details, { _errors: [], kind: { _errors: ["Invalid enum value. Expected 'a' | 'b', received 'c'"] } })
  const missing = await app.inject({ url: '/check/a' })
  t.equal(missing.statusCode, 400)
  t.same(missing.json().issues, [{ code: 'invalid_type', expected: 'string', received: 'undefined', path: ['needed'], message: 'Required' }])
})
