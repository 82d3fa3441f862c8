// Soak, short form: full load on a server with its journal on; zero errors, and RSS after warm-up grows by less than 10%.
import t from '../helpers/tap.js'
import { runLoad, soakTargets } from './load.js'
import { residentBytes, startServerProcess } from '../helpers/server-process.js'

const CLIENTS = 16
const WARM_UP_MS = 3000
const SOAK_MS = 6000

t.test(`soak: ${CLIENTS} clients, ${SOAK_MS / 1000} s after a ${WARM_UP_MS / 1000} s warm-up, journal on`, { skip: process.platform !== 'linux' && 'RSS is read from /proc' }, async t => {
  const server = await startServerProcess({ LOG_LEVEL: 'info', VENICE_MOCK_ADMIN_KEY: 'soak-admin', VENICE_MOCK_JOURNAL_SIZE: '1000' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const pid = server.child.pid as number
  const targets = soakTargets('soak-key')
  const warmUp = await runLoad(server.url, targets, CLIENTS, WARM_UP_MS)
  const afterWarmUp = residentBytes(pid) as number
  const soak = await runLoad(server.url, targets, CLIENTS, SOAK_MS)
  const afterSoak = residentBytes(pid) as number
  const growth = (afterSoak - afterWarmUp) / afterWarmUp
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
  t.same([...warmUp.firstErrors, ...soak.firstErrors], [], 'no request failed')
  t.equal(warmUp.errors + soak.errors, 0)
  t.ok(growth < 0.1, `RSS ${mb(afterWarmUp)} MB after warm-up, ${mb(afterSoak)} MB after the soak: ${(growth * 100).toFixed(1)}% growth`)
  const journal = await (await fetch(`${server.url}/__admin/requests?limit=1000`, { headers: { authorization: 'Bearer soak-admin' } })).json() as { data: unknown[] }
  t.equal(journal.data.length, 1000, 'the journal is full, and holds no more than its size')
  t.equal((await fetch(`${server.url}/healthz`)).status, 200, 'healthy afterwards')
  t.comment(`${soak.requests} requests in ${soak.seconds.toFixed(1)} s (${soak.perSecond}/s) after ${warmUp.requests} to warm up; RSS ${mb(afterWarmUp)} → ${mb(afterSoak)} MB`)
  server.child.kill('SIGTERM')
  t.equal((await server.exited)[0], 0)
})
