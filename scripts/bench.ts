// `npm run bench`: start-up time and memory of the built server, on the built-in catalog and on 10,000 models.
// Runs the compiled dist/ (npm run bench builds it first) in child processes on 127.0.0.1; bounded to a few runs.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { writeLargeCatalog } from './large-catalog.js'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const KEY = 'bench-key'

interface StartRun { startMs: number, rssMb: number, models: number }

async function rssMb (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024
}

/** Process start to the first 200 of `?type=all`, then RSS after `requests` more of them. */
async function startOnce (fixtures: string | undefined, port: number, requests: number): Promise<StartRun> {
  const started = performance.now()
  const args = [BIN, '--port', String(port), '--log-level', 'warn', ...(fixtures === undefined ? [] : ['--fixtures', fixtures])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  const url = `http://127.0.0.1:${port}/api/v1/models?type=all`
  const headers = { authorization: `Bearer ${KEY}` }
  try {
    let models = 0
    for (const deadline = Date.now() + 20_000; models === 0; await sleep(5)) {
      if (Date.now() > deadline) throw new Error('the server did not answer within 20 s')
      try {
        const response = await fetch(url, { headers })
        if (response.status === 200) models = ((await response.json()) as { data: unknown[] }).data.length
      } catch {
        // not listening yet
      }
    }
    const startMs = performance.now() - started
    for (let index = 0; index < requests; index++) await (await fetch(url, { headers })).arrayBuffer()
    return { startMs, rssMb: await rssMb(child.pid as number), models }
  } finally {
    child.kill('SIGTERM')
    await new Promise(resolve => child.once('exit', resolve))
  }
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function measure (label: string, fixtures: string | undefined, runs: number, targets: { startMs: number, rssMb: number }) {
  const results: StartRun[] = []
  for (let run = 0; run < runs; run++) results.push(await startOnce(fixtures, 41000 + run, 50))
  const startMs = median(results.map(result => result.startMs))
  const rss = Math.max(...results.map(result => result.rssMb))
  return {
    case: label,
    models: results[0].models,
    runs,
    'start to first 200, median (ms)': Math.round(startMs),
    'start target (ms)': targets.startMs,
    'RSS after 50 ?type=all (MB)': Math.round(rss),
    'RSS target (MB)': targets.rssMb,
    verdict: startMs <= targets.startMs && rss <= targets.rssMb ? 'met' : 'MISSED'
  }
}

const large = await mkdtemp(join(tmpdir(), 'venice-bench-'))
try {
  await writeLargeCatalog(large, 10_000)
  const rows = [
    await measure('built-in catalog', undefined, 5, { startMs: 300, rssMb: 120 }),
    await measure('10,000 models', large, 3, { startMs: 2000, rssMb: 200 })
  ]
  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`)
  console.table(rows)
} finally {
  await rm(large, { recursive: true, force: true })
}
