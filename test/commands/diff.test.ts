// diff: end to end against a second emulator serving another catalog, in words and in JSON, with its exit codes.
import t from '../helpers/tap.js'
import { runDiff } from '../../src/commands/diff.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { fixtureDir, imageModel, textModel } from '../helpers/app.js'
import { closedPort, emulatorAt, httpServerAt } from '../helpers/servers.js'

function options (from: string, directory: string, json = false) {
  return { from, key: 'k', timeoutMs: 5000, directory, json }
}

async function diff (from: string, directory: string, json = false): Promise<{ code: number, out: string, progress: string[] }> {
  let out = ''
  const progress: string[] = []
  const code = await runDiff(options(from, directory, json), text => { out += text }, line => progress.push(line))
  return { code, out, progress }
}

t.test('the same catalog on both sides: exit 0', async t => {
  const { url } = await emulatorAt(t)
  const { code, out, progress } = await diff(url, BUILT_IN_FIXTURES)
  t.equal(code, 0)
  t.equal(out, `${BUILT_IN_FIXTURES} and ${url}/api/v1 serve the same catalog.\n`)
  t.equal(progress.length, 28)
})

const cheap = textModel('shared') as any
const pricey = structuredClone(cheap)
pricey.model_spec.pricing.input.usd = 2.5
pricey.model_spec.name = 'Renamed'

t.test('added, removed and changed models, prices first, and changed traits', async t => {
  const local = await fixtureDir(t, {
    'models/a.json': [cheap, textModel('retired')],
    'traits/text.json': { default: 'shared', fastest: 'retired' }
  })
  const remoteDir = await fixtureDir(t, {
    'models/a.json': [pricey, imageModel('brand-new')],
    'traits/text.json': { default: 'shared' },
    'compatibility_mapping/image.json': { 'dall-e-3': 'brand-new' }
  })
  const { url } = await emulatorAt(t, { fixturesDir: remoteDir })
  const text = await diff(url, local)
  t.equal(text.code, 1)
  t.equal(text.out, [
    `Differences between ${local} (local) and ${url}/api/v1 (remote):`,
    '',
    'Models only the remote has (added) (1):',
    '  + brand-new (image)',
    '',
    'Models only the local catalog has (removed) (1):',
    '  - retired (text)',
    '',
    'Fields that differ, prices first (2):',
    '  ~ shared model_spec.pricing.input.usd: 0.5 → 2.5',
    '  ~ shared model_spec.name: "shared" → "Renamed"',
    '',
    'Traits and compatibility mappings that differ (2):',
    '  ~ compatibility_mapping?type=image "dall-e-3": (absent) → "brand-new"',
    '  ~ traits?type=text "fastest": "retired" → (absent)',
    ''
  ].join('\n'))
  const json = await diff(url, local, true)
  t.equal(json.code, 1)
  t.match(JSON.parse(json.out), {
    local,
    remote: `${url}/api/v1`,
    identical: false,
    added: [{ id: 'brand-new', type: 'image' }],
    removed: [{ id: 'retired', type: 'text' }],
    changed: [{ id: 'shared', path: 'model_spec.pricing.input.usd', local: 0.5, remote: 2.5 }, { id: 'shared', path: 'model_spec.name' }],
    names: [{ section: 'compatibility_mapping', type: 'image', name: 'dall-e-3', remote: 'brand-new' }, { section: 'traits', type: 'text', name: 'fastest', local: 'retired' }],
    violations: []
  })
})

t.test('remote answers that break our schema are reported as contract drift', async t => {
  const local = await fixtureDir(t, { 'models/a.json': [textModel('shared')] })
  const { url } = await emulatorAt(t, { fixturesDir: local, auth: 'off' })
  const drifted = await httpServerAt(t, (request, response) => {
    fetch(`${url}${request.url ?? ''}`).then(async answer => {
      let body = await answer.json() as Record<string, any> | null
      if (request.url?.endsWith('/models?type=text') === true) body!.data[0].model_spec.privacy = 'public'
      if (request.url?.endsWith('/models?type=tts') === true) body = { error: 'nope' }
      if (request.url?.endsWith('/models/traits?type=asr') === true) body!.data = ['not', 'a', 'map']
      if (request.url?.endsWith('/models?type=asr') === true) body = []
      if (request.url?.endsWith('/models/compatibility_mapping?type=video') === true) body = null
      if (request.url?.endsWith('/models?type=music') === true) body!.data.push({ type: 'music' })
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }, () => response.end())
  })
  const { code, out } = await diff(drifted, local)
  t.equal(code, 1)
  t.match(out, /Remote answers our schema rejects \(the contract has drifted\) \(9\):/)
  t.match(out, /! GET \/models\?type=asr data: is not an array of models/)
  t.match(out, /! GET \/models\/compatibility_mapping\?type=video data: is not an object of name → model id/)
  t.match(out, /! GET \/models\?type=music data\[0\] id: is required but missing/)
  t.match(out, /! GET \/models\?type=music data\[0\] model_spec: is required but missing/)
  t.match(out, /! GET \/models\?type=text shared model_spec\.privacy: must be one of "private", "anonymized"; found string "public"/)
  t.match(out, /! GET \/models\?type=tts data: is not an array of models/)
  t.match(out, /! GET \/models\/traits\?type=asr data: is not an object of name → model id/)
  t.notMatch(out, /- shared \(text\)/, 'a model the remote sends broken is not reported as removed')
  t.match(out, /~ shared model_spec\.privacy: "private" → "public"/, 'its changes are shown')
})

t.test('a diff that cannot run rejects, and the CLI turns that into exit 2', async t => {
  const { main } = await import('../../src/cli.js')
  const broken = await fixtureDir(t, { 'models/a.json': '' })
  const cases: Array<[string[], RegExp]> = [
    [['diff', '--from', `http://127.0.0.1:${await closedPort()}`, BUILT_IN_FIXTURES], /venice-models-mock diff: GET .*cannot reach the server \(ECONNREFUSED\)/],
    [['diff', '--from', 'http://127.0.0.1:1', broken], /venice-models-mock diff: the fixtures do not load: 1 problem .*models\/a\.json: is empty/s]
  ]
  for (const [argv, message] of cases) {
    let err = ''
    const codes: number[] = []
    await main(argv, {}, { stdout: () => {}, stderr: text => { err += text }, exit: code => codes.push(code) })
    t.same(codes, [2], argv.join(' '))
    t.match(err, message)
  }
})
