// loadConfig: defaults, environment variables, flags winning over them, and errors that name the setting.
import { isAbsolute, resolve } from 'node:path'
import t from './helpers/tap.js'
import { BUILT_IN_FIXTURES, ConfigError, loadConfig } from '../src/config.js'

t.test('defaults', async t => {
  const config = loadConfig({})
  t.same(config, {
    port: 4010,
    host: '127.0.0.1',
    logLevel: 'info',
    logFormat: 'auto',
    auth: 'optional',
    apiKeys: null,
    fixturesDir: BUILT_IN_FIXTURES,
    watch: false,
    strict: false,
    controls: true,
    latency: null,
    errorRate: 0,
    seed: undefined,
    personas: null,
    rateLimit: null,
    abuseBlock: false,
    adminKey: null,
    journalSize: 1000,
    cors: '*'
  })
  t.ok(Object.isFrozen(config), 'the config is frozen')
  t.ok(isAbsolute(BUILT_IN_FIXTURES) && BUILT_IN_FIXTURES.endsWith('fixtures'))
})

t.test('every setting from the environment', async t => {
  const config = loadConfig({
    PORT: '0',
    HOST: '0.0.0.0',
    LOG_LEVEL: 'trace',
    VENICE_MOCK_LOG_FORMAT: 'json',
    VENICE_MOCK_AUTH: 'optional',
    VENICE_MOCK_API_KEYS: ' key-1 , key-2,,',
    VENICE_MOCK_FIXTURES: 'my-fixtures',
    VENICE_MOCK_WATCH: 'true',
    UNRELATED: 'ignored'
  })
  t.has(config, {
    port: 0,
    host: '0.0.0.0',
    logLevel: 'trace',
    logFormat: 'json',
    auth: 'optional',
    apiKeys: ['key-1', 'key-2'],
    fixturesDir: resolve('my-fixtures'),
    watch: true
  })
  t.same([...(config.personas ?? [])], [['key-1', { status: 'active', beta: true, rateLimit: undefined }], ['key-2', { status: 'active', beta: true, rateLimit: undefined }]])
  t.ok(Object.isFrozen(config.apiKeys))
})

t.test('flags win over the environment', async t => {
  const config = loadConfig({ PORT: '1', HOST: 'a', VENICE_MOCK_AUTH: 'off' }, [
    '--port', '8080', '--host=::1', '--log-level', 'warn', '--log-format', 'pretty',
    '--auth', 'required', '--api-keys', 'k', '--fixtures', '/abs/dir', '--watch'
  ])
  t.has(config, { port: 8080, host: '::1', logLevel: 'warn', logFormat: 'pretty', auth: 'required', apiKeys: ['k'], fixturesDir: '/abs/dir', watch: true })
  t.equal(loadConfig({ VENICE_MOCK_WATCH: 'on' }, ['--watch', 'false']).watch, false, 'a value after --watch counts')
  t.equal(loadConfig({}, ['--watch', '--port', '1']).watch, true, '--watch alone before another flag')
  t.equal(loadConfig({}, ['--watch=0']).watch, false)
  t.equal(loadConfig({ VENICE_MOCK_WATCH: 'no' }).watch, false)
  t.equal(loadConfig({ VENICE_MOCK_STRICT: 'true' }).strict, true, 'VENICE_MOCK_STRICT')
  t.equal(loadConfig({}, ['--strict', '--port', '1']).strict, true, '--strict alone')
  t.equal(loadConfig({ VENICE_MOCK_STRICT: 'true' }, ['--strict=false']).strict, false)
})

t.test('bad settings fail fast, naming the variable or flag', async t => {
  const cases: Array<[Record<string, string>, string[], RegExp]> = [
    [{ PORT: 'abc' }, [], /^Invalid PORT: "abc" is not a port number/],
    [{ PORT: '65536' }, [], /^Invalid PORT/],
    [{ PORT: '-1' }, [], /^Invalid PORT/],
    [{ PORT: '' }, [], /^Invalid PORT/],
    [{}, ['--port', '4.5'], /^Invalid --port: "4.5"/],
    [{ HOST: 'bad host' }, [], /^Invalid HOST: "bad host" is not a host name/],
    [{ HOST: '' }, [], /^Invalid HOST/],
    [{ LOG_LEVEL: 'verbose' }, [], /^Invalid LOG_LEVEL: "verbose" is not one of fatal, error, warn, info, debug, trace, silent/],
    [{ VENICE_MOCK_LOG_FORMAT: 'xml' }, [], /^Invalid VENICE_MOCK_LOG_FORMAT/],
    [{ VENICE_MOCK_AUTH: 'yes' }, [], /^Invalid VENICE_MOCK_AUTH: "yes" is not one of required, optional, off/],
    [{}, ['--auth', 'Required'], /^Invalid --auth/],
    [{ VENICE_MOCK_API_KEYS: ' , ' }, [], /^Invalid VENICE_MOCK_API_KEYS: it is set but lists no key/],
    [{ VENICE_MOCK_API_KEYS: 'a b' }, [], /^Invalid VENICE_MOCK_API_KEYS: keys cannot contain white space/],
    [{ VENICE_MOCK_FIXTURES: ' ' }, [], /^Invalid VENICE_MOCK_FIXTURES: it is empty/],
    [{ VENICE_MOCK_WATCH: 'sometimes' }, [], /^Invalid VENICE_MOCK_WATCH: "sometimes" is not true or false/],
    [{ VENICE_MOCK_CONTROLS: 'maybe' }, [], /^Invalid VENICE_MOCK_CONTROLS: "maybe" is not on or off/],
    [{ VENICE_MOCK_LATENCY: 'slow' }, [], /^Invalid VENICE_MOCK_LATENCY: /],
    [{ VENICE_MOCK_ERROR_RATE: '1.5' }, [], /^Invalid VENICE_MOCK_ERROR_RATE: "1.5" is not a number from 0 to 1/],
    [{ VENICE_MOCK_ERROR_RATE: 'half' }, [], /^Invalid VENICE_MOCK_ERROR_RATE/],
    [{ VENICE_MOCK_RATE_LIMIT: '0' }, [], /^Invalid VENICE_MOCK_RATE_LIMIT: "0" is not a whole number of at least 1/],
    [{ VENICE_MOCK_JOURNAL_SIZE: 'lots' }, [], /^Invalid VENICE_MOCK_JOURNAL_SIZE/],
    [{ VENICE_MOCK_JOURNAL_SIZE: '999999999' }, [], /^Invalid VENICE_MOCK_JOURNAL_SIZE: 999999999 is more than 100000 entries/],
    [{ VENICE_MOCK_ADMIN_KEY: '' }, [], /^Invalid VENICE_MOCK_ADMIN_KEY: it is empty or contains white space/],
    [{ VENICE_MOCK_CORS: 'http://localhost:5173/' }, [], /^Invalid VENICE_MOCK_CORS: "http:\/\/localhost:5173\/" is not \*, off, or a list of origins/],
    [{ VENICE_MOCK_CORS: 'localhost:5173' }, [], /^Invalid VENICE_MOCK_CORS: "localhost:5173"/],
    [{}, ['--cors', ' , '], /^Invalid --cors: " , " is not \*, off/],
    [{}, ['--abuse-block', 'often'], /^Invalid --abuse-block/],
    [{}, ['--unknown'], /Unknown option '--unknown'/],
    [{}, ['--port'], /--port/],
    [{}, ['serve'], /positional argument/]
  ]
  for (const [env, argv, message] of cases) {
    t.throws(() => loadConfig(env, argv), { name: 'ConfigError', message }, `${JSON.stringify(env)} ${argv.join(' ')}`)
  }
  t.type(new ConfigError('x'), Error)
})

t.test('CORS: any origin by default, off, or a list of origins', async t => {
  t.equal(loadConfig({ VENICE_MOCK_CORS: '*' }).cors, '*')
  t.equal(loadConfig({ VENICE_MOCK_CORS: 'on' }).cors, '*')
  t.equal(loadConfig({ VENICE_MOCK_CORS: 'OFF' }).cors, null)
  const origins = loadConfig({}, ['--cors', 'http://localhost:5173, https://app.example.com:8443, HTTP://LOCALHOST:80']).cors
  t.same(origins, ['http://localhost:5173', 'https://app.example.com:8443', 'http://localhost'], 'as browsers send them: lower case, no default port')
  t.ok(Object.isFrozen(origins))
})

t.test('the test-control settings', async t => {
  const config = loadConfig({
    VENICE_MOCK_CONTROLS: 'off',
    VENICE_MOCK_LATENCY: '50-400',
    VENICE_MOCK_ERROR_RATE: '0.25',
    VENICE_MOCK_SEED: 'run-1',
    VENICE_MOCK_RATE_LIMIT: '60',
    VENICE_MOCK_ABUSE_BLOCK: 'true',
    VENICE_MOCK_ADMIN_KEY: 'admin-key',
    VENICE_MOCK_JOURNAL_SIZE: '50'
  })
  t.has(config, { controls: false, latency: { minMs: 50, maxMs: 400 }, errorRate: 0.25, seed: 'run-1', rateLimit: 60, abuseBlock: true, adminKey: 'admin-key', journalSize: 50 })
  t.equal(loadConfig({}, ['--controls', 'on', '--error-rate', '1', '--latency', '150', '--abuse-block']).errorRate, 1)
  t.same(loadConfig({ VENICE_MOCK_ERROR_RATE: '0' }).errorRate, 0)
  t.same(loadConfig({}, ['--latency', '150']).latency, { minMs: 150, maxMs: 150 })
  t.equal(loadConfig({}, ['--abuse-block']).abuseBlock, true)
})

t.test('the README\'s configuration table is the settings table, and --help shows every default', async t => {
  const { readFileSync } = await import('node:fs')
  const { settingsTable } = await import('../scripts/settings-table.js')
  const { USAGE } = await import('../src/cli.js')
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const start = readme.indexOf('| variable | flag | default | meaning |')
  t.equal(readme.slice(start, readme.indexOf('\n\n', start)), settingsTable(), 'regenerate it with: npx tsx scripts/print-settings-table.ts')
  t.match(USAGE.serve, /--port\s+PORT\s+port to listen on; 0 picks a free one \(default: 4010\)/)
  t.match(USAGE.serve, /--fixtures\s+VENICE_MOCK_FIXTURES\s+.* \(default: the built-in fixtures\/\)/)
  t.match(USAGE.serve, /--rate-limit\s+VENICE_MOCK_RATE_LIMIT\s+.* \(default: unset\)/)
})
