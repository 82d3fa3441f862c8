// `npm run bench`: throughput, server CPU per request, latency, memory and start-up of the built emulator as users run
// it (keys configured, journal on), each case beside a bare node:http server that checks the same bearer key and replays
// the emulator's recorded answer (the ceiling). Prints markdown tables for BENCHMARKS.md. Runs dist/ (npm run bench
// builds it first), only on 127.0.0.1, in under 3 minutes.
//
//   npm run bench [-- --quick] [-- --duration 5 --runs 2 --connections 50 --tool wrk|autocannon --no-pin]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { cpus, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import type { RecordedResponse } from './bench-ceiling.js'
import { writeLargeCatalog } from './large-catalog.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'dist', 'bin.js')
const CEILING = join(ROOT, 'scripts', 'bench-ceiling.ts')
const LUA = join(ROOT, 'scripts', 'bench.lua')
const AUTOCANNON = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js')
const API_KEY = 'bench-key'
const ADMIN_KEY = 'bench-admin'
const LARGE_MODELS = 10_000

/** Issue 15: share of the ceiling's throughput per case (`large` answers and small ones), p99 against the ceiling's. */
const TARGETS = { largeRatio: 0.85, smallRatio: 0.65, p99Factor: 2, coldStartMs: 300, rssMb: 120, largeStartMs: 2000 }

// --- options -------------------------------------------------------------------------------------------------------

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    runs: { type: 'string' },
    connections: { type: 'string' },
    threads: { type: 'string' },
    tool: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
    help: { type: 'boolean', default: false }
  }
})
if (flags.help) {
  process.stdout.write(`Usage: npm run bench [-- options]
  --quick            one 2 s run per case, 3 cold starts, 1 start of ${LARGE_MODELS} models (about 45 s)
  --duration S       seconds of load per run (default 5)
  --warmup S         seconds of warm-up per case and server (default 1; wrk takes whole seconds)
  --runs N           runs per case and server, interleaved (default 2)
  --connections N    concurrent connections (default 50)
  --threads N        wrk threads (default 2)
  --tool NAME        wrk or autocannon (default: wrk when installed)
  --no-pin           do not pin the servers and the load generator to separate cores
  --node-flags "F"   flags for the emulator's node, e.g. "--max-semi-space-size=4" (default: none, as users run it)
`)
  process.exit(0)
}

function positive (name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${JSON.stringify(raw)}`)
  return value
}

const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
const tool = flags.tool ?? (hasCommand('wrk') ? 'wrk' : 'autocannon')
if (tool !== 'wrk' && tool !== 'autocannon') throw new Error(`--tool must be wrk or autocannon, got ${JSON.stringify(tool)}`)
const options = {
  duration: positive('duration', flags.duration, flags.quick ? 2 : 5),
  warmup: positive('warmup', flags.warmup, 1),
  runs: Math.round(positive('runs', flags.runs, flags.quick ? 1 : 2)),
  connections: Math.round(positive('connections', flags.connections, 50)),
  threads: Math.round(positive('threads', flags.threads, 2)),
  coldRuns: flags.quick ? 3 : 5,
  largeRuns: flags.quick ? 1 : 3
}
// The server on the first core, the load generator on the second; with one core, or without taskset, they share.
const pinned = !flags['no-pin'] && hasCommand('taskset') && cpus().length >= 2
const SERVER_CORE = '0'
const LOAD_CORE = '1'

// --- processes -----------------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130))

function launch (command: string, args: string[], core: string | undefined, env?: NodeJS.ProcessEnv): ChildProcess {
  const [file, argv] = pinned && core !== undefined ? ['taskset', ['-c', core, command, ...args]] : [command, args]
  const child = spawn(file, argv, { cwd: ROOT, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

function procStatus (pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024
}

/** CPU time (user + system, all threads) the process has used so far, in ms; 10 ms resolution. */
function cpuMs (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 1000 / 100
}

interface Answer { status: number, rawHeaders: string[], body: Buffer }

/** One request with exactly the headers the load generator sends. */
function get (port: number, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, response => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}

/** Polls until `path` answers 200; the time from `since` to that answer, in ms. */
async function untilOk (child: ChildProcess, port: number, path: string, since: number, stderr: () => string): Promise<number> {
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr()}`)
    if (Date.now() > deadline) throw new Error(`${path} did not answer 200 within 60 s: ${stderr()}`)
    try {
      if ((await get(port, path, { authorization: `Bearer ${API_KEY}` })).status === 200) return performance.now() - since
    } catch {
      // not listening yet
    }
    await sleep(1)
  }
}

interface Server { name: string, child: ChildProcess, port: number }

/** The emulator as users run it (`node dist/bin.js`): one configured key, auth required, journal on through the admin key. */
async function startEmulator (name: string, fixtures?: string): Promise<Server & { startMs: number, startCpuMs: number }> {
  const port = await freePort()
  const args = [...flags['node-flags'].split(' ').filter(flag => flag !== ''), BIN, '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn', '--auth', 'required', '--admin-key', ADMIN_KEY,
    ...(fixtures === undefined ? [] : ['--fixtures', fixtures])]
  // Only what the emulator reads on its own: no stray VENICE_MOCK_* setting of the shell changes what is measured.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', VENICE_MOCK_API_KEYS: API_KEY }
  const started = performance.now()
  const child = launch(process.execPath, args, SERVER_CORE, env)
  let stderr = ''
  child.stderr?.on('data', chunk => { stderr += String(chunk) })
  child.stdout?.resume()
  const startMs = await untilOk(child, port, '/api/v1/models?type=text', started, () => stderr)
  return { name, child, port, startMs, startCpuMs: cpuMs(child.pid as number) }
}

async function startCeiling (responsesFile: string, work: string): Promise<Server> {
  // Compiled to plain JavaScript first: run through tsx, the process would also hold a TypeScript compiler.
  const script = join(work, 'bench-ceiling.mjs')
  await build({ entryPoints: [CEILING], outfile: script, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' })
  const port = await freePort()
  const child = launch(process.execPath, [script, responsesFile, String(port), API_KEY], SERVER_CORE)
  let stderr = ''
  child.stderr?.on('data', chunk => { stderr += String(chunk) })
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve())
    child.once('exit', code => reject(new Error(`the ceiling server exited with ${code}: ${stderr}`)))
  })
  return { name: 'ceiling', child, port }
}

// --- load ----------------------------------------------------------------------------------------------------------

interface Load {
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  /** Requests answered with anything but the expected status class, plus socket errors and timeouts. */
  errors: number
  bytesPerRequest: number
  /** Server CPU time (user + system, from /proc) per answered request, in µs: steadier than req/s on a busy machine. */
  cpuUsPerRequest: number
}

interface CaseRequest { path: string, acceptEncoding: string, ifNoneMatch: string }

function runTool (command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = launch(command, args, LOAD_CORE, env)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', chunk => { stdout += String(chunk) })
    child.stderr?.on('data', chunk => { stderr += String(chunk) })
    child.once('exit', code => code === 0 ? resolve(stdout) : reject(new Error(`${command} exited with ${code}: ${stderr}${stdout}`)))
  })
}

async function load (server: Server, request: CaseRequest, seconds: number): Promise<Load> {
  const pid = server.child.pid as number
  const cpuBefore = cpuMs(pid)
  const result = await generateLoad(server, request, seconds)
  return { ...result, cpuUsPerRequest: (cpuMs(pid) - cpuBefore) * 1000 / Math.max(result.requests, 1) }
}

async function generateLoad (server: Server, request: CaseRequest, seconds: number): Promise<Omit<Load, 'cpuUsPerRequest'> & { requests: number }> {
  const url = `http://127.0.0.1:${server.port}${request.path}`
  if (tool === 'wrk') {
    const env = { ...process.env, BENCH_ACCEPT_ENCODING: request.acceptEncoding, BENCH_IF_NONE_MATCH: request.ifNoneMatch }
    const output = await runTool('wrk', ['-t', String(options.threads), '-c', String(options.connections), '-d', `${Math.max(1, Math.round(seconds))}s`, '--timeout', '5s', '-s', LUA, url], env)
    const line = output.split('\n').find(text => text.startsWith('BENCH_JSON '))
    if (line === undefined) throw new Error(`wrk printed no summary: ${output}`)
    const summary = JSON.parse(line.slice('BENCH_JSON '.length)) as Record<string, number>
    return {
      requests: summary.requests,
      reqPerSec: summary.requests / (summary.durationUs / 1e6),
      p50Ms: summary.p50Us / 1000,
      p99Ms: summary.p99Us / 1000,
      // wrk counts answers of 400 and above as status errors.
      errors: summary.connectErrors + summary.readErrors + summary.writeErrors + summary.statusErrors + summary.timeouts,
      bytesPerRequest: summary.bytes / Math.max(summary.requests, 1)
    }
  }
  const headers = [`authorization=Bearer ${API_KEY}`,
    ...(request.acceptEncoding === '' ? [] : [`accept-encoding=${request.acceptEncoding}`]),
    ...(request.ifNoneMatch === '' ? [] : [`if-none-match=${request.ifNoneMatch}`])]
  const output = await runTool(process.execPath, [AUTOCANNON, '-c', String(options.connections), '-d', String(seconds), '-j', '-n',
    ...headers.flatMap(header => ['-H', header]), url], process.env)
  const result = JSON.parse(output) as { requests: { average: number, total: number }, latency: { p50: number, p99: number }, throughput: { total: number }, errors: number, timeouts: number, '4xx': number, '5xx': number }
  return {
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result['4xx'] + result['5xx'],
    // autocannon counts body bytes only.
    bytesPerRequest: result.throughput.total / Math.max(result.requests.total, 1)
  }
}

// --- cases ---------------------------------------------------------------------------------------------------------

interface Case {
  name: string
  /** The throughput share of the ceiling this case must reach. */
  target: number
  request: CaseRequest
  emulator: Server
  expectStatus: number
  /** Why the emulator cannot run this case yet, if it cannot. */
  unsupported?: string
  /** Bytes of one answer as the load generator counts them, to tell a wrong answer of the right status. */
  expectedBytes: number
  recorded?: RecordedResponse
  emulatorRuns: Load[]
  ceilingRuns: Load[]
  rssMb?: number
}

/** Headers Node's http server writes by itself; the ceiling server gets them from its own Node. */
const NODE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])

function headerOf (rawHeaders: readonly string[], name: string): string | undefined {
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index].toLowerCase() === name) return rawHeaders[index + 1]
  }
  return undefined
}

async function prepare (name: string, target: number, emulator: Server, request: CaseRequest, expectStatus: number, requires?: (answer: Answer) => string | undefined): Promise<Case> {
  const headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` }
  if (request.acceptEncoding !== '') headers['accept-encoding'] = request.acceptEncoding
  if (request.ifNoneMatch !== '') headers['if-none-match'] = request.ifNoneMatch
  const answer = await get(emulator.port, request.path, headers)
  const entry: Case = { name, target, request, emulator, expectStatus, expectedBytes: 0, emulatorRuns: [], ceilingRuns: [] }
  const missing = requires?.(answer)
  if (missing !== undefined) return { ...entry, unsupported: missing }
  if (answer.status !== expectStatus) throw new Error(`${name}: the emulator answered ${answer.status}, expected ${expectStatus}: ${answer.body.toString().slice(0, 200)}`)
  const rawHeaders: string[] = []
  for (let index = 0; index < answer.rawHeaders.length; index += 2) {
    if (!NODE_HEADERS.has(answer.rawHeaders[index].toLowerCase())) rawHeaders.push(answer.rawHeaders[index], answer.rawHeaders[index + 1])
  }
  const headerBytes = answer.rawHeaders.reduce((sum, text) => sum + text.length + 2, 20)
  return {
    ...entry,
    expectedBytes: (tool === 'wrk' ? headerBytes : 0) + answer.body.length,
    recorded: { url: request.path, acceptEncoding: request.acceptEncoding, ifNoneMatch: request.ifNoneMatch, status: answer.status, rawHeaders, bodyBase64: answer.body.toString('base64') }
  }
}

/** What is wrong with a run, if anything: errors, or answers of another size than the recorded one. */
function flaws (entry: Case, run: Load): string[] {
  const found: string[] = []
  if (run.errors > 0) found.push(`${run.errors} errors`)
  if (Math.abs(run.bytesPerRequest - entry.expectedBytes) > entry.expectedBytes * 0.25) {
    found.push(`${Math.round(run.bytesPerRequest)} bytes per answer, expected about ${entry.expectedBytes}`)
  }
  return found
}

// --- statistics and output -----------------------------------------------------------------------------------------

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const int = (value: number) => Math.round(value).toLocaleString('en-US')
const ms = (value: number) => value < 10 ? value.toFixed(2) : value.toFixed(1)
const verdict = (met: boolean) => met ? 'met' : '**missed**'

function machine (): string {
  const cpuModel = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model ?? 'unknown CPU'
  const wrkVersion = tool === 'wrk' ? /wrk (\S+)/.exec(spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?' : ''
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim()
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== ''
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  return [
    `- Date: ${new Date().toISOString()}; commit ${commit || '?'}${dirty ? ' with uncommitted changes' : ''}`,
    `- Machine: ${cpuModel}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}; load average before the run ${loadavg}`,
    `- Node ${process.version}; load generator: ${tool === 'wrk' ? `wrk ${wrkVersion}, ${options.threads} threads` : 'autocannon 9 (wrk not installed)'}, ${options.connections} connections`,
    `- ${pinned ? `Servers pinned to CPU ${SERVER_CORE}, load generator to CPU ${LOAD_CORE} (taskset)` : 'Not pinned (no taskset, one core, or --no-pin): servers and load generator share the cores'}`,
    ...(flags['node-flags'] === '' ? [] : [`- Emulator's node flags: \`${flags['node-flags']}\``]),
    `- Each case: ${options.warmup} s warm-up per server, then ${options.runs} × ${options.duration} s per server, emulator and ceiling interleaved`
  ].join('\n')
}

// --- the run -------------------------------------------------------------------------------------------------------

if (!existsSync(BIN)) throw new Error(`${BIN} is missing; run npm run build first (npm run bench does)`)
if (tool === 'wrk' && !hasCommand('wrk')) throw new Error('--tool wrk: wrk is not installed (Debian: apt-get install wrk)')
const benchStarted = performance.now()
const header = machine()
const work = await mkdtemp(join(tmpdir(), 'venice-bench-'))
const log = (text: string) => process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(3)} s] ${text}\n`)
try {
  // Cold start: process start to the first 200 of ?type=text, as a user starts it (node dist/bin.js).
  const cold: Array<{ startMs: number, startCpuMs: number }> = []
  for (let run = 0; run < options.coldRuns; run++) {
    const emulator = await startEmulator('cold')
    cold.push(emulator)
    await stop(emulator.child)
  }
  log(`cold start: ${cold.map(run => Math.round(run.startMs)).join(', ')} ms`)

  const largeDir = join(work, 'large')
  const largeIds = await writeLargeCatalog(largeDir, LARGE_MODELS)
  const largeStarts: number[] = []
  let large: Server | undefined
  for (let run = 0; run < options.largeRuns; run++) {
    const emulator = await startEmulator(`${LARGE_MODELS} models`, largeDir)
    largeStarts.push(emulator.startMs)
    if (run < options.largeRuns - 1) await stop(emulator.child)
    else large = emulator
  }
  log(`${LARGE_MODELS} models start: ${largeStarts.map(Math.round).join(', ')} ms`)
  const builtIn = await startEmulator('built-in catalog')

  const plain = (path: string): CaseRequest => ({ path, acceptEncoding: '', ifNoneMatch: '' })
  const { largeRatio, smallRatio } = TARGETS
  const text = await prepare('`?type=text`', largeRatio, builtIn, plain('/api/v1/models?type=text'), 200)
  const etag = headerOf(text.recorded?.rawHeaders ?? [], 'etag')
  const textIds = (JSON.parse(Buffer.from(text.recorded?.bodyBase64 ?? '', 'base64').toString()) as { data: Array<{ id: string }> }).data.map(model => model.id)
  const lastId = largeIds[largeIds.length - 1]
  const cases: Case[] = [
    text,
    await prepare('`?type=all`', largeRatio, builtIn, plain('/api/v1/models?type=all'), 200),
    await prepare('`?type=all`, gzip', largeRatio, builtIn, { ...plain('/api/v1/models?type=all'), acceptEncoding: 'gzip' }, 200,
      answer => headerOf(answer.rawHeaders, 'content-encoding') === 'gzip' ? undefined : 'not supported yet: the emulator sent no Content-Encoding: gzip'),
    etag === undefined
      ? { ...await prepare('`?type=text`, 304 revalidation', smallRatio, builtIn, plain('/api/v1/models?type=text'), 200), unsupported: 'not supported yet: the emulator sent no ETag' }
      : await prepare('`?type=text`, 304 revalidation', smallRatio, builtIn, { ...plain('/api/v1/models?type=text'), ifNoneMatch: etag }, 304),
    await prepare('one model, `/models/{id}`', smallRatio, builtIn, plain(`/api/v1/models/${encodeURIComponent(textIds[0])}`), 200),
    await prepare(`${LARGE_MODELS.toLocaleString('en-US')} models, \`/models/{id}\``, smallRatio, large as Server, plain(`/api/v1/models/${lastId}`), 200)
  ]
  const runnable = cases.filter(entry => entry.unsupported === undefined)
  const keys = new Set(runnable.map(entry => `${entry.request.path}\n${entry.request.acceptEncoding}\n${entry.request.ifNoneMatch}`))
  if (keys.size !== runnable.length) throw new Error('two cases send the same request; the ceiling server could not tell them apart')
  const responsesFile = join(work, 'responses.json')
  await writeFile(responsesFile, JSON.stringify(runnable.map(entry => entry.recorded)))
  const ceiling = await startCeiling(responsesFile, work)

  for (const entry of runnable) {
    await load(entry.emulator, entry.request, options.warmup)
    await load(ceiling, entry.request, options.warmup)
  }
  log('warmed up')
  for (let run = 0; run < options.runs; run++) {
    for (const entry of runnable) {
      // Alternate which server goes first, so a drift of the machine's speed does not favour either.
      const order = run % 2 === 0 ? ['emulator', 'ceiling'] as const : ['ceiling', 'emulator'] as const
      for (const side of order) {
        const result = await load(side === 'emulator' ? entry.emulator : ceiling, entry.request, options.duration)
        ;(side === 'emulator' ? entry.emulatorRuns : entry.ceilingRuns).push(result)
      }
      entry.rssMb = procStatus(entry.emulator.child.pid as number, 'VmRSS')
      log(`run ${run + 1}/${options.runs} ${entry.name}: ${int(entry.emulatorRuns[run].reqPerSec)} vs ${int(entry.ceilingRuns[run].reqPerSec)} req/s, ` +
        `${entry.emulatorRuns[run].cpuUsPerRequest.toFixed(1)} vs ${entry.ceilingRuns[run].cpuUsPerRequest.toFixed(1)} CPU µs/req`)
    }
  }
  const builtInRss = procStatus(builtIn.child.pid as number, 'VmRSS')
  const builtInPeak = procStatus(builtIn.child.pid as number, 'VmHWM')
  const largeRss = procStatus((large as Server).child.pid as number, 'VmRSS')
  const ceilingRss = procStatus(ceiling.child.pid as number, 'VmRSS')

  // --- report ---
  const lines: string[] = ['## Throughput, CPU per request and latency', '', header, '',
    '| case | emulator req/s | ceiling req/s | ratio | emulator CPU µs/req | ceiling CPU µs/req | CPU ratio | emulator p50 / p99 ms | ceiling p50 / p99 ms | RSS after MB | runs (req/s) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |']
  const notes: string[] = []
  const rate = (runs: Load[]) => mean(runs.map(run => run.reqPerSec))
  const cpu = (runs: Load[]) => median(runs.map(run => run.cpuUsPerRequest))
  const p99 = (runs: Load[]) => Math.max(...runs.map(run => run.p99Ms))
  const latency = (runs: Load[]) => `${ms(mean(runs.map(run => run.p50Ms)))} / ${ms(p99(runs))}`
  for (const entry of cases) {
    if (entry.unsupported !== undefined) {
      lines.push(`| ${entry.name} | ${entry.unsupported} | | | | | | | | | |`)
      continue
    }
    const problems = [...entry.emulatorRuns.map(run => flaws(entry, run).map(flaw => `emulator: ${flaw}`)),
      ...entry.ceilingRuns.map(run => flaws(entry, run).map(flaw => `ceiling: ${flaw}`))].flat()
    if (problems.length > 0) notes.push(`- ${entry.name}: **flagged**: ${problems.join('; ')}`)
    lines.push(`| ${entry.name} | ${int(rate(entry.emulatorRuns))} | ${int(rate(entry.ceilingRuns))} | **${(rate(entry.emulatorRuns) / rate(entry.ceilingRuns)).toFixed(2)}** | ` +
      `${cpu(entry.emulatorRuns).toFixed(1)} | ${cpu(entry.ceilingRuns).toFixed(1)} | **${(cpu(entry.ceilingRuns) / cpu(entry.emulatorRuns)).toFixed(2)}** | ` +
      `${latency(entry.emulatorRuns)} | ${latency(entry.ceilingRuns)} | ${int(entry.rssMb ?? 0)} | ` +
      `${entry.emulatorRuns.map(run => int(run.reqPerSec)).join(' / ')} vs ${entry.ceilingRuns.map(run => int(run.reqPerSec)).join(' / ')}${problems.length > 0 ? ' (flagged)' : ''} |`)
  }
  lines.push('', 'req/s and p50: mean of the runs; p99: the worst run; ratio: emulator req/s ÷ ceiling req/s. CPU µs/req: the server\'s user + system ' +
    'time from /proc/PID/stat over each run ÷ the requests it answered (median of the runs); CPU ratio: ceiling ÷ emulator, the throughput ratio a ' +
    'quiet machine would show when the server\'s core is the bottleneck. RSS: the emulator process right after the case. ' +
    `The ceiling is a bare node:http server that checks the bearer key and replays the emulator's recorded status, headers and body (RSS ${int(ceilingRss)} MB). ` +
    `Emulator: \`VENICE_MOCK_API_KEYS=${API_KEY} node dist/bin.js --auth required --admin-key …\` (key checked, journal on).`)
  if (notes.length > 0) lines.push('', ...notes)

  const coldMedian = median(cold.map(run => run.startMs))
  const largeMedian = median(largeStarts)
  lines.push('', '## Targets', '', '| target | measured | verdict |', '| --- | --- | --- |')
  for (const entry of runnable) {
    const ratio = rate(entry.emulatorRuns) / rate(entry.ceilingRuns)
    const cpuRatio = cpu(entry.ceilingRuns) / cpu(entry.emulatorRuns)
    lines.push(`| ${entry.name}: at least ${entry.target} of the ceiling | ${ratio.toFixed(2)} (CPU ratio ${cpuRatio.toFixed(2)}) | ${verdict(ratio >= entry.target)} |`)
  }
  for (const entry of runnable) {
    const [own, ceilings] = [p99(entry.emulatorRuns), p99(entry.ceilingRuns)]
    lines.push(`| ${entry.name}: p99 at most ${TARGETS.p99Factor}× the ceiling's | ${ms(own)} ms vs ${ms(ceilings)} ms (${(own / ceilings).toFixed(1)}×) | ${verdict(own <= TARGETS.p99Factor * ceilings)} |`)
  }
  lines.push(`| cold start (process start to first 200 of \`?type=text\`, median of ${cold.length}) under ${TARGETS.coldStartMs} ms | ` +
    `${Math.round(coldMedian)} ms (runs ${cold.map(run => Math.round(run.startMs)).join(', ')}; CPU ${Math.round(median(cold.map(run => run.startCpuMs)))} ms) | ${verdict(coldMedian < TARGETS.coldStartMs)} |`)
  lines.push(`| RSS after load, built-in catalog, at most ${TARGETS.rssMb} MB | ${int(builtInRss)} MB (peak ${int(builtInPeak)} MB) | ${verdict(builtInRss <= TARGETS.rssMb)} |`)
  lines.push(`| ${LARGE_MODELS.toLocaleString('en-US')} models start (to first 200, median of ${largeStarts.length}) under ${TARGETS.largeStartMs} ms | ` +
    `${Math.round(largeMedian)} ms (runs ${largeStarts.map(Math.round).join(', ')}; RSS after load ${int(largeRss)} MB) | ${verdict(largeMedian < TARGETS.largeStartMs)} |`)
  lines.push('', `Whole run: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`)
  process.stdout.write(`${lines.join('\n')}\n`)
  await Promise.all([builtIn, large as Server, ceiling].map(server => stop(server.child)))
} finally {
  await rm(work, { recursive: true, force: true })
}
