// Reseller discounts: `discount_to_user` for the key whose persona has it, in every list and by id, and for nobody else.
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { Writable } from 'node:stream'
import t from '../helpers/tap.js'
import type AjvDraft04Class from 'ajv-draft-04'
import { buildApp } from '../../src/app.js'
import type { Catalog } from '../../src/catalog/catalog.js'
import { removeModel } from '../../src/catalog/edit-catalog.js'
import { PersonaViews, withDiscount } from '../../src/catalog/persona-views.js'
import { loadConfig } from '../../src/config.js'
import type { ModelResponseBody } from '../../src/schemas/model-response.js'
import { appFor, fixtureDir, testConfig } from '../helpers/app.js'
import { referenceDocument } from '../helpers/reference.js'

// The reference is OpenAPI 3.0: draft-04 keywords (boolean exclusiveMinimum).
const AjvDraft04 = createRequire(import.meta.url)('ajv-draft-04') as typeof AjvDraft04Class.default
const referenceAjv = new AjvDraft04({ allErrors: true, strict: false })
referenceAjv.addSchema(referenceDocument, 'venice')
const referenceModel = referenceAjv.compile({ $ref: 'venice#/components/schemas/ModelResponse' })

const KEYS = {
  'partner-key-0001': { discounts: { 'kimi-k2-6': 0.2, 'elevenlabs/scribe-v2': 0.35 } },
  'beta-partner-key': { beta: true, discounts: { 'stealth-ox-alpha': 0.5 } },
  'plain-key-000001': {}
}

interface Model { id: string, discount_to_user?: number }
interface Listed { data: Model[] }

async function partnerApp (t: Parameters<typeof appFor>[0], extra: Record<string, string> = {}, logStream?: Writable) {
  const directory = await fixtureDir(t, { 'keys.json': KEYS })
  const config = loadConfig({ VENICE_MOCK_KEYS_FILE: join(directory, 'keys.json'), LOG_LEVEL: 'warn', ...extra })
  return await appFor(t, config, { logStream: logStream ?? new Writable({ write: (_chunk, _encoding, callback) => callback() }) })
}

const bearer = (key: string | undefined) => key === undefined ? {} : { authorization: `Bearer ${key}` }

t.test('the partner sees discount_to_user on its models in every list and by id; nobody else ever does', async t => {
  const app = await partnerApp(t)
  const get = async (url: string, key?: string) => await app.inject({ url: `/api/v1${url}`, headers: bearer(key) })
  const discountsIn = async (url: string, key?: string) => Object.fromEntries(((await get(url, key)).json() as Listed).data
    .filter(model => 'discount_to_user' in model).map(model => [model.id, model.discount_to_user]))

  for (const url of ['/models', '/models?type=text', '/models?type=code']) t.same(await discountsIn(url, 'partner-key-0001'), { 'kimi-k2-6': 0.2 }, url)
  t.same(await discountsIn('/models?type=asr', 'partner-key-0001'), { 'elevenlabs/scribe-v2': 0.35 })
  t.same(await discountsIn('/models?type=all', 'partner-key-0001'), { 'kimi-k2-6': 0.2, 'elevenlabs/scribe-v2': 0.35 })
  const kimi = (await get('/models/kimi-k2-6', 'partner-key-0001')).json() as Record<string, unknown>
  t.equal(kimi.discount_to_user, 0.2, 'by id')
  t.same(Object.keys(kimi).slice(4, 7), ['created', 'discount_to_user', 'context_length'], 'at the top level, next to created')
  t.ok(referenceModel(kimi), 'valid against the reference ModelResponse')
  t.equal((await get('/models/elevenlabs/scribe-v2', 'partner-key-0001')).json().discount_to_user, 0.35, 'ids with a slash too')

  for (const key of [undefined, 'plain-key-000001', 'beta-partner-key']) {
    t.same(await discountsIn('/models?type=all', key), key === 'beta-partner-key' ? { 'stealth-ox-alpha': 0.5 } : {}, `${String(key)}: only its own discounts`)
    t.notOk('discount_to_user' in (await get('/models/kimi-k2-6', key)).json(), `${String(key)}: none by id`)
  }
  const image = await get('/models?type=image', 'partner-key-0001')
  t.equal(image.headers.etag, (await get('/models?type=image', 'plain-key-000001')).headers.etag, 'a list without a discounted model is the shared body')
})

t.test('each representation has its own ETag; a partner cannot revalidate the plain body and vice versa', async t => {
  const app = await partnerApp(t)
  const get = async (key: string | undefined, headers: Record<string, string> = {}) => await app.inject({ url: '/api/v1/models?type=text', headers: { ...bearer(key), ...headers } })
  const partner = (await get('partner-key-0001')).headers.etag as string
  const plain = (await get('plain-key-000001')).headers.etag as string
  const keyless = (await get(undefined)).headers.etag as string
  t.not(partner, plain)
  t.equal(plain, keyless, 'a plain key and no key see the same body')
  t.equal((await get('partner-key-0001', { 'if-none-match': partner })).statusCode, 304)
  t.equal((await get('partner-key-0001', { 'if-none-match': plain })).statusCode, 200)
  t.equal((await get('plain-key-000001', { 'if-none-match': partner })).statusCode, 200)
})

t.test('discounts combine with beta visibility: a discount on a model the key cannot see shows nothing', async t => {
  const app = await partnerApp(t)
  const get = async (url: string, key: string) => await app.inject({ url: `/api/v1${url}`, headers: bearer(key) })
  const beta = (await get('/models/stealth-ox-alpha', 'beta-partner-key')).json()
  t.equal(beta.discount_to_user, 0.5, 'a beta key sees its discount on a beta model')
  t.ok(((await get('/models?type=text', 'beta-partner-key')).json() as Listed).data.some(model => model.id === 'stealth-ox-alpha' && model.discount_to_user === 0.5))
  const views = new PersonaViews(() => t.fail('nothing is missing'))
  const catalog = app.catalogStore.current
  const persona = { status: 'active' as const, beta: false, rateLimit: undefined, discounts: new Map([['stealth-ox-alpha', 0.5]]), entry: 'keys.json: entry 1 (…)' }
  t.equal(views.models(catalog, persona).get('stealth-ox-alpha'), undefined, 'without beta, the discounted beta model stays hidden')
  t.equal(views.lists(catalog, persona).get('text'), catalog.publicListBodies.get('text'), 'and no list of its own is made')
  t.equal(views.lists(catalog, persona), views.lists(catalog, persona), 'built once per catalog and persona')
})

t.test('a discount on a beta-only model for a key without beta starts, with one warning naming the entry and the fix', async t => {
  const lines: string[] = []
  const keys = {
    'no-beta-partner-key': { discounts: { 'stealth-ox-alpha': 0.5, 'kimi-k2-6': 0.2 } },
    'beta-partner-key': KEYS['beta-partner-key'],
    'disabled-partner-key': { status: 'disabled', discounts: { 'stealth-ox-alpha': 0.5 } }
  }
  const directory = await fixtureDir(t, { 'keys.json': keys })
  const config = loadConfig({ VENICE_MOCK_KEYS_FILE: join(directory, 'keys.json'), LOG_LEVEL: 'warn' })
  const app = await appFor(t, config, { logStream: new Writable({ write (chunk: Buffer, _encoding, callback) { lines.push(String(chunk)); callback() } }) })
  const warnings = lines.filter(line => line.includes('never shown'))
  t.equal(warnings.length, 1, 'only the beta-only model of the active key without beta; the beta key and the disabled key are fine')
  t.match(JSON.parse(warnings[0]), { level: 40, msg: /^.*keys\.json: entry 1 \(sha256:[0-9a-f]{12}\): discounts\["stealth-ox-alpha"\] is never shown: the model is beta-only and the key has no beta access; add "beta": true to the key, or remove the discount$/ })
  t.notMatch(lines.join(''), 'no-beta-partner-key', 'the key is in no log line')
  t.equal((await app.inject({ url: '/api/v1/models/kimi-k2-6', headers: bearer('no-beta-partner-key') })).json().discount_to_user, 0.2, 'its other discount applies')
  t.equal((await app.inject({ url: '/api/v1/models/stealth-ox-alpha', headers: bearer('no-beta-partner-key') })).statusCode, 404, 'the beta-only model stays hidden')
})

t.test('a discount on a model the catalog lacks refuses the start, naming the entry and the id, never the key', async t => {
  const directory = await fixtureDir(t, { 'keys.json': { 'other-key-0002': {}, 'secret-partner-key': { discounts: { 'no-such-model': 0.1 } } } })
  const config = testConfig(loadConfig({ VENICE_MOCK_KEYS_FILE: join(directory, 'keys.json') }))
  const error = await buildApp(config).then(() => undefined, (caught: unknown) => caught as Error)
  t.match(error, { name: 'ConfigError', message: /^Invalid VENICE_MOCK_KEYS_FILE: .*keys\.json: entry 2 \(sha256:cf01f040b41b\): discounts\["no-such-model"\] names no model of the served catalog; use an id that GET \/api\/v1\/models\?type=all lists, or remove it$/ })
  t.notMatch(error?.message, 'secret-partner-key')
})

t.test('a reload or an edit that removes a discounted model: the discount stops applying, a warning is logged, nothing breaks', async t => {
  const lines: string[] = []
  const app = await partnerApp(t, {}, new Writable({ write (chunk: Buffer, _encoding, callback) { lines.push(String(chunk)); callback() } }))
  const get = async (url: string) => await app.inject({ url: `/api/v1${url}`, headers: bearer('partner-key-0001') })
  t.equal((await get('/models/kimi-k2-6')).json().discount_to_user, 0.2)
  app.catalogStore.replace(removeModel(app.catalogStore.current, 'kimi-k2-6') as Catalog)
  t.equal((await get('/models/kimi-k2-6')).statusCode, 404)
  t.equal((await get('/models/elevenlabs/scribe-v2')).json().discount_to_user, 0.35, 'the other discounts still apply')
  t.notOk(((await get('/models?type=text')).json() as Listed).data.some(model => 'discount_to_user' in model))
  await get('/models?type=all')
  const warnings = lines.filter(line => line.includes('discount_to_user'))
  t.equal(warnings.length, 1, 'warned once for this catalog and key')
  t.match(warnings[0], /entry 1 \(sha256:ea15d72d06f9\): no discount_to_user for \\"kimi-k2-6\\": the catalog served now has no such model/)
  t.notMatch(lines.join(''), 'partner-key-0001', 'the key is in no log line')
  app.controls.reset()
  t.equal((await get('/models/kimi-k2-6')).json().discount_to_user, 0.2, 'back with the fixtures')
})

t.test('withDiscount: next to created, at the end without it, replacing a discount the model already had', async t => {
  const model = { id: 'a', object: 'model', owned_by: 'venice.ai', type: 'text', model_spec: {} } as unknown as ModelResponseBody
  t.same(Object.keys(withDiscount(model, 0.1)), ['id', 'object', 'owned_by', 'type', 'model_spec', 'discount_to_user'])
  const dated = { ...model, created: 1, discount_to_user: 0.9 } as ModelResponseBody
  const copy = withDiscount(dated, 0.1)
  t.same(Object.entries(copy).slice(-2), [['created', 1], ['discount_to_user', 0.1]])
  t.equal(dated.discount_to_user, 0.9, 'the catalog\'s model is left alone')
})
