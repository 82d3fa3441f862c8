// The Dockerfile and the compose example: base image, non-root user, curl-free health checks, real settings, matching ports, a catalog that loads.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from '../helpers/tap.js'
import { parse } from 'yaml'
import { loadCatalog } from '../../src/catalog/load-catalog.js'
import { loadConfig, SETTING_DOCS } from '../../src/config.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const COMPOSE_FILE = join(ROOT, 'examples', 'compose', 'compose.yaml')
const COMPOSE_DIR = dirname(COMPOSE_FILE)
const BASE_IMAGE = 'node:24-bookworm-slim'
const SETTING_VARIABLES = new Set<string>(SETTING_DOCS.map(setting => setting.env))

interface Instruction { keyword: string, args: string, line: number }

/** The Dockerfile's instructions, continuation lines joined, comments and blank lines dropped. */
function dockerfileInstructions (text: string): Instruction[] {
  const instructions: Instruction[] = []
  let pending = ''
  let startLine = 0
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd()
    if (pending === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) return
    if (pending === '') startLine = index + 1
    else if (line.trimStart().startsWith('#')) return
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' '
      return
    }
    const whole = (pending + line).trim()
    pending = ''
    const match = /^(\w+)\s+(.*)$/s.exec(whole)
    if (match === null) throw new Error(`Dockerfile line ${startLine} is not an instruction: ${whole}`)
    instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: startLine })
  })
  if (pending !== '') throw new Error('the Dockerfile ends with a continuation line')
  return instructions
}

/** Stages of a Dockerfile: each FROM and the instructions after it. */
function stagesOf (instructions: readonly Instruction[]): Array<{ from: Instruction, image: string, name: string | undefined, body: Instruction[] }> {
  const stages: Array<{ from: Instruction, image: string, name: string | undefined, body: Instruction[] }> = []
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/)
      stages.push({ from: instruction, image, name: as?.toUpperCase() === 'AS' ? name : undefined, body: [] })
    } else if (stages.length > 0) {
      stages[stages.length - 1].body.push(instruction)
    } else if (instruction.keyword !== 'ARG') {
      throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`)
    }
  }
  return stages
}

/** The names and values of one ENV instruction, `ENV A=1 B="2"` or the legacy `ENV A 1`. */
function envPairs (args: string): Array<[string, string]> {
  if (!/^[A-Za-z_]\w*=/.test(args)) {
    const [name, ...rest] = args.split(/\s+/)
    return [[name, rest.join(' ')]]
  }
  return [...args.matchAll(/([A-Za-z_]\w*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)]
    .map(([, name, value]) => [name, value.replace(/^(["'])(.*)\1$/s, '$2')])
}

/** An exec-form (JSON array) argument list, or undefined for shell form. */
function execForm (args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined
  const parsed: unknown = JSON.parse(args)
  return Array.isArray(parsed) && parsed.every(part => typeof part === 'string') ? parsed : undefined
}

/** A compose `environment:` as a map, whether written as a map or as a list of NAME=value. */
function environmentOf (service: Record<string, any>): Record<string, string> {
  const environment = service.environment
  if (environment === undefined) return {}
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry: string) => {
      const at = entry.indexOf('=')
      return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)]
    }))
  }
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value)]))
}

/** A short-syntax volume `source:target[:mode]` or a long-syntax one, as source and target. */
function volumeOf (volume: unknown): { source: string, target: string } {
  if (typeof volume === 'string') {
    const [source, target] = volume.split(':')
    return { source, target }
  }
  const { source, target } = volume as { source: string, target: string }
  return { source, target }
}

/** The http://host:port URLs a command line mentions. */
function urlsIn (text: string): URL[] {
  return [...text.matchAll(/https?:\/\/[\w.-]+:\d+[^\s'"`]*/g)].map(([url]) => new URL(url))
}

const dockerfileText = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const instructions = dockerfileInstructions(dockerfileText)
const stages = stagesOf(instructions)
const runtime = stages[stages.length - 1]
const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, Record<string, any>> }
const venice = compose.services?.venice
const consumer = compose.services?.consumer

const healthcheckOf = (body: readonly Instruction[]): string[] | undefined => {
  const healthcheck = body.find(instruction => instruction.keyword === 'HEALTHCHECK')
  if (healthcheck === undefined) return undefined
  const command = /^(?:--[\w-]+=\S+\s+)*CMD\s+(.*)$/s.exec(healthcheck.args)
  return command === null ? undefined : execForm(command[1])
}
const dockerHealthcheck = healthcheckOf(runtime.body)
const dockerEnv = Object.fromEntries(runtime.body.filter(instruction => instruction.keyword === 'ENV').flatMap(instruction => envPairs(instruction.args)))
const exposed = runtime.body.filter(instruction => instruction.keyword === 'EXPOSE').flatMap(instruction => instruction.args.split(/\s+/))

t.test('the Dockerfile parser reads what it must refuse', async t => {
  t.same(envPairs('HOST=0.0.0.0 PORT="4010"'), [['HOST', '0.0.0.0'], ['PORT', '4010']])
  t.same(envPairs('NODE_ENV production'), [['NODE_ENV', 'production']])
  t.same(dockerfileInstructions('FROM a AS b\n# note\nRUN x \\\n  # inside\n  y\n').map(i => [i.keyword, i.args]), [['FROM', 'a AS b'], ['RUN', 'x    y']])
  t.equal(execForm('node dist/bin.js'), undefined, 'shell form is not exec form')
  t.same(urlsIn("fetch('http://venice:4010/api/v1/models')").map(url => url.port), ['4010'])
})

t.test('Dockerfile: every stage starts from node:24-bookworm-slim; build, production dependencies and runtime stages', async t => {
  t.ok(stages.length >= 3, `multi-stage (${stages.length} stages)`)
  for (const stage of stages) t.equal(stage.image, BASE_IMAGE, `line ${stage.from.line}: FROM ${stage.from.args}`)
  const runs = (stage: typeof runtime) => stage.body.filter(instruction => instruction.keyword === 'RUN').map(instruction => instruction.args)
  const build = stages.find(stage => runs(stage).some(run => /\bnpm ci\b/.test(run) && !/--omit=dev/.test(run)) && runs(stage).some(run => /\bnpm run build\b/.test(run)))
  const deps = stages.find(stage => runs(stage).some(run => /\bnpm ci\b.*--omit=dev/.test(run)))
  t.ok(build?.name, 'a named stage runs npm ci and npm run build')
  t.ok(deps?.name, 'a named stage runs npm ci --omit=dev')
  t.same(runs(runtime), [], 'the runtime stage installs and builds nothing')

  const copies = runtime.body.filter(instruction => instruction.keyword === 'COPY').map(instruction => {
    const from = /--from=(\S+)/.exec(instruction.args)?.[1]
    const parts = instruction.args.replace(/--[\w-]+=\S+\s+/g, '').split(/\s+/)
    return { from, sources: parts.slice(0, -1) }
  })
  const copied = copies.flatMap(copy => copy.sources.map(source => `${copy.from ?? 'context'}:${source.replace(/^\/app\//, '').replace(/\/$/, '')}`)).sort()
  t.same(copied, [`${build?.name}:dist`, `${deps?.name}:node_modules`, 'context:fixtures', 'context:openapi.yaml', 'context:package.json'].sort(),
    'the runtime stage gets dist/ from the build, node_modules from the production dependencies, and fixtures/, openapi.yaml, package.json')
})

t.test('Dockerfile: the runtime stage runs node dist/bin.js as PID 1, as the node user, on 0.0.0.0:4010', async t => {
  const users = runtime.body.filter(instruction => instruction.keyword === 'USER').map(instruction => instruction.args)
  t.equal(users.at(-1), 'node', 'USER node (uid 1000 in the official image)')
  const cmds = runtime.body.filter(instruction => instruction.keyword === 'CMD')
  t.equal(cmds.length, 1, 'one CMD')
  t.same(execForm(cmds[0]?.args ?? ''), ['node', 'dist/bin.js'], 'exec-form CMD ["node", "dist/bin.js"]: no npm, no shell')
  t.notOk(instructions.some(instruction => instruction.keyword === 'ENTRYPOINT'), 'no ENTRYPOINT wrapping the server')
  t.same(exposed, ['4010'], 'EXPOSE 4010')
  t.equal(dockerEnv.HOST, '0.0.0.0')
  t.equal(dockerEnv.PORT, '4010')
  t.notOk('VENICE_MOCK_FIXTURES' in dockerEnv, 'the built-in catalog is the default; VENICE_MOCK_FIXTURES is for a mounted one')
  t.match(dockerfileText, /VENICE_MOCK_FIXTURES=\/fixtures/, 'the Dockerfile documents mounting a catalog at /fixtures')
  const config = loadConfig(dockerEnv)
  t.same([config.host, config.port], ['0.0.0.0', 4010], 'the ENV lines configure the server as intended')
})

t.test('Dockerfile: a HEALTHCHECK that asks /healthz with node, not curl', async t => {
  t.ok(dockerHealthcheck, 'HEALTHCHECK CMD in exec form')
  t.equal(dockerHealthcheck?.[0], 'node')
  const script = (dockerHealthcheck ?? []).join(' ')
  t.notMatch(script, /\b(curl|wget)\b/)
  t.match(script, /fetch\(/)
  t.same(urlsIn(script.replace(/'\s*\+\s*\(process\.env\.PORT \|\| (\d+)\)\s*\+\s*'/, '$1')).map(url => [url.hostname, url.port, url.pathname]), [['127.0.0.1', '4010', '/healthz']])
  t.match(script, /process\.exit\(1\)/, 'exits 1 when the server does not answer')
})

t.test('Dockerfile ENV and compose environment use only real settings, with valid values', async t => {
  for (const name of Object.keys(dockerEnv)) t.ok(SETTING_VARIABLES.has(name), `Dockerfile ENV ${name} is a setting of src/config.ts`)
  for (const [serviceName, service] of Object.entries(compose.services)) {
    const environment = environmentOf(service)
    for (const name of Object.keys(environment)) t.ok(SETTING_VARIABLES.has(name), `compose ${serviceName}: ${name} is a setting of src/config.ts`)
  }
  t.doesNotThrow(() => loadConfig({ ...dockerEnv, ...environmentOf(venice) }), 'the venice service\'s settings are valid')
})

t.test('compose: the venice service builds this Dockerfile and serves the mounted catalog', async t => {
  t.ok(venice, 'service venice')
  t.ok(consumer, 'service consumer')
  const context = resolve(COMPOSE_DIR, venice.build?.context ?? '.')
  t.equal(context, resolve(ROOT), 'build context is the repository root')
  t.ok(existsSync(join(context, venice.build?.dockerfile ?? 'Dockerfile')), 'the Dockerfile it names exists')

  const environment = environmentOf(venice)
  t.equal(environment.VENICE_MOCK_FIXTURES, '/fixtures')
  const mounts = (venice.volumes ?? []).map(volumeOf)
  const catalogMount = mounts.find((mount: { target: string }) => mount.target === environment.VENICE_MOCK_FIXTURES)
  t.ok(catalogMount, 'a directory is mounted at /fixtures')
  const catalogDir = resolve(COMPOSE_DIR, catalogMount?.source ?? 'missing')
  t.equal(catalogDir, join(COMPOSE_DIR, 'catalog'), 'the mounted directory is examples/compose/catalog')
  t.ok(existsSync(catalogDir) && statSync(catalogDir).isDirectory(), 'the mounted catalog exists')
  const catalog = await loadCatalog(catalogDir)
  t.ok(catalog.size >= 3 && catalog.size <= 20, `a small catalog (${catalog.size} models)`)
  t.same(catalog.warnings, [], 'no warnings')
  t.ok(new Set(catalog.content.models.map(model => model.type)).size >= 3, 'more than one or two model types')
})

t.test('compose: a node health check, the same as the Dockerfile\'s, on the published port', async t => {
  const test = venice.healthcheck?.test
  t.ok(Array.isArray(test), 'healthcheck.test is a list')
  t.equal(test?.[0], 'CMD', 'exec form, no shell')
  t.equal(test?.[1], 'node')
  t.notMatch((test ?? []).join(' '), /\b(curl|wget)\b/)
  t.same(test?.slice(1), dockerHealthcheck, 'the same command as the image\'s HEALTHCHECK')

  const port = environmentOf(venice).PORT ?? dockerEnv.PORT
  t.equal(port, '4010', 'the port the server listens on')
  t.ok(exposed.includes(port), 'is exposed by the image')
  const published = (venice.ports ?? []).map((mapping: string | { target: number }) => typeof mapping === 'string' ? mapping.split(':').at(-1) : String(mapping.target))
  t.same(published, [port], 'and published by compose')
})

t.test('compose: the consumer waits for a healthy venice, then lists models with an accepted key', async t => {
  t.same(consumer.depends_on?.venice, { condition: 'service_healthy' })
  const command: unknown = consumer.command
  t.ok(Array.isArray(command), 'exec-form command')
  const script = (command as string[]).join(' ')
  t.equal((command as string[])[0], 'node')
  t.notMatch(script, /\b(curl|wget)\b/)
  const urls = urlsIn(script)
  t.same(urls.map(url => [url.hostname, url.port, url.pathname]), [['venice', dockerEnv.PORT, '/api/v1/models']], 'GET http://venice:<port>/api/v1/models')
  const key = /Bearer ([^'"\s]+)/.exec(script)?.[1]
  t.ok(key, 'sends a bearer key')
  const accepted = loadConfig({ ...dockerEnv, ...environmentOf(venice) }).apiKeys
  t.ok(accepted === null || accepted.includes(key ?? ''), 'a key the venice service accepts')
  t.match(script, /process\.exit\(0\)|r\.status === 200 \? 0/, 'exits 0 on success')
})

t.test('.dockerignore keeps local artifacts out of the build context', async t => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))
  for (const entry of ['node_modules', 'dist', '.git', 'coverage', '.tap', 'test']) t.ok(ignored.includes(entry), entry)
  for (const needed of ['src', 'fixtures', 'openapi.yaml', 'package.json', 'package-lock.json']) t.notOk(ignored.includes(needed), `${needed} stays in the context`)
})
