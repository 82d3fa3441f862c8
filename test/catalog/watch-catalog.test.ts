// Hot reload: valid changes are swapped in whole, invalid ones leave the last good catalog served and marked stale.
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EventEmitter, once } from 'node:events'
import { setImmediate as nextTurn } from 'node:timers/promises'
import t from '../helpers/tap.js'
import type { FastifyInstance } from 'fastify'
import type { CatalogStore } from '../../src/catalog/catalog-store.js'
import { appFor, auth, fixtureDir, imageModel, textModel } from '../helpers/app.js'

/** Each store's reloads and stale marks (the watcher's only two outcomes) as events, and their count. */
const outcomes = new WeakMap<CatalogStore, { events: EventEmitter, count: number }>()
function outcomesOf (store: CatalogStore): { events: EventEmitter, count: number } {
  let observed = outcomes.get(store)
  if (observed === undefined) {
    const state = { events: new EventEmitter(), count: 0 }
    const seen = (): void => { state.count++; state.events.emit('outcome') }
    const { reload, markStale } = store
    store.reload = next => { reload.call(store, next); seen() }
    store.markStale = (...args) => { markStale.apply(store, args); seen() }
    outcomes.set(store, state)
    observed = state
  }
  return observed
}

/** Waits, reload after reload, until the condition holds; fails after `timeoutMs` without one. */
async function until (app: FastifyInstance, what: string, condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const observed = outcomesOf(app.catalogStore)
  const signal = AbortSignal.timeout(timeoutMs)
  for (;;) {
    const counted = observed.count
    if (await condition()) return
    // A reload that landed while the condition was being checked is not waited for again.
    if (observed.count !== counted) continue
    try {
      await once(observed.events, 'outcome', { signal })
    } catch {
      throw new Error(`timed out waiting for ${what}`)
    }
  }
}

/** An app watching `directory`, its reloads observed from the start. */
async function watching (t: Parameters<typeof appFor>[0], directory: string, overrides: Parameters<typeof appFor>[1] = {}, options: Parameters<typeof appFor>[2] = {}): Promise<FastifyInstance> {
  const app = await appFor(t, { fixturesDir: directory, watch: true, ...overrides }, options)
  outcomesOf(app.catalogStore)
  return app
}

const idsOf = async (app: FastifyInstance, type = 'all'): Promise<string[]> =>
  (await app.inject({ url: `/api/v1/models?type=${type}`, headers: auth })).json().data.map((model: { id: string }) => model.id)

const health = async (app: FastifyInstance) => (await app.inject({ url: '/healthz' })).json()

/** Writes a file the way editors and `cp` over a mount do not: whole, then renamed into place. */
async function replaceFile (path: string, content: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, typeof content === 'string' ? content : JSON.stringify(content))
  await rename(`${path}.tmp`, path)
}

t.test('a valid change is served, an invalid one leaves the last good catalog and a stale health', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': [textModel('first')] })
  const app = await watching(t, directory)
  t.same(await idsOf(app), ['first'])

  await writeFile(join(directory, 'models/b.json'), JSON.stringify([imageModel('second')]))
  await until(app, 'the new file to be served', async () => (await idsOf(app)).length === 2)
  t.same(await idsOf(app), ['first', 'second'])
  t.equal((await health(app)).status, 'ok')
  const gzipped = await app.inject({ url: '/api/v1/models?type=all', headers: { ...auth, 'accept-encoding': 'gzip' } })
  t.equal(gzipped.headers['content-encoding'], 'gzip', 'a reloaded catalog is compressed before it is served')

  await writeFile(join(directory, 'models/b.json'), '{ "broken": ')
  await until(app, 'the catalog to be marked stale', async () => (await health(app)).status === 'stale')
  const stale = await health(app)
  t.equal(stale.models, 2, 'the last good catalog is still served')
  t.match(stale.stale, { since: String, problems: [{ file: 'models/b.json', message: /not valid JSON/ }] })
  t.same(await idsOf(app), ['first', 'second'])

  await mkdir(join(directory, 'traits'))
  await writeFile(join(directory, 'traits/text.json'), JSON.stringify({ default: 'first' }))
  await writeFile(join(directory, 'models/b.json'), JSON.stringify([imageModel('second'), imageModel('third')]))
  await until(app, 'the fixed catalog to be served', async () => (await health(app)).status === 'ok')
  t.same(await idsOf(app), ['first', 'second', 'third'])
  await until(app, 'the new traits section to be watched and served', async () =>
    JSON.stringify((await app.inject({ url: '/api/v1/models/traits', headers: auth })).json().data) === '{"default":"first"}')

  await writeFile(join(directory, 'traits/text.json'), JSON.stringify({ default: 'second' }))
  await until(app, 'a change inside a section created after start', async () =>
    (await health(app)).status === 'stale')
  t.match((await health(app)).stale.problems, [{ file: 'traits/text.json', message: /image model, not text/ }])

  await rm(join(directory, 'traits'), { recursive: true })
  await until(app, 'the removed section to be dropped', async () => (await health(app)).status === 'ok')
})

t.test('every answer during repeated swaps is entirely one catalog or the other', async t => {
  const catalogA = Array.from({ length: 40 }, (_, index) => textModel(`a-${index}`))
  const catalogB = Array.from({ length: 40 }, (_, index) => textModel(`b-${index}`))
  const directory = await fixtureDir(t, { 'models/all.json': catalogA })
  const app = await watching(t, directory)
  const progress = { swaps: 0 }
  let answers = 0
  let mixed = 0
  const writer = (async () => {
    for (let round = 1; round <= 10; round++) {
      const reloaded = once(outcomesOf(app.catalogStore).events, 'outcome')
      await replaceFile(join(directory, 'models/all.json'), round % 2 === 1 ? catalogB : catalogA)
      await reloaded
      progress.swaps++
    }
  })()
  while (progress.swaps < 10) {
    const ids = await idsOf(app)
    answers++
    const prefixes = new Set(ids.map(id => id[0]))
    if (ids.length !== 40 || prefixes.size !== 1) mixed++
    // Injected requests resolve without reaching the event loop; let timers and file-system events through.
    await nextTurn()
  }
  await writer
  t.equal(mixed, 0, `none of ${answers} answers mixed two catalogs`)
  t.ok(answers > 10)
  await until(app, 'the last version to be served', async () => (await idsOf(app))[0] === 'a-0')
})

t.test('closing the app stops watching', async t => {
  const watchers = () => process.getActiveResourcesInfo().filter(resource => resource === 'FSEventWrap').length
  const before = watchers()
  const directory = await fixtureDir(t, { 'models/a.json': [textModel('first')] })
  const app = await watching(t, directory)
  t.ok(watchers() > before, 'the fixture directory is watched')
  await app.close()
  // A closed watcher's handle goes in the close phase of the event loop: the turn after next.
  await nextTurn()
  await nextTurn()
  t.equal(watchers(), before, 'no watcher is left')
})

t.test('a fixture directory that disappears marks the catalog stale', async t => {
  const parent = await fixtureDir(t, { 'catalog/models/a.json': [textModel('first')] })
  const directory = join(parent, 'catalog')
  const app = await watching(t, directory)
  await rename(directory, join(parent, 'moved'))
  await until(app, 'the catalog to be marked stale', async () => (await health(app)).status === 'stale')
  t.match((await health(app)).stale.problems, [{ message: /cannot be read/ }])
  t.equal((await health(app)).models, 1)
})

t.test('fields the contract does not name are served and warned about, at start and on reload', async t => {
  const { Writable } = await import('node:stream')
  const lines: string[] = []
  const logStream = new Writable({ write (chunk: Buffer, _encoding, callback) { lines.push(chunk.toString()); callback() } })
  const typo = textModel('typo') as any
  typo.model_spec.pricng = typo.model_spec.pricing
  const directory = await fixtureDir(t, { 'models/a.json': [typo] })
  const app = await watching(t, directory, { logLevel: 'warn' }, { logStream })
  t.match(lines.join(''), /catalog warnings:.*models\/a\.json \[0\] \(id \\"typo\\"\) model_spec\.pricng: is not a field of the Venice contract/)
  t.equal((await app.inject({ url: '/api/v1/models/typo', headers: auth })).json().model_spec.pricng.input.usd, 0.5)
  lines.length = 0
  const later = textModel('later') as any
  later.extra = true
  await writeFile(join(directory, 'models/a.json'), JSON.stringify([later]))
  await until(app, 'the reload', async () => (await idsOf(app))[0] === 'later')
  await until(app, 'the warning', async () => lines.join('').includes('[0] (id \\"later\\") extra: is not a field'))
})

t.test('a section deleted and made again, and a root replaced whole, keep being watched', async t => {
  const parent = await fixtureDir(t, { 'catalog/models/a.json': [textModel('first')] })
  const directory = join(parent, 'catalog')
  const app = await watching(t, directory)
  await rm(join(directory, 'models'), { recursive: true })
  await mkdir(join(directory, 'models'))
  await writeFile(join(directory, 'models/a.json'), JSON.stringify([textModel('second')]))
  await until(app, 'the recreated section to be read', async () => (await idsOf(app))[0] === 'second')
  await writeFile(join(directory, 'models/a.json'), JSON.stringify([textModel('third')]))
  await until(app, 'a later change in the recreated section', async () => (await idsOf(app))[0] === 'third')

  await mkdir(join(parent, 'next/models'), { recursive: true })
  await writeFile(join(parent, 'next/models/a.json'), JSON.stringify([textModel('fourth')]))
  await rm(directory, { recursive: true })
  await rename(join(parent, 'next'), directory)
  await until(app, 'the replaced root to be read', async () => (await idsOf(app))[0] === 'fourth')
  await writeFile(join(directory, 'models/a.json'), JSON.stringify([textModel('fifth')]))
  await until(app, 'a later change in the replaced root', async () => (await idsOf(app))[0] === 'fifth')
})

t.test('one captured file: replaced by an editor\'s rename, rewritten in place; other files beside it are ignored', async t => {
  const directory = await fixtureDir(t, { 'venice.json': { object: 'list', type: 'all', data: [textModel('first')] } })
  const file = join(directory, 'venice.json')
  const app = await appFor(t, { fixturesDir: file, watch: true })
  t.same(await idsOf(app), ['first'])
  await replaceFile(file, { object: 'list', type: 'all', data: [textModel('renamed-in')] })
  await until(app, 'the renamed file to be served', async () => (await idsOf(app))[0] === 'renamed-in')
  await writeFile(file, JSON.stringify([textModel('in-place')]))
  await until(app, 'the rewritten file to be served', async () => (await idsOf(app))[0] === 'in-place')
  await writeFile(file, '[')
  await until(app, 'the broken file to mark the catalog stale', async () => (await health(app)).status === 'stale')
  t.same(await idsOf(app), ['in-place'], 'the last good catalog is served')
  await replaceFile(file, [textModel('fixed')])
  await until(app, 'the fixed file to be served', async () => (await health(app)).status === 'ok')
  t.same(await idsOf(app), ['fixed'])
  const reloads = app.catalogStore.current
  await writeFile(join(directory, 'other.json'), '[')
  await replaceFile(file, [textModel('last')])
  await until(app, 'the last version to be served', async () => (await idsOf(app))[0] === 'last')
  t.not(app.catalogStore.current, reloads)
  t.equal((await health(app)).status, 'ok', 'a broken file beside the one served does not matter')
})

t.test('a directory of captures is watched at its root', async t => {
  const directory = await fixtureDir(t, { 'text.json': { object: 'list', type: 'text', data: [textModel('first')] } })
  const app = await appFor(t, { fixturesDir: directory, watch: true })
  await replaceFile(join(directory, 'image.json'), { object: 'list', type: 'image', data: [imageModel('second')] })
  await until(app, 'the new capture to be served', async () => (await idsOf(app)).length === 2)
  await writeFile(join(directory, 'traits-image.json'), JSON.stringify({ default: 'second' }))
  await until(app, 'its traits to be served', async () =>
    JSON.stringify((await app.inject({ url: '/api/v1/models/traits?type=image', headers: auth })).json().data) === '{"default":"second"}')
})

t.test('a reload with deviations is served with them; strict, it leaves the last good catalog', async t => {
  const deviating = textModel('deviating') as any
  delete deviating.model_spec.capabilities.supportsE2EE
  const directory = await fixtureDir(t, { 'venice.json': [textModel('first')] })
  const file = join(directory, 'venice.json')
  const app = await appFor(t, { fixturesDir: file, watch: true })
  t.equal((await health(app)).deviations, 0)
  await replaceFile(file, [deviating])
  await until(app, 'the deviating model to be served', async () => (await idsOf(app))[0] === 'deviating')
  t.match(await health(app), { status: 'ok', deviations: 1 })

  const strictDirectory = await fixtureDir(t, { 'venice.json': [textModel('first')] })
  const strictApp = await appFor(t, { fixturesDir: join(strictDirectory, 'venice.json'), watch: true, strict: true })
  await replaceFile(join(strictDirectory, 'venice.json'), [deviating])
  await until(strictApp, 'the strict catalog to be marked stale', async () => (await health(strictApp)).status === 'stale')
  t.match((await health(strictApp)).stale.problems, [{ file: 'venice.json', path: '[0] (id "deviating") model_spec.capabilities.supportsE2EE', message: 'is required but missing' }])
  t.same(await idsOf(strictApp), ['first'])
})

t.test('watching fixtures that are not there yet neither throws nor reloads', async t => {
  const { watchCatalog } = await import('../../src/catalog/watch-catalog.js')
  const { CatalogStore } = await import('../../src/catalog/catalog-store.js')
  const app = await appFor(t)
  const store = new CatalogStore(app.catalogStore.current)
  const watcher = watchCatalog('/nonexistent/venice.json', store, app.log)
  watcher.close()
  t.equal(store.current, app.catalogStore.current)
})

// Mounted the Kubernetes way: a link to a link that the update swaps.
t.test('a ConfigMap-style file (venice.json -> ..data/venice.json) is reloaded when ..data is swapped', async t => {
  const directory = await fixtureDir(t, { '..v1/venice.json': [textModel('first')] })
  await symlink('..v1', join(directory, '..data'))
  await symlink('..data/venice.json', join(directory, 'venice.json'))
  const app = await appFor(t, { fixturesDir: join(directory, 'venice.json'), watch: true })
  const ids = async (): Promise<string[]> => (await app.inject({ url: '/api/v1/models?type=all', headers: auth })).json().data.map((model: { id: string }) => model.id)
  t.same(await ids(), ['first'])
  const store = app.catalogStore
  const { reload } = store
  // The watcher's reload is the event waited for.
  const swapped = new Promise<void>(resolve => { store.reload = next => { reload.call(store, next); resolve() } })
  await mkdir(join(directory, '..v2'))
  await writeFile(join(directory, '..v2', 'venice.json'), JSON.stringify([textModel('second')]))
  await symlink('..v2', join(directory, '..data_tmp'))
  await rename(join(directory, '..data_tmp'), join(directory, '..data'))
  await swapped
  t.same(await ids(), ['second'])
})
