// Catalog swaps under load: 50 swaps while requests flow; no request fails and every answer is entirely the old or the new catalog.
import t from '../helpers/tap.js'
import { loadCatalog } from '../../src/catalog/load-catalog.js'
import type { Catalog } from '../../src/catalog/catalog.js'
import { withModels } from '../../src/catalog/edit-catalog.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { appFor } from '../helpers/app.js'

const SWAPS = 50
const CLIENTS = 8
const PATHS = ['/api/v1/models?type=all', '/api/v1/models?type=text', '/api/v1/models/traits?type=text', '/api/v1/models/elevenlabs/scribe-v2']

/** Catalogs precompress their bodies when the app is built; a swapped-in one gets the same treatment when it has it. */
async function prepared (catalog: Catalog): Promise<Catalog> {
  await (catalog as unknown as { compress?: () => Promise<unknown> }).compress?.()
  return catalog
}

t.test(`${SWAPS} catalog swaps under load: zero failed requests, each answer wholly old or wholly new`, async t => {
  const before = await loadCatalog(BUILT_IN_FIXTURES)
  // The other catalog drops a text model (the first one): lists, traits and the single model all differ or stay put.
  const textIds = before.content.models.filter(model => model.type === 'text').map(model => model.id)
  const after = await prepared(withModels(before, before.content.models.filter(model => model.id !== textIds[0]).map(model => model.id === 'elevenlabs/scribe-v2' ? { ...model, created: (model.created ?? 0) + 1 } : model)))
  const app = await appFor(t, { auth: 'off' }, { catalog: before })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })

  const bodiesOf = async (): Promise<Map<string, string>> => new Map(await Promise.all(PATHS.map(async path => [path, await (await fetch(url + path)).text()] as const)))
  const old = await bodiesOf()
  app.catalogStore.replace(after)
  const next = await bodiesOf()
  app.catalogStore.replace(before)
  for (const path of PATHS.slice(0, 2)) t.not(old.get(path), next.get(path), `${path} differs between the two catalogs`)

  const state = { running: true }
  let requests = 0
  const failures: string[] = []
  const seen = { old: 0, new: 0 }
  // Swaps are paced by answers, not by a clock: a few answers between two swaps, however busy the machine.
  let settled = 0
  let waiter: { target: number, resolve: () => void } | undefined
  const afterAnswers = async (count: number): Promise<void> => await new Promise(resolve => { waiter = { target: settled + count, resolve } })
  const settle = (): void => {
    settled++
    if (waiter !== undefined && settled >= waiter.target) {
      waiter.resolve()
      waiter = undefined
    }
  }
  const client = async (index: number): Promise<void> => {
    for (let i = index; state.running; i++, settle()) {
      const path = PATHS[i % PATHS.length]
      try {
        const response = await fetch(url + path, { headers: { 'accept-encoding': i % 3 === 0 ? 'gzip' : 'identity' } })
        const body = await response.text()
        requests++
        if (response.status !== 200) failures.push(`${path}: ${response.status}`)
        else if (body === old.get(path)) seen.old++
        else if (body === next.get(path)) seen.new++
        else failures.push(`${path}: a body that is neither catalog's (${body.length} bytes)`)
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`)
      }
    }
  }
  const clients = Array.from({ length: CLIENTS }, async (_, index) => await client(index))
  for (let swap = 0; swap < SWAPS; swap++) {
    await afterAnswers(CLIENTS)
    app.catalogStore.replace(swap % 2 === 0 ? after : before)
  }
  await afterAnswers(CLIENTS)
  state.running = false
  await Promise.all(clients)
  t.same(failures.slice(0, 10), [], 'no request failed or saw a mix of catalogs')
  t.ok(seen.old > 0 && seen.new > 0, `both catalogs were served (${seen.old} old, ${seen.new} new answers)`)
  t.comment(`${requests} requests across ${SWAPS} swaps: ${seen.old} old, ${seen.new} new, ${failures.length} failed`)
})
