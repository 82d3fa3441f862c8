// The models routes as a cache and a compressor sees them: ETag, If-None-Match → 304 after auth, Cache-Control, gzip and brotli.
import t from '../helpers/tap.js'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { acceptModel, withModels } from '../../src/catalog/edit-catalog.js'
import { appFor, auth, imageModel, KEY, textModel } from '../helpers/app.js'

const ROUTES = ['/api/v1/models?type=all', '/api/v1/models', '/api/v1/models/traits?type=image', '/api/v1/models/compatibility_mapping', '/api/v1/models/elevenlabs%2Fscribe-v2', '/api/v1/models/gpt-image-2']

t.test('every model response has a strong ETag, Cache-Control: no-cache and Vary: Accept-Encoding', async t => {
  const app = await appFor(t)
  for (const url of ROUTES) {
    const response = await app.inject({ url, headers: auth })
    t.equal(response.statusCode, 200, url)
    t.match(response.headers.etag, /^"[\w-]{27}"$/, url)
    t.equal(response.headers['cache-control'], 'no-cache', url)
    t.equal(response.headers.vary, 'Accept-Encoding', url)
    t.notOk(response.headers['content-encoding'], `${url}: no encoding unless asked`)
    const again = await app.inject({ url, headers: auth })
    t.equal(again.headers.etag, response.headers.etag, `${url}: the same body, the same ETag`)
  }
  const [text, all] = await Promise.all(['text', 'all'].map(type => app.inject({ url: `/api/v1/models?type=${type}`, headers: auth })))
  t.not(text.headers.etag, all.headers.etag, 'different bodies, different ETags')
})

t.test('If-None-Match with the current ETag is 304 with no body, for GET and HEAD', async t => {
  const app = await appFor(t)
  for (const url of ROUTES) {
    const first = await app.inject({ url, headers: auth })
    const etag = first.headers.etag as string
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await app.inject({ url, headers: { ...auth, 'if-none-match': ifNoneMatch } })
      t.equal(response.statusCode, 304, `${url} ${ifNoneMatch}`)
      t.equal(response.body, '')
      t.equal(response.headers.etag, etag)
      t.equal(response.headers['cache-control'], 'no-cache')
      t.ok(response.headers['x-ratelimit-remaining-requests'], 'a 304 carries the rate-limit headers too')
    }
    const head = await app.inject({ method: 'HEAD', url, headers: { ...auth, 'if-none-match': etag } })
    t.equal(head.statusCode, 304, `HEAD ${url}`)
    t.equal(head.headers['content-length'], first.headers['content-length'], 'a HEAD 304 announces the length a 200 would, not 0')
    t.equal(head.body, '')
    const stale = await app.inject({ url, headers: { ...auth, 'if-none-match': '"stale"' } })
    t.equal(stale.statusCode, 200, `${url}: a stale ETag gets the body`)
    t.equal(stale.body, first.body)
  }
})

t.test('a 304 only after authentication succeeds; errors and forced statuses win over it', async t => {
  const app = await appFor(t, { auth: 'required' })
  const { headers } = await app.inject({ url: '/api/v1/models', headers: auth })
  const etag = headers.etag as string
  const anonymous = await app.inject({ url: '/api/v1/models', headers: { 'if-none-match': etag } })
  t.equal(anonymous.statusCode, 401)
  t.same(anonymous.json(), { error: 'Authentication failed' })
  t.notOk(anonymous.headers.etag, 'errors carry no ETag')
  const forced = await app.inject({ url: '/api/v1/models', headers: { ...auth, 'if-none-match': etag, prefer: 'code=503' } })
  t.equal(forced.statusCode, 503)
  const missing = await app.inject({ url: '/api/v1/models/no-such-model', headers: { ...auth, 'if-none-match': '*' } })
  t.equal(missing.statusCode, 404, 'If-None-Match: * does not hide that the model does not exist')
  t.notOk(missing.headers.etag)
})

t.test('gzip and brotli as the client prefers, each the same JSON, with its own ETag', async t => {
  const app = await appFor(t)
  // The traits and mapping bodies of the built-in catalog, and scribe-v2, are under 1 KiB (see below).
  for (const url of ROUTES.filter(url => !/traits|compatibility|scribe/.test(url))) {
    const plain = await app.inject({ url, headers: auth })
    const gzipped = await app.inject({ url, headers: { ...auth, 'accept-encoding': 'gzip' } })
    t.equal(gzipped.headers['content-encoding'], 'gzip', url)
    t.same(gunzipSync(gzipped.rawPayload), plain.rawPayload, `${url}: gzip of the same bytes`)
    t.equal(Number(gzipped.headers['content-length']), gzipped.rawPayload.length)
    t.equal(gzipped.headers.etag, (plain.headers.etag as string).replace(/"$/, '-gzip"'))
    const brotli = await app.inject({ url, headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' } })
    t.equal(brotli.headers['content-encoding'], 'br', url)
    t.same(brotliDecompressSync(brotli.rawPayload), plain.rawPayload, `${url}: brotli of the same bytes`)
    t.equal(brotli.headers['content-type'], 'application/json; charset=utf-8')
    const refused = await app.inject({ url, headers: { ...auth, 'accept-encoding': 'br;q=0, gzip;q=0' } })
    t.notOk(refused.headers['content-encoding'], `${url}: q=0 refuses an encoding`)
    const other = await app.inject({ url, headers: { ...auth, 'accept-encoding': 'br', 'if-none-match': gzipped.headers.etag as string } })
    t.equal(other.statusCode, 200, `${url}: a tag of another encoding does not revalidate these bytes`)
    const revalidated = await app.inject({ url, headers: { ...auth, 'accept-encoding': 'gzip', 'if-none-match': `W/${gzipped.headers.etag as string}` } })
    t.equal(revalidated.statusCode, 304, `${url}: the gzip tag revalidates a gzip request`)
    t.equal(revalidated.headers.etag, gzipped.headers.etag)
  }
  const all = await app.inject({ url: '/api/v1/models?type=all', headers: { ...auth, 'accept-encoding': 'br' } })
  const allPlain = await app.inject({ url: '/api/v1/models?type=all', headers: auth })
  t.ok(all.rawPayload.length * 10 < allPlain.rawPayload.length, `brotli makes the full list at least 10 times smaller (${allPlain.rawPayload.length} → ${all.rawPayload.length})`)
  const head = await app.inject({ method: 'HEAD', url: '/api/v1/models?type=all', headers: { ...auth, 'accept-encoding': 'br' } })
  t.equal(head.headers['content-length'], all.headers['content-length'], 'HEAD announces the encoded length')
  t.equal(head.body, '')
})

t.test('bodies under 1 KiB are never encoded', async t => {
  const app = await appFor(t)
  const response = await app.inject({ url: '/api/v1/models/traits?type=upscale', headers: { ...auth, 'accept-encoding': 'gzip, br' } })
  t.ok(response.rawPayload.length < 1024)
  t.notOk(response.headers['content-encoding'])
  t.equal(response.headers.vary, 'Accept-Encoding')
})

t.test('keys with and without beta access see different lists, with different ETags', async t => {
  const beta = textModel('secret', { model_spec: { ...(textModel('x').model_spec as object), beta: true } })
  const app = await appFor(t, {
    personas: new Map([[KEY, { status: 'active', beta: true, rateLimit: undefined }], ['plain', { status: 'active', beta: false, rateLimit: undefined }]])
  })
  const models = [textModel('open'), beta, imageModel('art')]
  const next = withModels(app.catalogStore.current, models.map(acceptModel))
  app.catalogStore.replace(next)
  await next.compress()
  const withBeta = await app.inject({ url: '/api/v1/models', headers: auth })
  const without = await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer plain' } })
  t.same(withBeta.json().data.map((model: { id: string }) => model.id), ['open', 'secret'])
  t.same(without.json().data.map((model: { id: string }) => model.id), ['open'])
  t.not(withBeta.headers.etag, without.headers.etag)
  const crossed = await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer plain', 'if-none-match': withBeta.headers.etag as string } })
  t.equal(crossed.statusCode, 200, "another key's ETag does not revalidate this key's list")
})
