// The three forms of fixtures: one captured answer, a directory of captures, the models/ layout; and what is refused, with how to fix it.
import { symlink } from 'node:fs/promises'
import { join } from 'node:path'
import t from '../helpers/tap.js'
import { FixtureError, loadCatalog, type FixtureProblem } from '../../src/catalog/load-catalog.js'
import { fixtureDir, imageModel, textModel } from '../helpers/fixtures.js'

async function problemsOf (path: string): Promise<FixtureProblem[]> {
  const error = await loadCatalog(path).then(() => undefined, (error: unknown) => error)
  if (error instanceof FixtureError) return [...error.problems]
  throw new Error(`expected ${path} to be refused`)
}

const ids = (catalog: Awaited<ReturnType<typeof loadCatalog>>) => catalog.content.models.map(model => model.id)

t.test('one file: a captured answer of any type, or a bare array of models', async t => {
  const directory = await fixtureDir(t, {
    'venice.json': { object: 'list', type: 'all', data: [textModel('a'), imageModel('b')] },
    'text.json': { object: 'list', type: 'text', data: [textModel('c')] },
    'bare.json': [imageModel('d')],
    'saved-by-curl': { object: 'list', type: 'image', data: [imageModel('e')] }
  })
  t.same(ids(await loadCatalog(join(directory, 'venice.json'))), ['a', 'b'])
  t.same(ids(await loadCatalog(join(directory, 'text.json'))), ['c'])
  t.same(ids(await loadCatalog(join(directory, 'bare.json'))), ['d'])
  t.same(ids(await loadCatalog(join(directory, 'saved-by-curl'))), ['e'], 'a file named explicitly is read whatever its extension')
  const catalog = await loadCatalog(join(directory, 'venice.json'))
  t.same([catalog.content.traits.size, catalog.content.compatibilityMapping.size], [0, 0], 'no traits or mappings')
})

t.test('one file reached through a link is read wherever the link points', async t => {
  const elsewhere = await fixtureDir(t, { 'real.json': [textModel('linked')] })
  const directory = await fixtureDir(t, {})
  await symlink(join(elsewhere, 'real.json'), join(directory, 'venice.json'))
  t.same(ids(await loadCatalog(join(directory, 'venice.json'))), ['linked'])
})

t.test('one file: what is not a model list is refused, saying what it holds and how to fix it', async t => {
  const directory = await fixtureDir(t, {
    'traits.json': { object: 'list', type: 'text', data: { default: 'a' } },
    'bare-traits.json': { default: 'a' },
    'one-model.json': textModel('a'),
    'empty-list.json': { object: 'list', type: 'all', data: [] },
    'yaml.json': 'data: []'
  })
  t.match(await problemsOf(join(directory, 'traits.json')), [{ file: 'traits.json', path: 'data', message: /must be an array of models, found an object \(is it a traits or compatibility-mapping answer\? .*put them in a directory of captures as traits-<type>\.json/ }])
  t.match(await problemsOf(join(directory, 'bare-traits.json')), [{ file: 'bare-traits.json', path: '', message: /holds names mapped to model ids, not a list of models/ }])
  t.match(await problemsOf(join(directory, 'one-model.json')), [{ file: 'one-model.json', path: '', message: /holds one model, not a list of models: wrap it in \[ \]/ }])
  t.match(await problemsOf(join(directory, 'empty-list.json')), [{ file: 'empty-list.json', message: /holds no model/ }])
  t.match(await problemsOf(join(directory, 'yaml.json')), [{ file: 'yaml.json', message: /not valid JSON/ }])
  await t.rejects(loadCatalog(join(directory, 'yaml.json')), { message: /^1 problem in fixture file .*yaml\.json:/ })
})

t.test('a directory of captures: any mix of types, overlapping captures merged, traits and mappings by file name', async t => {
  const code = textModel('coder') as any
  code.model_spec.capabilities.optimizedForCode = true
  const directory = await fixtureDir(t, {
    'all.json': { object: 'list', type: 'all', data: [textModel('chat'), code, imageModel('painter')] },
    'code.json': { object: 'list', type: 'code', data: [code] },
    'image.json': [imageModel('painter'), imageModel('sketcher')],
    'traits-text.json': { object: 'list', type: 'text', data: { default: 'chat', most_intelligent: 'coder' } },
    'traits-image.json': { default: 'painter' },
    'compatibility_mapping-image.json': { object: 'list', type: 'image', data: { 'dall-e-3': 'sketcher' } },
    'README.md': 'notes are ignored',
    '.DS_Store': 'ignored'
  })
  const catalog = await loadCatalog(directory)
  t.same(ids(catalog), ['chat', 'coder', 'painter', 'sketcher'], 'files in name order; a model captured twice, identically, is served once')
  t.same(catalog.content.traits.get('text'), { default: 'chat', most_intelligent: 'coder' })
  t.same(catalog.content.traits.get('image'), { default: 'painter' })
  t.same(catalog.content.compatibilityMapping.get('image'), { 'dall-e-3': 'sketcher' })
})

t.test('a directory of captures: what is refused, and how to fix it', async t => {
  const changed = textModel('chat', { created: 1800000000 })
  const directory = await fixtureDir(t, {
    'december.json': [textModel('chat')],
    'january.json': [changed],
    'traits-chat.json': { default: 'chat' },
    'traits-image.json': { default: 'chat' },
    'mapping.json': { object: 'list', type: 'text', data: { 'gpt-4o': 'chat' } },
    'notes.yaml': 'x: 1',
    'old/all.json': []
  })
  const problems = await problemsOf(directory)
  t.match(problems, [
    { file: 'notes.yaml', message: /is not a \.json file/ },
    { file: 'old', message: /is a directory; a directory of captures holds its JSON files at its root/ },
    { file: 'january.json', path: '[0] (id "chat") id', message: /differs from the model of the same id in december\.json \[0\]; captures taken at different times disagree/ },
    { file: 'mapping.json', path: 'data', message: /save traits and compatibility-mapping answers as traits-<type>\.json or compatibility_mapping-<type>\.json/ },
    { file: 'traits-chat.json', message: /not named after a model type; expected one of traits-asr\.json, / },
    { file: 'traits-image.json', path: '["default"]', message: /is a text model, not image/ }
  ])
  t.equal(problems.length, 6)
})

t.test('a directory with nothing to serve says what to put in it', async t => {
  const empty = await fixtureDir(t, { 'README.md': 'only notes' })
  t.match(await problemsOf(empty), [{ file: empty, path: '', message: /holds no catalog: save a captured answer in it \(curl <api>\/models\?type=all > venice\.json\), or use the layout models\/\*\.json/ }])
})

t.test('the models/ layout is unchanged: root JSON files are explained, not read', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': [textModel('a')], 'venice.json': { object: 'list', type: 'all', data: [textModel('b')] } })
  t.match(await problemsOf(directory), [{ file: 'venice.json', message: /holds a captured model list, but this directory uses the models\/ layout: move it into models\/, or point the emulator at the file itself \(VENICE_MOCK_FIXTURES=venice\.json\)/ }])
})

t.test('unreadable entries are reported in either directory form', async t => {
  const captures = await fixtureDir(t, { 'all.json': [] })
  t.match(await problemsOf(captures), [{ file: captures, message: /holds no model/ }], 'captures without a model')
  await symlink(join(captures, 'nowhere'), join(captures, 'dangling'))
  t.match(await problemsOf(captures), [{ file: 'dangling', message: /cannot be read/ }])
  const layout = await fixtureDir(t, { 'models/a.json': [textModel('a')], 'broken.json': '{' })
  t.match(await problemsOf(layout), [{ file: 'broken.json', message: /not valid JSON/ }], 'a root JSON file that does not parse says so')
})
