// The models endpoints: every type value, traits and mappings, one model by id, bad parameters, HEAD and wrong methods.
import t from '../helpers/tap.js'
import { z } from 'zod'
import { Ajv } from 'ajv'
import { loadCatalog } from '../../src/catalog/load-catalog.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { ModelResponse } from '../../src/schemas/model-response.js'
import { LIST_FILTERS, MODEL_TYPES } from '../../src/schemas/model-types.js'
import { appFor, auth, fixtureDir, imageModel, textModel } from '../helpers/app.js'

const validModel = new Ajv({ strict: true }).compile(ModelResponse)
const catalog = await loadCatalog(BUILT_IN_FIXTURES)
const allModels = catalog.content.models

t.test('GET /models answers every type filter with the live envelope, in fixture order', async t => {
  const app = await appFor(t)
  for (const filter of LIST_FILTERS) {
    const response = await app.inject({ url: `/api/v1/models?type=${filter}`, headers: auth })
    t.equal(response.statusCode, 200, filter)
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    const body = response.json()
    t.same(Object.keys(body), ['object', 'type', 'data'])
    t.equal(body.object, 'list')
    t.equal(body.type, filter)
    const expected = allModels.filter(model => filter === 'all' ||
      (filter === 'code' ? model.type === 'text' && model.model_spec.capabilities?.optimizedForCode === true : model.type === filter))
    t.same(body.data.map((model: { id: string }) => model.id), expected.map(model => model.id), `${filter}: ids in fixture order`)
    t.ok(body.data.length > 0, `${filter}: the built-in catalog has models of this filter`)
    t.ok(body.data.every(validModel), `${filter}: every model is a valid ModelResponse`)
  }
})

t.test('GET /models without type answers the text models, as the live API does', async t => {
  const app = await appFor(t)
  const plain = await app.inject({ url: '/api/v1/models', headers: auth })
  const text = await app.inject({ url: '/api/v1/models?type=text', headers: auth })
  t.equal(plain.json().type, 'text')
  t.equal(plain.body, text.body)
  t.equal((await app.inject({ url: '/api/v1/models/', headers: auth })).body, text.body, 'a trailing slash changes nothing')
  t.equal((await app.inject({ url: '/api/v1/models?foo=bar&type=text', headers: auth })).body, text.body, 'unknown parameters are ignored, as zod strips them')
})

t.test('type=code lists only text models optimized for code', async t => {
  const app = await appFor(t)
  const { data } = (await app.inject({ url: '/api/v1/models?type=code', headers: auth })).json()
  t.ok(data.length > 0)
  t.ok(data.every((model: any) => model.type === 'text' && model.model_spec.capabilities.optimizedForCode === true))
})

t.test('the quality-tier pricing matrix of gpt-image-2 and its edit model is served beside the legacy resolutions', async t => {
  const app = await appFor(t)
  for (const id of ['gpt-image-2', 'gpt-image-2-edit']) {
    const model = (await app.inject({ url: `/api/v1/models/${id}`, headers: auth })).json()
    t.same(Object.keys(model.model_spec.pricing.quality).sort(), ['1K', '2K', '4K'], id)
    for (const tier of ['1K', '2K', '4K']) {
      t.same(Object.keys(model.model_spec.pricing.quality[tier]).sort(), ['high', 'low', 'medium'], `${id} ${tier}`)
      for (const level of ['low', 'medium', 'high']) {
        t.type(model.model_spec.pricing.quality[tier][level].usd, 'number')
        t.type(model.model_spec.pricing.quality[tier][level].diem, 'number')
      }
    }
    t.ok(model.model_spec.pricing.resolutions, `${id} keeps pricing.resolutions`)
  }
})

/** What the live API does: validate the query with zod and answer its issues and formatted error. */
const concreteType = z.enum(MODEL_TYPES)
const liveSchemas = {
  '/api/v1/models': z.object({ type: z.union([concreteType, z.enum(['all', 'code'])]).optional() }),
  '/api/v1/models/traits': z.object({ type: concreteType.default('text') }),
  '/api/v1/models/compatibility_mapping': z.object({ type: concreteType.default('text') })
}

function zodBody (route: keyof typeof liveSchemas, query: string): string {
  const result = liveSchemas[route].safeParse(Object.fromEntries([...new URLSearchParams(query).keys()].map(key => {
    const values = new URLSearchParams(query).getAll(key)
    return [key, values.length === 1 ? values[0] : values]
  })))
  if (result.success) throw new Error(`zod accepts ${query}`)
  return JSON.stringify({ error: 'Invalid request parameters', details: result.error.format(), issues: result.error.issues })
}

const INVALID_QUERIES: Record<string, string> = {
  'an unknown value': 'type=chat',
  'the wrong case': 'type=TEXT',
  'an empty value': 'type=',
  'a value with spaces': 'type=%20text',
  'a repeated value': 'type=text&type=image',
  'the same value twice': 'type=text&type=text',
  'a list-only filter on a concrete-type route': 'type=all'
}

t.test('a bad type is 400 with the body zod gives, byte for byte', async t => {
  const app = await appFor(t)
  for (const route of Object.keys(liveSchemas) as Array<keyof typeof liveSchemas>) {
    for (const [name, query] of Object.entries(INVALID_QUERIES)) {
      if (route === '/api/v1/models' && query === 'type=all') continue
      const response = await app.inject({ url: `${route}?${query}`, headers: auth })
      t.equal(response.statusCode, 400, `${route} ${name}`)
      t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
      t.equal(response.body, zodBody(route, query), `${route} ${name}`)
    }
  }
})

t.test('the 400 body of /models names both enums of the union', async t => {
  const app = await appFor(t)
  const body = (await app.inject({ url: '/api/v1/models?type=chat', headers: auth })).json()
  t.same(body.details, {
    _errors: [],
    type: {
      _errors: [
        "Invalid enum value. Expected 'asr' | 'embedding' | 'image' | 'music' | 'text' | 'tts' | 'upscale' | 'inpaint' | 'video', received 'chat'",
        "Invalid enum value. Expected 'all' | 'code', received 'chat'"
      ]
    }
  })
  t.equal(body.issues[0].code, 'invalid_union')
})

t.test('traits and compatibility_mapping: every concrete type, default text, ids in the catalog', async t => {
  const app = await appFor(t)
  const ids = new Map(allModels.map(model => [model.id, model.type]))
  for (const route of ['traits', 'compatibility_mapping']) {
    t.equal((await app.inject({ url: `/api/v1/models/${route}`, headers: auth })).body,
      (await app.inject({ url: `/api/v1/models/${route}?type=text`, headers: auth })).body, `${route} defaults to text`)
    for (const type of MODEL_TYPES) {
      const response = await app.inject({ url: `/api/v1/models/${route}?type=${type}`, headers: auth })
      t.equal(response.statusCode, 200)
      const body = response.json()
      t.same(Object.keys(body), ['object', 'type', 'data'])
      t.same([body.object, body.type], ['list', type])
      t.ok(Object.keys(body.data).length > 0, `${route} ${type} is not empty`)
      for (const [name, id] of Object.entries(body.data)) t.equal(ids.get(id as string), type, `${route} ${type} ${name} → ${String(id)}`)
    }
    for (const bad of ['all', 'code', 'TEXT', 'chat', '']) {
      const response = await app.inject({ url: `/api/v1/models/${route}?type=${bad}`, headers: auth })
      t.equal(response.statusCode, 400, `${route} rejects ${bad}`)
      t.equal(response.body, zodBody(`/api/v1/models/${route}` as keyof typeof liveSchemas, `type=${bad}`))
    }
  }
})

t.test('the text traits match the live snapshot', async t => {
  const app = await appFor(t)
  const { readFileSync } = await import('node:fs')
  const live = JSON.parse(readFileSync(new URL('../reference/venice-text-traits-snapshot.json', import.meta.url), 'utf8'))
  t.same((await app.inject({ url: '/api/v1/models/traits', headers: auth })).json().data, live)
})

t.test('GET /models/{id}: every model by id, including ids with dots, capitals and slashes', async t => {
  const app = await appFor(t)
  for (const model of allModels) {
    const response = await app.inject({ url: `/api/v1/models/${model.id}`, headers: auth })
    t.equal(response.statusCode, 200, model.id)
    t.same(response.json(), model)
  }
  t.ok(allModels.some(model => /[A-Z]/.test(model.id)) && allModels.some(model => model.id.includes('.')), 'the catalog has ids with capitals and dots')
  for (const url of ['/api/v1/models/elevenlabs/scribe-v2', '/api/v1/models/elevenlabs%2Fscribe-v2', '/api/v1/models/elevenlabs%2fscribe-v2']) {
    const response = await app.inject({ url, headers: auth })
    t.equal(response.statusCode, 200, url)
    t.equal(response.json().id, 'elevenlabs/scribe-v2')
  }
})

t.test('an unknown model id is 404 Specified model not found', async t => {
  const app = await appFor(t)
  for (const id of ['nope', 'GPT-IMAGE-2', 'elevenlabs', 'elevenlabs/scribe-v2/extra', 'x'.repeat(1500), '%F0%9F%A6%84']) {
    const response = await app.inject({ url: `/api/v1/models/${id}`, headers: auth })
    t.equal(response.statusCode, 404, id.slice(0, 20))
    t.same(response.json(), { error: 'Specified model not found' })
  }
})

t.test('HEAD answers like GET without a body', async t => {
  const app = await appFor(t)
  for (const url of ['/api/v1/models?type=all', '/api/v1/models/traits', '/api/v1/models/compatibility_mapping?type=image', '/api/v1/models/gpt-image-2', '/healthz']) {
    const get = await app.inject({ url, headers: auth })
    const head = await app.inject({ method: 'HEAD', url, headers: auth })
    t.equal(head.statusCode, 200, url)
    t.equal(head.body, '')
    t.equal(head.headers['content-length'], get.headers['content-length'])
    t.equal(head.headers['content-type'], get.headers['content-type'])
  }
})

t.test('other methods on the models routes are 405 with Allow; unknown routes are JSON 404s', async t => {
  const app = await appFor(t)
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    for (const url of ['/api/v1/models', '/api/v1/models/traits', '/api/v1/models/compatibility_mapping', '/api/v1/models/gpt-image-2']) {
      const response = await app.inject({ method, url, headers: { ...auth, 'content-type': 'application/x-unknown' }, payload: 'x'.repeat(2 * 1024 * 1024) })
      t.equal(response.statusCode, 405, `${method} ${url}: refused before its body (unknown type, over the limit) is read`)
      t.equal(response.headers.allow, 'GET, HEAD')
      t.same(response.json(), { error: `Method ${method} is not allowed here; use GET or HEAD` })
    }
  }
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/models', headers: { authorization: 'Bearer ' } })).statusCode, 401, 'the key is checked before the method')
  for (const [method, url] of [['GET', '/'], ['GET', '/api/v1'], ['GET', '/api/v1/chat/completions'], ['POST', '/api/v1/image/generate'], ['GET', '/API/V1/MODELS']] as const) {
    const response = await app.inject({ method, url, headers: auth })
    t.equal(response.statusCode, 404, `${method} ${url}`)
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    t.equal(response.json().error, `Not found: ${method} ${url} is not a route of this API`)
  }
  const long = await app.inject({ url: `/${'a'.repeat(300)}?q=1` })
  t.equal(long.json().error, `Not found: GET /${'a'.repeat(199)}... is not a route of this API`, 'long paths are shortened')
})

t.test('every response carries the six rate-limit headers', async t => {
  const app = await appFor(t)
  for (const [url, headers] of [['/api/v1/models', auth], ['/api/v1/models', {}], ['/api/v1/models/nope', auth], ['/nope', {}], ['/healthz', {}], ['/api/v1/models?type=x', auth]] as const) {
    const response = await app.inject({ url, headers })
    const now = Date.now() / 1000
    t.equal(response.headers['x-ratelimit-limit-requests'], '500', url)
    t.equal(response.headers['x-ratelimit-remaining-requests'], '499')
    const reset = Number(response.headers['x-ratelimit-reset-requests'])
    t.ok(reset > now && reset <= now + 60 && reset % 60 === 0, 'requests reset at the end of the current minute, as a Unix time')
    t.equal(response.headers['x-ratelimit-limit-tokens'], '1000000')
    t.equal(response.headers['x-ratelimit-remaining-tokens'], '1000000')
    const resetTokens = Number(response.headers['x-ratelimit-reset-tokens'])
    t.ok(resetTokens >= 0 && resetTokens <= 60, 'tokens reset in seconds')
  }
})

t.test('a custom catalog is served instead of the built-in one', async t => {
  const directory = await fixtureDir(t, {
    'models/all.json': { object: 'list', data: [textModel('only-text'), imageModel('only-image')] }
  })
  const app = await appFor(t, { fixturesDir: directory })
  t.same((await app.inject({ url: '/api/v1/models?type=all', headers: auth })).json().data.map((model: any) => model.id), ['only-text', 'only-image'])
  t.same((await app.inject({ url: '/api/v1/models?type=video', headers: auth })).json(), { object: 'list', type: 'video', data: [] })
  t.same((await app.inject({ url: '/api/v1/models/traits?type=tts', headers: auth })).json(), { object: 'list', type: 'tts', data: {} })
  t.same((await app.inject({ url: '/healthz' })).json().models, 2)
})
