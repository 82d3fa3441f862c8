// Hostile fixture files for `check` and hostile servers for `record`, generated: a problem list or a clear error, never a crash.
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import t from '../helpers/tap.js'
import { main } from '../../src/cli.js'
import { recordCatalog } from '../../src/commands/record.js'
import { imageModel, textModel } from '../helpers/app.js'
import { httpServerAt } from '../helpers/servers.js'
import { prototypeKeys, runs } from './invariants.js'

const SEED = 20261124
const RECORD_KEY = 'record-secret-key-0123'

async function runCli (argv: string[]): Promise<{ code: number | undefined, out: string, err: string }> {
  let out = ''
  let err = ''
  let code: number | undefined
  await main(argv, {}, { stdout: text => { out += text }, stderr: text => { err += text }, exit: value => { code = value } })
  return { code, out, err }
}

/** JSON text with an own `__proto__` key, as a hostile file would carry it. */
const withProtoKey = (inner: string) => `[{"id":"p","__proto__":${inner},"type":"text"}]`

const fileContent = fc.oneof(
  fc.constant(JSON.stringify([textModel('valid-text')])),
  fc.constant(JSON.stringify({ object: 'list', type: 'image', data: [imageModel('valid-image')] })),
  fc.array(fc.constantFrom('delete', 'null', 'string', 'number', 'proto'), { minLength: 1, maxLength: 3 }).chain(ops =>
    fc.tuple(fc.constantFrom('id', 'type', 'model_spec', 'created', 'model_spec.pricing', 'model_spec.capabilities', 'model_spec.traits'), fc.constant(ops))
  ).map(([field, ops]) => {
    const model = structuredClone(textModel('mutated')) as Record<string, any>
    const [head, tail] = field.split('.')
    const target = tail === undefined ? model : model[head]
    const key = tail ?? head
    for (const op of ops) {
      if (op === 'delete') delete target[key]
      else if (op === 'null') target[key] = null
      else if (op === 'string') target[key] = 'x'
      else if (op === 'number') target[key] = -1
      else Object.defineProperty(target, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true })
    }
    return JSON.stringify([model])
  }),
  fc.constantFrom(
    '', ' ', '{', '[', '[{]', 'null', 'true', '42', '"text"', '{}', '[]', '{"data":{}}', '{"object":"list","data":null}', '{"object":"map","data":[]}',
    withProtoKey('{"polluted":true}'), '{"constructor":{"prototype":{"polluted":true}}}', '{"__proto__":{"default":"x"}}',
    '\ufeff[]', '\u0000\u0001\u0002', '['.repeat(10_000), '{"a":'.repeat(5000), JSON.stringify([textModel('dup'), textModel('dup')]),
    JSON.stringify([textModel('traits')]), JSON.stringify([textModel('/lead')]), JSON.stringify({ default: 'missing-model' })
  ),
  fc.json({ maxDepth: 3 }),
  fc.uint8Array({ maxLength: 64 }).map(bytes => Buffer.from(bytes)),
  // Not UTF-8: a lone continuation byte inside otherwise valid JSON.
  fc.constant(Buffer.from([0x5b, 0x22, 0x80, 0x22, 0x5d]))
)

const fileName = fc.oneof(
  fc.constantFrom('models/a.json', 'models/b.json', 'models/z.json', 'traits/text.json', 'traits/image.json', 'traits/chat.json', 'compatibility_mapping/text.json',
    'models/notes.md', 'models/x.yaml', 'models/.hidden.json', 'models/sub/deep.json', 'stray.json', 'README.md', 'traits/__proto__.json', 'models/constructor.json'),
  fc.stringMatching(/^[a-z0-9_-]{1,8}$/).map(name => `models/${name}.json`)
)

/** Entries that are not plain files: links out of the directory, links inside it, directories where files belong. */
const special = fc.constantFrom('link-outside-file', 'link-outside-dir', 'link-inside', 'link-dangling', 'dir-as-file', 'section-as-file', 'none')

const fixtureTree = fc.record({
  files: fc.dictionary(fileName, fileContent, { maxKeys: 5 }),
  special
})

async function materialize (root: string, outside: string, tree: { files: Record<string, string | Buffer | Uint8Array>, special: string }): Promise<void> {
  for (const [path, content] of Object.entries(tree.files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  await mkdir(join(root, 'models'), { recursive: true })
  switch (tree.special) {
    case 'link-outside-file': await symlink(join(outside, 'secret.json'), join(root, 'models', 'linked.json')); break
    case 'link-outside-dir': await rm(join(root, 'traits'), { recursive: true, force: true }); await symlink(outside, join(root, 'traits')); break
    case 'link-inside': await writeFile(join(root, 'models', 'real.json'), JSON.stringify([textModel('via-link')])); await symlink(join(root, 'models', 'real.json'), join(root, 'models', 'alias.json')); break
    case 'link-dangling': await symlink(join(root, 'nowhere.json'), join(root, 'models', 'dangling.json')); break
    case 'dir-as-file': await mkdir(join(root, 'models', 'folder.json'), { recursive: true }); break
    case 'section-as-file': await rm(join(root, 'compatibility_mapping'), { recursive: true, force: true }); await writeFile(join(root, 'compatibility_mapping'), '{}')
  }
}

t.test('check on generated hostile fixture directories: exit 0 or 1 with a problem list, never a crash or a read outside', async t => {
  const base = await mkdtemp(join(tmpdir(), 'venice-prop-check-'))
  t.teardown(() => rm(base, { recursive: true, force: true }))
  // A file outside every fixture directory that would be valid if a link were followed to it.
  const outside = join(base, 'outside')
  await mkdir(outside)
  await writeFile(join(outside, 'secret.json'), JSON.stringify([textModel('outside-secret')]))
  await writeFile(join(outside, 'text.json'), JSON.stringify({ default: 'outside-secret' }))
  const prototypes = prototypeKeys()
  let run = 0
  const codes = new Map<number, number>()

  await fc.assert(fc.asyncProperty(fixtureTree, async (tree) => {
    const root = join(base, `case-${run++}`)
    await mkdir(root)
    try {
      await materialize(root, outside, tree)
      const human = await runCli(['check', root])
      const machine = await runCli(['check', root, '--json'])
      codes.set(human.code as number, (codes.get(human.code as number) ?? 0) + 1)
      if (human.code !== 0 && human.code !== 1) throw new Error(`exit ${String(human.code)}: ${human.err}`)
      if (human.err !== '') throw new Error(`check wrote to stderr: ${human.err}`)
      const report = JSON.parse(machine.out) as { valid: boolean, problems: Array<{ file: string, path: string, message: string }> }
      if (report.valid !== (human.code === 0) || machine.code !== human.code) throw new Error('the JSON report and the exit code disagree')
      if (human.code === 1) {
        if (!human.out.startsWith(`✗ ${root}: ${report.problems.length} problem`)) throw new Error(`no problem list: ${human.out.slice(0, 300)}`)
        if (report.problems.length === 0 || report.problems.some(problem => typeof problem.file !== 'string' || typeof problem.message !== 'string' || problem.message === '')) {
          throw new Error(`a problem without a file or message: ${machine.out.slice(0, 300)}`)
        }
      }
      if (human.out.includes('outside-secret')) throw new Error('check read a file outside the fixture directory through a link')
      if (tree.special.startsWith('link-outside') && human.code !== 1) throw new Error('a link out of the directory was accepted')
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  }), { seed: SEED, numRuns: runs(200), endOnFailure: true })

  t.comment(`exit codes ${[...codes].map(([code, count]) => `${code}×${count}`).join(' ')}`)
  t.ok(codes.has(0) && codes.has(1), 'both valid and invalid directories came up')
  t.equal(prototypeKeys(), prototypes, 'no prototype gained a property')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

/** How the fake API answers one request. */
const answer = fc.oneof(
  { arbitrary: fc.constant({ kind: 'pass' as const }), weight: 6 },
  fc.record({
    kind: fc.constant('body' as const),
    status: fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 429, 500, 502, 503),
    contentType: fc.constantFrom('application/json', 'text/html', 'text/plain', '', 'application/json; charset=latin1'),
    body: fc.oneof(
      fc.constantFrom('', '{', 'null', '[]', '{}', '<html>oops</html>', '{"object":"list","data":[{"id":"x"}]}', '{"object":"list","data":{"__proto__":{"polluted":true}}}',
        '{"__proto__":{"polluted":true},"object":"list","data":[]}', '{"constructor":{"prototype":{"polluted":true}}}', 'ECHO_AUTHORIZATION', '\u0000'),
      fc.json({ maxDepth: 3 }),
      fc.string({ unit: 'binary', maxLength: 100 })
    )
  }),
  fc.record({ kind: fc.constantFrom('destroy' as const, 'hang' as const, 'truncate' as const) })
)

t.test('record against a generated misbehaving server: a catalog or a RemoteError, nothing left behind, the key in no message', async t => {
  const catalogBody = (path: string): string => {
    const type = new URL(path, 'http://x').searchParams.get('type') ?? 'text'
    if (path.includes('/traits') || path.includes('/compatibility_mapping')) return JSON.stringify({ object: 'list', type, data: {} })
    return JSON.stringify({ object: 'list', type, data: type === 'all' || type === 'text' ? [textModel('recorded')] : [] })
  }
  let script: Array<{ kind: string, status?: number, contentType?: string, body?: string }> = []
  let served = 0
  const url = await httpServerAt(t, (request, response) => {
    const step = script[served++ % Math.max(script.length, 1)] ?? { kind: 'pass' }
    if (step.kind === 'destroy') return request.socket.destroy()
    if (step.kind === 'hang') return
    if (step.kind === 'truncate') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
      response.write('{"object":"list","da', () => request.socket.destroy())
      return
    }
    const body = step.kind === 'pass' ? catalogBody(request.url as string) : step.body === 'ECHO_AUTHORIZATION' ? `bad key: ${String(request.headers.authorization)}` : step.body as string
    response.writeHead(step.status ?? 200, step.contentType === '' ? {} : { 'content-type': step.contentType ?? 'application/json' })
    response.end(body)
  })
  const parent = await mkdtemp(join(tmpdir(), 'venice-prop-record-'))
  t.teardown(() => rm(parent, { recursive: true, force: true }))
  const prototypes = prototypeKeys()
  const outcomes = new Map<string, number>()
  let run = 0

  await fc.assert(fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 28 }), async (steps) => {
    script = steps
    served = 0
    const out = join(parent, `out-${run++}`)
    let outcome: string
    try {
      const result = await recordCatalog({ baseUrl: url, key: RECORD_KEY, outDir: out, timeoutMs: 300 })
      outcome = 'recorded'
      if (result.models < 1) throw new Error('recorded an empty catalog')
    } catch (error) {
      const failure = error as Error
      if (failure.name !== 'RemoteError') throw new Error(`record failed with ${failure.name}: ${failure.message}`)
      if (failure.message.includes(RECORD_KEY)) throw new Error(`the key is in the error message: ${failure.message}`)
      outcome = failure.message.includes('does not validate') ? 'invalid catalog' : 'remote error'
      if ((await readdir(parent)).some(name => name.startsWith(`out-${run - 1}`) || name.startsWith(`.out-${run - 1}`))) throw new Error('a failed recording left files behind')
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    await rm(out, { recursive: true, force: true })
  }), { seed: SEED, numRuns: runs(60), endOnFailure: true })

  t.comment(`outcomes ${[...outcomes].map(([outcome, count]) => `${outcome}×${count}`).join(' ')}`)
  t.ok(outcomes.size >= 2, 'both recordings and refusals came up')
  t.equal(prototypeKeys(), prototypes, 'no prototype gained a property')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})
