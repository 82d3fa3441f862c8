// The long form of the reliability tests (npm run reliability): soak, hot reload under load and SIGTERM under load, as a table.
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { buildApp } from '../src/app.js'
import { withModels } from '../src/catalog/edit-catalog.js'
import { loadCatalog } from '../src/catalog/load-catalog.js'
import { BUILT_IN_FIXTURES, loadConfig } from '../src/config.js'
import { runLoad, soakTargets } from '../test/reliability/load.js'
import { residentBytes, startServerProcess } from '../test/helpers/server-process.js'

const { values } = parseArgs({
  options: {
    soak: { type: 'string', default: '60' },
    'warm-up': { type: 'string', default: '15' },
    clients: { type: 'string', default: '32' },
    swaps: { type: 'string', default: '200' },
    'in-flight': { type: 'string', default: '200' }
  }
})
const soakSeconds = Number(values.soak)
const warmUpSeconds = Number(values['warm-up'])
const clients = Number(values.clients)
const swaps = Number(values.swaps)
const inFlight = Number(values['in-flight'])
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)
const rows: string[][] = []

async function soak (): Promise<boolean> {
  const server = await startServerProcess({ LOG_LEVEL: 'info', VENICE_MOCK_ADMIN_KEY: 'reliability-admin', VENICE_MOCK_JOURNAL_SIZE: '1000' })
  try {
    const pid = server.child.pid as number
    const warmUp = await runLoad(server.url, soakTargets('k'), clients, warmUpSeconds * 1000)
    const start = residentBytes(pid) ?? Number.NaN
    const samples: number[] = []
    const sampler = setInterval(() => samples.push(residentBytes(pid) ?? Number.NaN), 1000)
    const run = await runLoad(server.url, soakTargets('k'), clients, soakSeconds * 1000)
    clearInterval(sampler)
    const end = residentBytes(pid) ?? Number.NaN
    const growth = (end - start) / start
    rows.push(['soak', `${clients} clients, ${soakSeconds} s after ${warmUpSeconds} s warm-up, journal on (1,000 entries)`,
      `${run.requests + warmUp.requests} requests (${run.perSecond}/s), ${run.errors + warmUp.errors} errors; RSS ${mb(start)} → ${mb(end)} MB (peak ${mb(Math.max(...samples, end))}), ${(growth * 100).toFixed(1)}%`])
    return run.errors + warmUp.errors === 0 && growth < 0.1
  } finally {
    server.child.kill('SIGKILL')
  }
}

async function hotReload (): Promise<boolean> {
  const before = await loadCatalog(BUILT_IN_FIXTURES)
  const after = withModels(before, before.content.models.slice(1))
  await (after as unknown as { compress?: () => Promise<unknown> }).compress?.()
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', VENICE_MOCK_AUTH: 'off' }), { catalog: before })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const path = '/api/v1/models?type=all'
  const old = await (await fetch(url + path)).text()
  app.catalogStore.replace(after)
  const next = await (await fetch(url + path)).text()
  app.catalogStore.replace(before)
  const state = { running: true }
  let requests = 0
  let failures = 0
  const loops = Array.from({ length: clients }, async () => {
    while (state.running) {
      try {
        const response = await fetch(url + path)
        const body = await response.text()
        requests++
        if (response.status !== 200 || (body !== old && body !== next)) failures++
      } catch {
        failures++
      }
    }
  })
  for (let swap = 0; swap < swaps; swap++) {
    await sleep(25)
    app.catalogStore.replace(swap % 2 === 0 ? after : before)
  }
  state.running = false
  await Promise.all(loops)
  await app.close()
  rows.push(['hot reload', `${swaps} swaps of the 328-model catalog every 25 ms, ${clients} clients on ?type=all`, `${requests} requests, ${failures} failed or mixed`])
  return failures === 0
}

async function shutdown (): Promise<boolean> {
  const server = await startServerProcess({ LOG_LEVEL: 'info' })
  const answers = Array.from({ length: inFlight }, async () => {
    try {
      const response = await fetch(`${server.url}/api/v1/models?type=all`, { headers: { authorization: 'Bearer k', prefer: 'delay=5000' } })
      JSON.parse(await response.text())
      return response.status
    } catch {
      return 0
    }
  })
  await sleep(1500)
  const signalled = Date.now()
  server.child.kill('SIGTERM')
  const statuses = await Promise.all(answers)
  const [code] = await server.exited
  const took = Date.now() - signalled
  const refused = await fetch(`${server.url}/healthz`).then(() => false, () => true)
  const ok = statuses.filter(status => status === 200).length
  rows.push(['SIGTERM', `${inFlight} requests in flight (Prefer: delay=5000)`, `${ok}/${inFlight} answered 200, exit ${String(code)} after ${took} ms, new connection ${refused ? 'refused' : 'accepted'}`])
  return ok === inFlight && code === 0 && took < 5000 && refused
}

const results = [await soak(), await hotReload(), await shutdown()]
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPUs\n`)
console.log('| check | load | result |\n| --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
process.exitCode = results.every(Boolean) ? 0 : 1
