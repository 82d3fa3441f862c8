// CORS: any origin by default, a list of origins, or off; preflights are answered before authentication.
import t from '../helpers/tap.js'
import { EXPOSED_HEADERS } from '../../src/http/cors-options.js'
import { appFor, auth } from '../helpers/app.js'

const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/api/v1/models?type=text',
  headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,prefer,x-stainless-os' }
})

t.test('by default any origin may call the API, with its key, and read the rate-limit headers and ETag', async t => {
  const app = await appFor(t)
  const answer = await app.inject(preflight('http://localhost:5173'))
  t.equal(answer.statusCode, 204, 'a preflight needs no key')
  t.equal(answer.headers['access-control-allow-origin'], '*')
  t.equal(answer.headers['access-control-allow-headers'], 'authorization,prefer,x-stainless-os', 'the requested headers are allowed')
  t.match(answer.headers['access-control-allow-methods'], /GET, HEAD/)
  t.equal(answer.headers['access-control-max-age'], '600')
  const response = await app.inject({ url: '/api/v1/models', headers: { ...auth, origin: 'http://localhost:5173' } })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['access-control-allow-origin'], '*')
  t.same(String(response.headers['access-control-expose-headers']).split(', '), EXPOSED_HEADERS)
  const denied = await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer ', origin: 'http://localhost:5173' } })
  t.equal(denied.statusCode, 401)
  t.equal(denied.headers['access-control-allow-origin'], '*', 'a browser can read the 401 too')
  const bare = await app.inject({ method: 'OPTIONS', url: '/api/v1/models' })
  t.equal(bare.statusCode, 204, 'an OPTIONS without Origin is not a plain-text 400')
})

t.test('a list of origins: only those get the CORS headers, and Vary says it depends on Origin', async t => {
  const app = await appFor(t, { cors: ['http://localhost:5173', 'https://app.example.com'] })
  const allowed = await app.inject({ url: '/api/v1/models', headers: { ...auth, origin: 'https://app.example.com' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com')
  t.equal(allowed.headers.vary, 'Origin, Accept-Encoding', 'both reasons a cached answer differs')
  const other = await app.inject({ url: '/api/v1/models', headers: { ...auth, origin: 'https://evil.example.com' } })
  t.equal(other.statusCode, 200, 'the server answers; the browser withholds it')
  t.notOk(other.headers['access-control-allow-origin'])
  const otherPreflight = await app.inject(preflight('https://evil.example.com'))
  t.notOk(otherPreflight.headers['access-control-allow-origin'])
})

t.test('off: no CORS headers, and OPTIONS is an unknown route again', async t => {
  const app = await appFor(t, { cors: null })
  const response = await app.inject({ url: '/api/v1/models', headers: { ...auth, origin: 'http://localhost:5173' } })
  t.equal(response.statusCode, 200)
  t.notOk(response.headers['access-control-allow-origin'])
  t.notOk(response.headers['access-control-expose-headers'])
  const options = await app.inject(preflight('http://localhost:5173'))
  t.equal(options.statusCode, 404)
  t.match(options.json(), { error: String })
})

t.test('the admin API: no CORS for any origin (a web page could try keys), CORS for listed origins', async t => {
  const preflightAdmin = { method: 'OPTIONS' as const, url: '/__admin/models', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } }
  const open = await appFor(t, { adminKey: 'admin-key-1' })
  const refused = await open.inject(preflightAdmin)
  t.equal(refused.statusCode, 401, 'the preflight fails')
  t.notOk(refused.headers['access-control-allow-origin'])
  const withKey = await open.inject({ ...preflightAdmin, headers: { ...preflightAdmin.headers, authorization: 'Bearer admin-key-1' } })
  t.equal(withKey.statusCode, 404, 'even with the key, an OPTIONS is no admin route')
  t.notOk(withKey.headers['access-control-allow-origin'])
  const call = await open.inject({ url: '/__admin/settings', headers: { authorization: 'Bearer admin-key-1', origin: 'http://localhost:5173' } })
  t.equal(call.statusCode, 200)
  t.notOk(call.headers['access-control-allow-origin'], 'a browser cannot read an admin answer')
  t.equal((await open.inject(preflight('http://localhost:5173'))).headers['access-control-allow-origin'], '*', 'the models API keeps its CORS')

  const listed = await appFor(t, { adminKey: 'admin-key-1', cors: ['http://localhost:5173'] })
  const allowed = await listed.inject(preflightAdmin)
  t.equal(allowed.statusCode, 204)
  t.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:5173')
  const read = await listed.inject({ url: '/__admin/settings', headers: { authorization: 'Bearer admin-key-1', origin: 'http://localhost:5173' } })
  t.equal(read.headers['access-control-allow-origin'], 'http://localhost:5173')
})
