// End to end: the command line in its own process (bundled from src/, and src/bin.ts itself), on a real port, stopped by SIGTERM.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from '../helpers/tap.js'
import { PACKAGE_VERSION } from '../../src/package-info.js'
import { REPO_ROOT } from '../helpers/fixtures.js'
import { listeningUrl, spawnEmulator } from '../helpers/server-process.js'

const start = spawnEmulator

t.test('starts on the built-in catalog, logs JSON with the URL, serves, and exits 0 on SIGTERM', async t => {
  const server = start({ PORT: '0', VENICE_MOCK_API_KEYS: 'e2e-secret-key', LOG_LEVEL: 'debug' })
  t.teardown(() => server.child.kill('SIGKILL'))
  const url = await listeningUrl(server)
  const line = JSON.parse(server.output().stdout.split('\n').find(text => text.includes('listening on')) as string)
  t.match(line, { level: 30, models: Number, auth: 'optional' }, 'one JSON line with the URL, the catalog size and the auth mode')
  const response = await fetch(`${url}/api/v1/models/elevenlabs/scribe-v2`, { headers: { authorization: 'Bearer e2e-secret-key' } })
  t.equal(response.status, 200)
  t.equal(((await response.json()) as { id: string }).id, 'elevenlabs/scribe-v2')
  t.equal((await fetch(`${url}/api/v1/models`)).status, 200, 'no key is fine, as live')
  t.equal((await fetch(`${url}/api/v1/models`, { headers: { authorization: 'Bearer wrong-key' } })).status, 401)
  const started = Date.now()
  server.child.kill('SIGTERM')
  const [code] = await server.exited
  t.equal(code, 0, 'exit 0 after SIGTERM')
  t.ok(Date.now() - started < 5000, 'exits promptly')
  const { stdout } = server.output()
  t.match(stdout, /shut down cleanly/)
  t.match(stdout, /"req":\{"method":"GET","url":"\/api\/v1\/models\/elevenlabs\/scribe-v2"/, 'debug level logs each request')
  t.notMatch(stdout, 'e2e-secret-key', 'the key is in no log line')
})

t.test('exits 2 on a bad setting and 1 on a broken catalog, before listening', async t => {
  const badSetting = start({ VENICE_MOCK_AUTH: 'sometimes' })
  const [badCode] = await badSetting.exited
  t.equal(badCode, 2)
  t.match(badSetting.output().stderr, /Invalid VENICE_MOCK_AUTH: "sometimes"/)
  const broken = start({ PORT: '0' }, ['--fixtures', join(REPO_ROOT, 'test')])
  const [brokenCode] = await broken.exited
  t.equal(brokenCode, 1)
  t.match(broken.output().stderr, /refusing to start: .*problem/)
  t.match(broken.output().stderr, /catalog: is a directory; a directory of captures holds its JSON files at its root/)
})

t.test('src/bin.ts, the executable, starts the same command line from the sources (the published dist/bin.js runs in CI)', async t => {
  // No coverage from the child: bin.ts's other branch, the bundle beside it, exists only in dist/.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'bin.ts'), '--version'],
    { env: { PATH: process.env.PATH, _TAPJS_PROCESSINFO_COVERAGE_: '0' } })
  t.equal(stdout, `${PACKAGE_VERSION}\n`)
})
