// Hot reload of a single file mounted the Kubernetes way: a link to a link that the update swaps.
import { mkdir, rename, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { appFor, auth, fixtureDir, textModel } from '../helpers/app.js'

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
