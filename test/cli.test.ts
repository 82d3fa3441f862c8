// The command line: help, version, exit codes for bad settings and broken fixtures, and a server that starts.
import { createServer } from 'node:net'
import t from './helpers/tap.js'
import { main, USAGE, type CliIo } from '../src/cli.js'
import { PACKAGE_VERSION } from '../src/package-info.js'
import { fixtureDir } from './helpers/app.js'

function recordingIo (): CliIo & { out: string, err: string, codes: number[] } {
  const io = {
    out: '',
    err: '',
    codes: [] as number[],
    stdout: (text: string) => { io.out += text },
    stderr: (text: string) => { io.err += text },
    exit: (code: number) => { io.codes.push(code) }
  }
  return io
}

t.test('--help for every command, and --version', async t => {
  for (const flag of ['--help', '-h']) {
    const io = recordingIo()
    t.equal(await main([flag], {}, io), undefined)
    t.equal(io.out, USAGE.serve)
  }
  for (const command of ['serve', 'check', 'record', 'diff'] as const) {
    const io = recordingIo()
    await main([command, '--help'], {}, io)
    t.equal(io.out, USAGE[command], command)
    t.match(io.out, new RegExp(`^Usage: venice-models-mock ${command === 'serve' ? '\\[serve\\]' : command}`))
    t.match(io.out, /\nExamples:\n/)
  }
  t.match(USAGE.serve, /--api-keys +VENICE_MOCK_API_KEYS/)
  t.match(USAGE.serve, /--fixtures +VENICE_MOCK_FIXTURES/)
  t.match(USAGE.serve, /--watch +VENICE_MOCK_WATCH/)
  const io = recordingIo()
  await main(['--version'], {}, io)
  t.equal(io.out, `${PACKAGE_VERSION}\n`)
})

t.test('an unknown command exits 2 naming the commands', async t => {
  const io = recordingIo()
  await main(['srve'], {}, io)
  t.same(io.codes, [2])
  t.equal(io.err, 'venice-models-mock: unknown command "srve"; the commands are serve, check, record, diff\n')
})

t.test('a bad setting exits 2 with a message naming it', async t => {
  const io = recordingIo()
  await main([], { PORT: 'eighty' }, io)
  t.same(io.codes, [2])
  t.match(io.err, /^venice-models-mock: Invalid PORT: "eighty"/)
  t.match(io.err, /Run 'venice-models-mock serve --help' for the usage/)
  const flagIo = recordingIo()
  await main(['--no-such-flag'], {}, flagIo)
  t.same(flagIo.codes, [2])
  t.match(flagIo.err, /--no-such-flag/)
})

t.test('a broken catalog exits 1 listing every problem', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': '{', 'models/b.json': '' })
  const io = recordingIo()
  await main(['--fixtures', directory], { LOG_LEVEL: 'silent' }, io)
  t.same(io.codes, [1])
  t.match(io.err, /refusing to start: 2 problems in fixture directory/)
  t.match(io.err, /models\/a\.json: is not valid JSON/)
  t.match(io.err, /models\/b\.json: is empty/)
})

t.test('a port in use exits 1 with the reason', async t => {
  const blocker = createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as { port: number }
  const io = recordingIo()
  await main(['--port', String(port)], { LOG_LEVEL: 'silent' }, io)
  t.same(io.codes, [1])
  t.match(io.err, /cannot start: .*EADDRINUSE/)
})

t.test('a good command line starts the server', async t => {
  const io = recordingIo()
  const app = await main(['serve', '--port', '0', '--auth', 'off'], { LOG_LEVEL: 'silent' }, io)
  t.ok(app)
  t.teardown(() => app?.close())
  const { port } = app!.server.address() as { port: number }
  t.equal((await fetch(`http://127.0.0.1:${port}/api/v1/models`)).status, 200)
  t.same(io.codes, [])
})

t.test('record through the command line: progress on stderr, the result on stdout, the key from VENICE_API_KEY', async t => {
  const { emulatorAt } = await import('./helpers/servers.js')
  const { url } = await emulatorAt(t, { apiKeys: ['from-env'] })
  const out = `${await fixtureDir(t, {})}/catalog`
  const io = recordingIo()
  await main(['record', '--from', url, '--out', out], { VENICE_API_KEY: 'from-env' }, io)
  t.same(io.codes, [0])
  t.match(io.out, `recorded 328 models into ${out} (28 files)`)
  t.equal(io.err.trim().split('\n').length, 28)
  t.notMatch(io.err + io.out, 'from-env')
  const again = recordingIo()
  await main(['record', '--from', url, '--out', out], { VENICE_API_KEY: 'from-env' }, again)
  t.same(again.codes, [1])
  t.match(again.err, /^venice-models-mock record: .*already exists/)
  const usage = recordingIo()
  await main(['record', '--from', url], {}, usage)
  t.same(usage.codes, [2])
  t.match(usage.err, /record: --out <dir> is required/)
})

t.test('record through the command line: deviations listed after the result; --strict or VENICE_MOCK_STRICT refuses them, exit 1', async t => {
  const { emulatorAt } = await import('./helpers/servers.js')
  const { decemberCapture } = await import('./helpers/captures.js')
  const source = await fixtureDir(t, { 'venice.json': await decemberCapture() })
  const { url } = await emulatorAt(t, { fixturesDir: `${source}/venice.json`, auth: 'off' })
  const parent = await fixtureDir(t, {})
  const io = recordingIo()
  await main(['record', '--from', url, '--out', `${parent}/sent`], {}, io)
  t.same(io.codes, [0])
  t.match(io.out, new RegExp(`^recorded 62 models into ${parent}/sent \\(28 files\\)\nrecorded as sent with 100 deviations from the published contract \\(--strict refuses them\\):\n  models/05-text\\.json data\\[0\\]`))
  t.match(io.out, `... and 80 more: venice-models-mock check ${parent}/sent lists them all`)
  for (const [args, env] of [[['--strict'], {}], [[], { VENICE_MOCK_STRICT: 'true' }]] as const) {
    const refused = recordingIo()
    await main(['record', '--from', url, '--out', `${parent}/strict`, ...args], env, refused)
    t.same(refused.codes, [1], `${JSON.stringify(args)} ${JSON.stringify(env)}`)
    t.match(refused.err, /\nvenice-models-mock record: the recorded answers deviate from the published contract in 100 places, which strict mode \(--strict or VENICE_MOCK_STRICT=true\) refuses, so nothing was written:/)
  }
  const { readdir } = await import('node:fs/promises')
  t.same(await readdir(parent), ['sent'])
})

t.test('an --out that can never be written fails before any request', async t => {
  const io = recordingIo()
  const file = `${await fixtureDir(t, { 'file.txt': 'x' })}/file.txt/catalog`
  const { emulatorAt } = await import('./helpers/servers.js')
  const { url } = await emulatorAt(t, { auth: 'off' })
  await main(['record', '--from', url, '--out', file], {}, io)
  t.same(io.codes, [1])
  t.match(io.err, /^venice-models-mock record: cannot write .*file\.txt\/catalog: .*file\.txt is a file, not a directory\n$/, 'before any request: nothing else on stderr')
})
