// Key personas: the keys file (JSON or YAML) and what each persona gets from the API.
import { join, relative } from 'node:path'
import t from '../helpers/tap.js'
import { callerId, KEY_CACHE_SIZE, KeyDirectory, readKeysFile } from '../../src/controls/personas.js'
import { loadConfig } from '../../src/config.js'
import { appFor, fixtureDir } from '../helpers/app.js'

const KEYS = {
  'key-active': { status: 'active', beta: true, rateLimit: 2 },
  'key-plain': {},
  'key-inactive': { status: 'inactive' },
  'key-disabled': { status: 'disabled' }
}

t.test('a keys file in JSON or YAML', async t => {
  const directory = await fixtureDir(t, {
    'keys.json': KEYS,
    'keys.yaml': 'key-yaml:\n  status: active\n  beta: true\n',
    'keys.yml': 'key-yml: {}\n'
  })
  const personas = readKeysFile(join(directory, 'keys.json'))
  t.same([...personas], [
    ['key-active', { status: 'active', beta: true, rateLimit: 2 }],
    ['key-plain', { status: 'active', beta: false, rateLimit: undefined }],
    ['key-inactive', { status: 'inactive', beta: false, rateLimit: undefined }],
    ['key-disabled', { status: 'disabled', beta: false, rateLimit: undefined }]
  ])
  t.same([...readKeysFile(join(directory, 'keys.yaml'))], [['key-yaml', { status: 'active', beta: true, rateLimit: undefined }]])
  t.same([...readKeysFile(join(directory, 'keys.yml')).keys()], ['key-yml'])
})

t.test('a bad keys file fails with the file and entry named, never the key', async t => {
  const directory = await fixtureDir(t, {
    'not-json.json': '{',
    'not-yaml.yaml': 'a: [',
    'array.json': ['k'],
    'empty.json': {},
    'bad-status.json': { 'secret-key-1': { status: 'gone' } },
    'extra.json': { 'secret-key-2': { status: 'active', colour: 'blue' } },
    'bad-limit.json': { 'secret-key-3': { rateLimit: 0 } },
    'spaced.json': { 'a b': {} },
    'not-an-object.json': { 'secret-key-4': 5 },
    'proto.json': '{"__proto__": {"status": "active"}}'
  })
  const cases: Array<[string, RegExp]> = [
    ['missing.json', /cannot read .*missing\.json/],
    ['not-json.json', /not-json\.json is not valid JSON/],
    ['not-yaml.yaml', /not-yaml\.yaml is not valid YAML/],
    ['array.json', /must be an object of key → persona/],
    ['empty.json', /lists no key/],
    ['bad-status.json', /bad-status\.json: entry 1 \/status: .*a persona is/],
    ['extra.json', /extra\.json: entry 1/],
    ['bad-limit.json', /bad-limit\.json: entry 1 \/rateLimit/],
    ['spaced.json', /entry 1 has an empty key or one with white space/],
    ['not-an-object.json', /not-an-object\.json: entry 1: Expected object/],
    ['proto.json', /not valid JSON/]
  ]
  for (const [file, message] of cases) {
    t.throws(() => readKeysFile(join(directory, file)), { message }, file)
    try {
      readKeysFile(join(directory, file))
    } catch (error) {
      t.notMatch((error as Error).message, /secret-key/, `${file}: the key is not in the message`)
    }
  }
  t.throws(() => loadConfig({ VENICE_MOCK_KEYS_FILE: join(directory, 'empty.json') }), { name: 'ConfigError', message: /^Invalid VENICE_MOCK_KEYS_FILE: .*lists no key/ })
  t.throws(() => loadConfig({ VENICE_MOCK_KEYS_FILE: relative(process.cwd(), join(directory, 'empty.json')) }), { message: /lists no key/ }, 'a relative path is read from the working directory')
})

t.test('lookup compares every key and returns an opaque caller id', async t => {
  const directory = new KeyDirectory(new Map([['alpha', { status: 'active', beta: false, rateLimit: undefined }]]))
  t.ok(directory.restricted)
  t.equal(directory.lookup('alpha')?.id, callerId('alpha'))
  t.notMatch(callerId('alpha'), 'alpha')
  t.equal(directory.lookup('alph'), undefined)
  t.equal(directory.lookup('alphaa'), undefined)
  const open = new KeyDirectory(null)
  t.notOk(open.restricted)
  t.match(open.lookup('anything'), { persona: { beta: true } })
})

t.test('presented keys are remembered in bounded memory, and a flood of random keys changes no answer', async t => {
  const directory = new KeyDirectory(new Map([['alpha', { status: 'active', beta: false, rateLimit: undefined }]]))
  const open = new KeyDirectory(null)
  const first = open.lookup('some-key')
  t.equal(open.lookup('some-key'), first, 'the same caller object for the same key')
  t.equal(first?.id, callerId('some-key'))
  t.equal(first?.id, callerId('some-key'), 'the id is the same when read again')
  let found = 0
  for (let index = 0; index < 3 * KEY_CACHE_SIZE; index++) {
    if (directory.lookup(`random-${index}`) !== undefined) found++
    open.lookup(`random-${index}`)
  }
  t.equal(found, 0, 'no random key is found')
  t.ok(directory.cachedKeys <= KEY_CACHE_SIZE, `${directory.cachedKeys} keys remembered`)
  t.ok(open.cachedKeys <= KEY_CACHE_SIZE, `${open.cachedKeys} open callers remembered`)
  t.equal(directory.lookup('alpha')?.id, callerId('alpha'), 'a configured key is still found after the flood')
  t.equal(directory.lookup('alpha')?.id, callerId('alpha'), 'and again from the cache')
  t.equal(open.lookup('some-key')?.id, callerId('some-key'))
})

t.test('personas on the API: inactive, disabled, beta models, per-key rate limits, unknown keys', async t => {
  const directory = await fixtureDir(t, { 'keys.json': KEYS })
  const config = loadConfig({ VENICE_MOCK_KEYS_FILE: join(directory, 'keys.json'), VENICE_MOCK_API_KEYS: 'plain-env-key', LOG_LEVEL: 'silent' })
  const app = await appFor(t, config)
  const get = async (key: string | undefined, url = '/api/v1/models') => await app.inject({ url, headers: key === undefined ? {} : { authorization: `Bearer ${key}` } })

  const inactive = await get('key-inactive')
  t.equal(inactive.statusCode, 401)
  t.same(inactive.json(), { error: 'Authentication failed - Pro subscription is inactive. Please upgrade your subscription to continue using the API' })
  t.equal(inactive.headers['www-authenticate'], 'Bearer')
  const disabled = await get('key-disabled')
  t.equal(disabled.statusCode, 403)
  t.same(disabled.json(), { error: 'API access has been disabled for this account. Please contact support@venice.ai' })
  t.equal((await get('not-in-the-file')).statusCode, 401, 'keys not in the file are unknown')

  const ids = async (key: string) => (await get(key)).json().data.map((model: { id: string }) => model.id)
  t.ok((await ids('key-active')).includes('stealth-ox-alpha'), 'a beta key sees the beta-only model')
  t.notOk((await ids('key-plain')).includes('stealth-ox-alpha'), 'others do not')
  t.ok((await ids('plain-env-key')).includes('stealth-ox-alpha'), 'VENICE_MOCK_API_KEYS keys see everything, as without a keys file')
  t.equal((await get('key-plain', '/api/v1/models/stealth-ox-alpha')).statusCode, 404)
  t.equal((await get('key-active', '/api/v1/models/stealth-ox-alpha')).statusCode, 200)

  const limited = await get('key-active')
  t.equal(limited.statusCode, 429, 'rateLimit 2: the third request of the minute (two lists above, one model) is refused')
  t.same(limited.json(), { error: 'Rate limit exceeded' })
  t.equal(limited.headers['x-ratelimit-remaining-requests'], '0')
  t.equal(limited.headers['x-ratelimit-limit-requests'], '2')
})

t.test('with auth optional and personas, a caller without a key sees no beta-only model', async t => {
  const directory = await fixtureDir(t, { 'keys.json': KEYS })
  const app = await appFor(t, { ...loadConfig({ VENICE_MOCK_KEYS_FILE: join(directory, 'keys.json'), LOG_LEVEL: 'silent' }), auth: 'optional' })
  const { data } = (await app.inject({ url: '/api/v1/models' })).json()
  t.notOk(data.some((model: { id: string }) => model.id === 'stealth-ox-alpha'))
})

t.test('discounts: a fraction per model id, refused with the entry, the key fingerprint, the model and the fix', async t => {
  const directory = await fixtureDir(t, {
    'partner.json': { 'plain-one': {}, 'partner-key': { status: 'active', discounts: { 'kimi-k2-6': 0.2, 'elevenlabs/scribe-v2': 0.5 } } },
    'partner.yaml': 'partner-yaml-key:\n  discounts:\n    kimi-k2-6: 0.25\n'
  })
  const partner = readKeysFile(join(directory, 'partner.json')).get('partner-key')
  t.same(partner?.discounts, new Map([['kimi-k2-6', 0.2], ['elevenlabs/scribe-v2', 0.5]]))
  t.match(partner?.entry, /partner\.json: entry 2 \(sha256:346e50af211b\)$/)
  t.same(readKeysFile(join(directory, 'partner.yaml')).get('partner-yaml-key')?.discounts, new Map([['kimi-k2-6', 0.25]]))
  t.notOk('discounts' in (readKeysFile(join(directory, 'partner.json')).get('plain-one') ?? {}), 'keys without discounts have none')

  const bad: Array<[unknown, RegExp]> = [
    [{ 'kimi-k2-6': 0 }, /entry 1 \(sha256:[0-9a-f]{12}\): discounts\["kimi-k2-6"\] is 0: a discount is a fraction greater than 0 and less than 1, e\.g\. 0\.2 for 20% off$/],
    [{ 'kimi-k2-6': 1 }, /discounts\["kimi-k2-6"\] is 1: /],
    [{ 'elevenlabs/scribe-v2': 1.5 }, /discounts\["elevenlabs\/scribe-v2"\] is 1\.5: /],
    [{ 'a~b': -0.1 }, /discounts\["a~b"\] is -0\.1: /],
    [{ 'kimi-k2-6': '0.2' }, /discounts\["kimi-k2-6"\] is "0\.2": /],
    [{ 'kimi-k2-6': null }, /discounts\["kimi-k2-6"\] is null: /],
    [[0.2], /entry 1 \(sha256:[0-9a-f]{12}\): discounts must be an object of model id → fraction, e\.g\. \{"discounts": \{"kimi-k2-6": 0\.2\}\}$/],
    [0.2, /discounts must be an object/]
  ]
  for (const [discounts, message] of bad) {
    const file = await fixtureDir(t, { 'keys.json': { 'secret-key-99': { discounts } } })
    t.throws(() => readKeysFile(join(file, 'keys.json')), { message }, JSON.stringify(discounts))
    t.throws(() => readKeysFile(join(file, 'keys.json')), { message: /^(?!.*secret-key-99)/ }, 'never the key')
  }
  const short = await fixtureDir(t, { 'keys.json': { short: { discounts: { x: 2 } } } })
  t.throws(() => readKeysFile(join(short, 'keys.json')), { message: /entry 1 \(sha256:f9b0078b5df5\): / }, 'a short key is named by its fingerprint too')
})
