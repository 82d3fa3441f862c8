// Structural problems refuse a catalog; contract deviations are served as given and reported, unless strict.
import { Writable } from 'node:stream'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from '../helpers/tap.js'
import { withModels } from '../../src/catalog/edit-catalog.js'
import { describeDeviations, LOGGED_DEVIATIONS } from '../../src/catalog/fixture-problems.js'
import { FixtureError, loadCatalog } from '../../src/catalog/load-catalog.js'
import { structuralIssues } from '../../src/catalog/model-validator.js'
import { main } from '../../src/cli.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { appFor, fixtureDir, imageModel, textModel } from '../helpers/app.js'
import { AUGUST_2026_BOOLEANS, decemberCapture } from '../helpers/captures.js'

async function cli (argv: string[]): Promise<{ code: number | undefined, out: string }> {
  let out = ''
  let code: number | undefined
  await main(argv, {}, { stdout: text => { out += text }, stderr: text => { out += text }, exit: value => { code = value } })
  return { code, out }
}

t.test('the built-in catalog is strictly valid: no deviation at all', async t => {
  const catalog = await loadCatalog(BUILT_IN_FIXTURES, { strict: true })
  t.equal(catalog.deviations.length, 0)
  t.ok(catalog.size >= 328)
})

t.test('structural rules: what no route could serve', async t => {
  t.same(structuralIssues(textModel('fine')), [])
  t.same(structuralIssues('model'), [{ path: '(the model itself)', message: 'must be an object, found string "model"' }])
  t.same(structuralIssues({}), ['id', 'type', 'model_spec'].map(path => ({ path, message: 'is required but missing' })))
  t.same(structuralIssues({ id: 7, type: 'chat', model_spec: [] }), [
    { path: 'id', message: 'must be a string, found number 7' },
    { path: 'type', message: 'must be one of "asr", "embedding", "image", "music", "text", "tts", "upscale", "inpaint", "video"; found string "chat"' },
    { path: 'model_spec', message: 'must be an object, found an array of 0' }
  ])
})

t.test('a deviating model is served as given, its deviations kept with file and JSON path; structural problems still refuse', async t => {
  const odd = textModel('odd') as any
  delete odd.model_spec.privacy
  odd.model_spec.capabilities.quantization = 'fp32'
  odd.created = 'yesterday'
  const directory = await fixtureDir(t, { 'models/a.json': { object: 'list', type: 'text', data: [textModel('fine'), odd] } })
  const catalog = await loadCatalog(directory)
  t.same(catalog.content.models[1], odd, 'exactly as given')
  t.match(catalog.deviations, [
    { file: 'models/a.json', path: 'data[1] (id "odd") created', message: /must be a number/ },
    { file: 'models/a.json', path: 'data[1] (id "odd") model_spec.privacy', message: 'is required but missing' },
    { file: 'models/a.json', path: 'data[1] (id "odd") model_spec.capabilities.quantization', message: /must be one of/ }
  ])
  const strict = await loadCatalog(directory, { strict: true }).catch((error: FixtureError) => error)
  t.match(strict, { name: 'FixtureError', problems: catalog.deviations }, 'strict: the same list refuses the catalog')

  const broken = await fixtureDir(t, { 'models/a.json': [odd, { ...textModel('no-spec'), model_spec: 'none' }, { ...imageModel('x'), type: 'picture' }, 5] })
  const problems = await loadCatalog(broken).catch((error: FixtureError) => error.problems)
  t.match(problems, [
    { path: '[1] (id "no-spec") model_spec', message: 'must be an object, found string "none"' },
    { path: '[2] (id "x") type', message: /must be one of "asr"/ },
    { path: '[3] (the model itself)', message: 'must be an object, found number 5' }
  ])
  t.equal((problems as unknown[]).length, 3, 'the deviating model is not among the problems')
})

t.test('a December-2025 capture is served with its deviations reported, and refused when strict', async t => {
  const capture = await decemberCapture()
  const texts = capture.data.filter(model => model.type === 'text').length
  t.equal(capture.data.length, 62)
  const directory = await fixtureDir(t, { 'venice.json': capture })
  const file = join(directory, 'venice.json')

  const catalog = await loadCatalog(file)
  t.equal(catalog.size, 62)
  t.equal(catalog.deviations.length, texts * AUGUST_2026_BOOLEANS.length)
  t.ok(catalog.deviations.every(deviation => deviation.file === 'venice.json' && deviation.message === 'is required but missing'))
  t.match(catalog.deviations[0].path, /^data\[\d+\] \(id ".+"\) model_spec\.capabilities\.supportsReasoningEffort$/)

  const refused = await loadCatalog(file, { strict: true }).catch((error: FixtureError) => error)
  t.match(refused, { name: 'FixtureError', message: new RegExp(`^${texts * 5} problems in fixture file `) })

  const lines: string[] = []
  const logStream = new Writable({ write (chunk: Buffer, _encoding, callback) { lines.push(chunk.toString()); callback() } })
  const app = await appFor(t, { fixturesDir: file, logLevel: 'warn', auth: 'off' }, { logStream })
  const warning = JSON.parse(lines.find(line => line.includes('deviation')) as string)
  t.equal(warning.deviations, texts * 5)
  t.match(warning.msg, new RegExp(`^catalog served as given with ${texts * 5} deviations from the published contract \\(VENICE_MOCK_STRICT=true refuses them\\):\\n`))
  t.equal(warning.msg.split('\n').length, 1 + LOGGED_DEVIATIONS + 1, 'the first ones, then a count')
  t.match(warning.msg, `and ${texts * 5 - LOGGED_DEVIATIONS} more: venice-models-mock check ${file} lists them all`)

  const health = (await app.inject({ url: '/healthz' })).json()
  t.match(health, { status: 'ok', models: 62, deviations: texts * 5 })
  const all = await app.inject({ url: '/api/v1/models?type=all' })
  t.same(all.json(), capture, 'served exactly as captured')
  const code = (await app.inject({ url: '/api/v1/models?type=code' })).json().data
  t.ok(code.length > 0 && code.every((model: any) => model.model_spec.capabilities.optimizedForCode === true))
  const first = capture.data[0]
  t.same((await app.inject({ url: `/api/v1/models/${first.id as string}` })).json(), first)
  const gzip = await app.inject({ url: '/api/v1/models?type=text', headers: { 'accept-encoding': 'gzip' } })
  t.same(JSON.parse(gunzipSync(gzip.rawPayload).toString()).data.length, texts)
  const br = await app.inject({ url: '/api/v1/models?type=text', headers: { 'accept-encoding': 'br' } })
  t.equal(brotliDecompressSync(br.rawPayload).toString(), (await app.inject({ url: '/api/v1/models?type=text' })).body)
  t.equal((await app.inject({ url: '/api/v1/models?type=all', headers: { 'if-none-match': String(all.headers.etag) } })).statusCode, 304)

  const checked = await cli(['check', file])
  t.equal(checked.code, 0, 'check: exit 0, deviations are warnings')
  t.match(checked.out, new RegExp(`✓ ${file}: valid, 62 models .*\\n${texts * 5} deviations from the published contract, served as given \\(--strict refuses them\\):\\n  venice\\.json data\\[\\d+\\] \\(id "`))
  const strictCheck = await cli(['check', file, '--strict', '--json'])
  t.equal(strictCheck.code, 1, 'check --strict: exit 1')
  t.match(JSON.parse(strictCheck.out), { valid: false, strict: true, deviations: [], problems: { length: texts * 5 } })
})

t.test('odd values in a deviating model crash no route: filters, beta, ETags and encodings', async t => {
  const odd = textModel('odd') as any
  odd.model_spec.capabilities = 'all of them'
  odd.model_spec.beta = 'yes'
  odd.model_spec.pricing = null
  odd.context_length = -1
  const nullCaps = textModel('null-caps') as any
  nullCaps.model_spec.capabilities = null
  const directory = await fixtureDir(t, { 'venice.json': [odd, nullCaps, imageModel('fine')] })
  const app = await appFor(t, { fixturesDir: join(directory, 'venice.json'), auth: 'off' })
  t.equal(app.catalogStore.current.deviations.length > 3, true)
  for (const url of ['/api/v1/models?type=all', '/api/v1/models?type=code', '/api/v1/models?type=text', '/api/v1/models/odd', '/api/v1/models/null-caps']) {
    for (const encoding of ['identity', 'gzip', 'br']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': encoding } })
      t.equal(response.statusCode, 200, `${url} ${encoding}`)
      t.ok(response.headers.etag, `${url} ${encoding}: an ETag`)
    }
  }
  t.same((await app.inject({ url: '/api/v1/models?type=code' })).json().data, [], 'a string is not optimizedForCode: true')
  t.same((await app.inject({ url: '/api/v1/models/odd' })).json(), odd)
})

t.test('a catalog edited at run time keeps the deviations of the models it kept', async t => {
  const odd = textModel('odd') as any
  delete odd.model_spec.privacy
  const catalog = await loadCatalog(await fixtureDir(t, { 'models/a.json': [odd, textModel('fine')] }))
  t.equal(catalog.deviations.length, 1)
  const kept = withModels(catalog, [...catalog.content.models, textModel('added') as any])
  t.same(kept.deviations, catalog.deviations)
  t.same(withModels(catalog, [catalog.content.models[1]]).deviations, [], 'gone with its model')
})

t.test('the deviation log names them all when there are few', async t => {
  const few = [{ file: 'a.json', path: '[0] x', message: 'is required but missing' }]
  t.equal(describeDeviations(few, '/f'), 'catalog served as given with 1 deviation from the published contract (VENICE_MOCK_STRICT=true refuses them):\n  a.json [0] x: is required but missing')
})

t.test('a capture taken with a partner key: discount_to_user is left out for every caller, with a warning', async t => {
  const discounted = { ...textModel('partner-priced'), discount_to_user: 0.2 }
  const dir = await fixtureDir(t, { 'venice.json': { object: 'list', type: 'text', data: [discounted, textModel('plain')] } })
  const catalog = await loadCatalog(join(dir, 'venice.json'), { strict: true })
  t.notOk(Object.hasOwn(catalog.content.models[0], 'discount_to_user'), 'not in the model served')
  t.match(catalog.warnings, [{ path: /\[0\] \(id "partner-priced"\) discount_to_user$/, message: /partner.*"discounts" in VENICE_MOCK_KEYS_FILE/ }])
  t.equal(catalog.deviations.length, 0, 'not a deviation: strict mode serves it too')
  const app = await appFor(t, {}, { catalog })
  t.notMatch((await app.inject({ url: '/api/v1/models/partner-priced' })).body, 'discount_to_user')
})

t.test('a model repeated by overlapping captures is warned about once', async t => {
  const model = { ...textModel('misspelt'), pricng: {} }
  const dir = await fixtureDir(t, {
    'all.json': { object: 'list', type: 'all', data: [model] },
    'text.json': { object: 'list', type: 'text', data: [model] }
  })
  const catalog = await loadCatalog(dir)
  t.equal(catalog.warnings.filter(warning => warning.path.endsWith('pricng')).length, 1)
})
