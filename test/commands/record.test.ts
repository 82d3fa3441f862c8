// record: end to end against a second emulator on 127.0.0.1, and every way a recording can fail without leaving files.
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from '../helpers/tap.js'
import type { Closable } from '../helpers/fixtures.js'
import { loadCatalog } from '../../src/catalog/load-catalog.js'
import { recordCatalog } from '../../src/commands/record.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { fixtureDir, imageModel, textModel } from '../helpers/app.js'
import { decemberCapture } from '../helpers/captures.js'
import { closedPort, emulatorAt, httpServerAt } from '../helpers/servers.js'

async function emptyParent (t: Closable): Promise<string> {
  return await fixtureDir(t, {})
}

t.test('records a whole catalog that loads back identical, in the live order, with a note', async t => {
  const { url } = await emulatorAt(t, { apiKeys: ['remote-key'] })
  const parent = await emptyParent(t)
  const out = join(parent, 'recorded')
  const progress: string[] = []
  const result = await recordCatalog({ baseUrl: url, key: 'remote-key', outDir: out, progress: line => progress.push(line), now: new Date('2026-11-24T12:00:00Z') })
  t.same(result, { directory: out, models: 328, files: 28, deviations: [] })
  t.equal(progress.length, 28, 'one progress line per request')
  t.match(progress[0], /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/models\?type=all → 200, 328 models, \d+ ms$/)
  for (const section of ['models', 'traits', 'compatibility_mapping']) {
    for (const file of await readdir(join(BUILT_IN_FIXTURES, section))) {
      t.equal(await readFile(join(out, section, file), 'utf8'), await readFile(join(BUILT_IN_FIXTURES, section, file), 'utf8'), `${section}/${file} is the served answer, byte for byte`)
    }
  }
  const note = await readFile(join(out, 'README.md'), 'utf8')
  t.match(note, `Recorded from ${url}/api/v1 on 2026-11-24T12:00:00.000Z`)
  t.notMatch(note, 'remote-key', 'the key is written nowhere')
  t.same((await readdir(parent)).sort(), ['recorded'], 'no temporary directory is left')
  t.equal((await loadCatalog(out)).size, 328)
})

t.test('answers that deviate from the published contract are recorded and listed; --strict refuses them and writes nothing', async t => {
  const source = await fixtureDir(t, { 'venice.json': await decemberCapture() })
  const { url } = await emulatorAt(t, { fixturesDir: join(source, 'venice.json'), auth: 'off' })
  const parent = await emptyParent(t)
  const result = await recordCatalog({ baseUrl: url, outDir: join(parent, 'recorded') })
  t.equal(result.models, 62)
  t.equal(result.deviations.length, 100, 'each text model lacks booleans the August 2026 spec requires')
  // The capture lists text models fifth, as the live API of December 2025 did; record keeps the live order.
  t.same(result.deviations[0], { file: 'models/05-text.json', path: 'data[0] (id "aion-labs-aion-3-0") model_spec.capabilities.supportsReasoningEffort', message: 'is required but missing' })
  t.equal((await loadCatalog(join(parent, 'recorded'))).deviations.length, 100, 'written as sent: it loads back with the same deviations')
  const strictOut = join(parent, 'strict')
  await t.rejects(recordCatalog({ baseUrl: url, outDir: strictOut, strict: true }),
    { name: 'RemoteError', message: /^the recorded answers deviate from the published contract in 100 places, which strict mode \(--strict or VENICE_MOCK_STRICT=true\) refuses, so nothing was written:\n {2}models\/05-text\.json data\[0\] \(id "aion-labs-aion-3-0"\) model_spec\.capabilities\.supportsReasoningEffort: is required but missing\n/ })
  await t.rejects(recordCatalog({ baseUrl: url, outDir: strictOut, strict: true }), { message: /\n {2}\.\.\. and 80 more: record without --strict, then check the directory, to list them all$/ }, 'the first 20, then a count')
  t.same((await readdir(parent)).sort(), ['recorded'], 'nothing written, no temporary directory left')
  const { url: builtIn } = await emulatorAt(t, { auth: 'off' })
  t.same((await recordCatalog({ baseUrl: builtIn, outDir: strictOut, strict: true })).deviations, [], 'a catalog without deviations records under --strict')
})

t.test('an existing directory is kept unless --force, which replaces it whole', async t => {
  const source = await fixtureDir(t, { 'models/a.json': [textModel('only-one')] })
  const { url } = await emulatorAt(t, { fixturesDir: source, auth: 'off' })
  const parent = await fixtureDir(t, { 'out/keep.txt': 'mine' })
  const out = join(parent, 'out')
  await t.rejects(recordCatalog({ baseUrl: url, outDir: out }), { name: 'RemoteError', message: /already exists and is not empty; .*--force/ })
  t.same(await readdir(out), ['keep.txt'])
  const progress: string[] = []
  await recordCatalog({ baseUrl: url, outDir: out, force: true, progress: line => progress.push(line) })
  t.match(progress[0], /\?type=all → 200, 1 model, \d+ ms$/, 'one model, not 1 models')
  t.match(progress.find(line => line.includes('/models/traits?type=text')), /→ 200, 0 entries, \d+ ms$/)
  t.notOk((await readdir(out)).includes('keep.txt'), 'the old content is gone')
  t.same((await loadCatalog(out)).content.models.map(model => model.id), ['only-one'])
  t.same((await readdir(parent)).sort(), ['out'])
  const emptyDir = join(parent, 'empty')
  await mkdir(emptyDir)
  await recordCatalog({ baseUrl: url, outDir: emptyDir })
  t.equal((await loadCatalog(emptyDir)).size, 1, 'an empty directory is simply filled')
  const nested = join(parent, 'a', 'b', 'c')
  await recordCatalog({ baseUrl: url, outDir: nested })
  t.equal((await loadCatalog(nested)).size, 1, 'missing parents are created')
})

t.test('failures are clear and leave nothing behind', async t => {
  const parent = await emptyParent(t)
  const out = join(parent, 'out')
  const { url: guarded } = await emulatorAt(t, { apiKeys: ['right'], auth: 'required' })
  const html = await httpServerAt(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' })
    response.end('<html><body>Cloudflare says hello</body></html>')
  })
  const silent = await httpServerAt(t, () => { /* never answers */ })
  let requests = 0
  const { url: realApi } = await emulatorAt(t, { auth: 'off' })
  const flaky = await httpServerAt(t, (request, response) => {
    requests += 1
    if (requests === 12) {
      response.writeHead(503, { 'content-type': 'application/json' })
      response.end('{"error":"The model is temporarily offline. Please try again later."}')
      return
    }
    fetch(`${realApi}${request.url ?? ''}`).then(async answer => {
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(await answer.text())
    }, () => response.end())
  })
  const cases: Array<[string, Parameters<typeof recordCatalog>[0], RegExp]> = [
    ['a closed port', { baseUrl: `http://127.0.0.1:${await closedPort()}`, outDir: out }, /cannot reach the server \(ECONNREFUSED\)/],
    ['a wrong key', { baseUrl: guarded, key: 'wrong', outDir: out }, /401 \{"error":"Authentication failed"\}: the key was refused or is missing; pass --key or set VENICE_API_KEY/],
    ['no key', { baseUrl: guarded, outDir: out }, /401 .*pass --key/],
    ['an HTML answer', { baseUrl: html, outDir: out }, /the answer is not JSON \(content-type text\/html\): <html><body>Cloudflare says hello/],
    ['a server that never answers', { baseUrl: silent, outDir: out, timeoutMs: 200 }, /no complete answer within 200 ms/],
    ['a failure after 11 good answers', { baseUrl: flaky, outDir: out }, /GET .*compatibility_mapping\?type=asr|: 503 \{"error":"The model is temporarily offline/],
    ['not a URL', { baseUrl: 'api.venice.ai', outDir: out }, /"api\.venice\.ai" is not a URL/],
    ['not http', { baseUrl: 'ftp://127.0.0.1/', outDir: out }, /is not an http\(s\) URL/]
  ]
  for (const [name, options, message] of cases) {
    await t.rejects(recordCatalog(options), { name: 'RemoteError', message }, name)
    t.same(await readdir(parent), [], `${name}: nothing written`)
  }
})

t.test('a remote catalog that breaks the contract is not written', async t => {
  const broken = await fixtureDir(t, { 'models/a.json': [textModel('fine')] })
  const { url } = await emulatorAt(t, { fixturesDir: broken, auth: 'off' })
  const liar = await httpServerAt(t, (request, response) => {
    fetch(`${url}${request.url ?? ''}`).then(async answer => {
      const body = await answer.json() as { data: unknown }
      if (request.url?.includes('/models?type=text') === true) (body.data as Array<Record<string, unknown>>).push({ ...imageModel('misfiled'), type: 'text' }, { id: 'bad', type: 'text' })
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }, () => response.end())
  })
  const parent = await emptyParent(t)
  await t.rejects(recordCatalog({ baseUrl: liar, outDir: join(parent, 'out') }), {
    name: 'RemoteError',
    message: /does not validate, so nothing was written .*diff.*\n {2}models\/\d\d-text\.json data\[2\] \(id "bad"\) model_spec: is required but missing/
  })
  t.same(await readdir(parent), [])
})

t.test('the order of the model files follows ?type=all', async t => {
  const source = await fixtureDir(t, { 'models/a.json': [imageModel('picture'), textModel('words')] })
  const { url } = await emulatorAt(t, { fixturesDir: source, auth: 'off' })
  const out = join(await emptyParent(t), 'out')
  await recordCatalog({ baseUrl: `${url}/api/v1/`, outDir: out })
  const files = await readdir(join(out, 'models'))
  t.same(files.slice(0, 2), ['01-image.json', '02-text.json'])
  t.equal(files.length, 9, 'every type gets a file, empty ones last')
  t.same((await loadCatalog(out)).content.models.map(model => model.id), ['picture', 'words'])

  const noAll = await httpServerAt(t, (request, response) => {
    fetch(`${url}${request.url ?? ''}`).then(async answer => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(request.url?.endsWith('type=all') === true ? '{}' : await answer.text())
    }, () => response.end())
  })
  const fallback = join(await emptyParent(t), 'out')
  await recordCatalog({ baseUrl: noAll, outDir: fallback })
  t.same((await readdir(join(fallback, 'models'))).slice(0, 3), ['01-asr.json', '02-embedding.json', '03-image.json'], 'without a usable ?type=all, the types come in their usual order')
})

t.test('an existing file at --out is not replaced without --force', async t => {
  const parent = await fixtureDir(t, { 'out.json': '{}' })
  await t.rejects(recordCatalog({ baseUrl: 'http://127.0.0.1:1', outDir: join(parent, 'out.json') }), { message: /already exists/ })
})

t.test('--force replaces only a fixture directory', async t => {
  const { url } = await emulatorAt(t, { auth: 'off' })
  const parent = await fixtureDir(t, { 'project/src/index.ts': 'code', 'project/models/a.json': '[]' })
  await t.rejects(recordCatalog({ baseUrl: url, outDir: join(parent, 'project'), force: true }), {
    message: /holds other files \("src"\); --out must be a new directory, an empty one, or a fixture directory/
  })
  t.same((await readdir(join(parent, 'project'))).sort(), ['models', 'src'], 'untouched')
})

t.test('a recording that fails after fetching removes the directories it made', async t => {
  const source = await fixtureDir(t, { 'models/a.json': [textModel('fine')] })
  const { url } = await emulatorAt(t, { fixturesDir: source, auth: 'off' })
  const liar = await httpServerAt(t, (request, response) => {
    fetch(`${url}${request.url ?? ''}`).then(async answer => {
      const body = await answer.json() as { data: unknown[] }
      if (request.url?.includes('/models?type=text') === true) body.data.push({ id: 'bad', type: 'text' })
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }, () => response.end())
  })
  const parent = await emptyParent(t)
  await t.rejects(recordCatalog({ baseUrl: liar, outDir: join(parent, 'new', 'deep', 'out') }), { message: /does not validate/ })
  t.same(await readdir(parent), [], 'new/deep is gone again')
})

t.test('the key never appears in an error, even when the server echoes it', async t => {
  const echo = await httpServerAt(t, (request, response) => {
    response.writeHead(500, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ error: `bad key ${String(request.headers.authorization)}` }))
  })
  await t.rejects(recordCatalog({ baseUrl: echo, key: 'sk-very-secret', outDir: join(await emptyParent(t), 'out') }), { message: /500 \{"error":"bad key Bearer \[redacted\]"\}/ })
})
