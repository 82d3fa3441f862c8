// Fixture loading: accepted layouts and shapes, and every kind of broken fixture reported with file, path and reason.
import { symlink, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import t from '../helpers/tap.js'
import { FixtureError, formatProblems, loadCatalog, MAX_FIXTURE_FILE_BYTES, type FixtureProblem } from '../../src/catalog/load-catalog.js'
import { checkModel } from '../../src/catalog/model-validator.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { fixtureDir, imageModel, textModel } from '../helpers/fixtures.js'

function codeModel (id: string): Record<string, unknown> {
  const model = textModel(id) as any
  model.model_spec.capabilities.optimizedForCode = true
  return model
}

async function problemsOf (directory: string, strict = false): Promise<FixtureProblem[]> {
  try {
    await loadCatalog(directory, { strict })
  } catch (error) {
    if (error instanceof FixtureError) return [...error.problems]
    throw error
  }
  throw new Error('expected the catalog to be refused')
}

function has (problems: readonly FixtureProblem[], file: string, path: string | RegExp, message: RegExp): boolean {
  return problems.some(problem => problem.file === file &&
    (typeof path === 'string' ? problem.path === path : path.test(problem.path)) && message.test(problem.message))
}

t.test('the built-in catalog loads', async t => {
  const catalog = await loadCatalog(BUILT_IN_FIXTURES)
  t.ok(catalog.size >= 328)
})

t.test('a captured live response is accepted as it is, envelope included', async t => {
  const directory = await fixtureDir(t, {
    'models/all.json': { object: 'list', type: 'all', data: [textModel('a'), imageModel('b')] },
    'models/text.json': { object: 'list', type: 'text', data: [textModel('c')] },
    'models/code.json': { object: 'list', type: 'code', data: [codeModel('d')] },
    'traits/text.json': { object: 'list', type: 'text', data: { default: 'a' } },
    'compatibility_mapping/image.json': { object: 'list', type: 'image', data: { 'dall-e-3': 'b' } }
  })
  const catalog = await loadCatalog(directory)
  t.same(catalog.content.models.map(model => model.id), ['a', 'b', 'd', 'c'], 'files in name order, models in file order')
  t.same(catalog.content.traits.get('text'), { default: 'a' })
  t.same(catalog.content.compatibilityMapping.get('image'), { 'dall-e-3': 'b' })
})

t.test('bare arrays and bare maps are accepted, and object/owned_by may be left out', async t => {
  const { object, owned_by: ownedBy, ...withoutConstants } = textModel('a')
  t.equal(object, 'model')
  t.equal(ownedBy, 'venice.ai')
  const directory = await fixtureDir(t, {
    'models/mine.json': [withoutConstants],
    'traits/text.json': { fastest: 'a' },
    'README.md': 'notes are ignored',
    '.DS_Store': 'ignored',
    'models/NOTES.txt': 'ignored'
  })
  const catalog = await loadCatalog(directory)
  t.same(catalog.content.models[0], textModel('a'))
  t.same(Object.keys(catalog.content.models[0]).slice(0, 3), ['id', 'object', 'owned_by'], 'the constants sit where the live API puts them')
  t.same(catalog.content.traits.get('text'), { fastest: 'a' })
})

t.test('a missing path, or one that is neither a file nor a directory, is refused', async t => {
  const problems = await problemsOf('/nonexistent/fixtures')
  t.match(problems[0], { file: '/nonexistent/fixtures', message: /cannot be read \(ENOENT.*\); expected a captured GET \/models answer \(a JSON file\) or a fixture directory/ })
  await t.rejects(loadCatalog('/nonexistent/fixtures'), { message: /^1 problem in fixtures \/nonexistent\/fixtures:/ })
  const directory = await fixtureDir(t, { 'models/a.json': [textModel('a')] })
  execFileSync('mkfifo', [join(directory, 'pipe')])
  t.match((await problemsOf(join(directory, 'pipe')))[0].message, /neither a file nor a directory/)
})

t.test('a models/ layout with stray entries and without models/ is refused with every problem', async t => {
  const directory = await fixtureDir(t, { 'traits/.keep': '', 'catalog.json': [], 'map.json': { default: 'x' }, 'other.json': 7, 'extra/x.json': {} })
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'models/', '', /is missing/))
  t.ok(has(problems, 'catalog.json', '', /holds a captured model list, but this directory uses the models\/ layout: move it into models\/, or point the emulator at the file itself/))
  t.ok(has(problems, 'map.json', '', /holds a traits or compatibility-mapping answer.*belong in traits\/<type>\.json/))
  t.ok(has(problems, 'other.json', '', /not part of the fixture layout/))
  t.ok(has(problems, 'extra', '', /not part of the fixture layout/))
})

t.test('unreadable files: empty, not JSON, truncated, not UTF-8, not .json, a directory, too large', async t => {
  const directory = await fixtureDir(t, {
    'models/empty.json': '',
    'models/broken.json': '{"object": "list", "data": [}',
    'models/truncated.json': '{"object": "list", "data": [',
    'models/latin1.json': Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d]),
    'models/models.yaml': 'data: []',
    'models/nested.json/inner.json': '[]',
    'models/ok.json': [textModel('a')]
  })
  const huge = join(directory, 'models', 'huge.json')
  await writeFile(huge, '')
  const { truncate } = await import('node:fs/promises')
  await truncate(huge, MAX_FIXTURE_FILE_BYTES + 1)
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'models/empty.json', '', /is empty/))
  t.ok(has(problems, 'models/broken.json', '', /not valid JSON( at line 1, column \d+)?: .*"data": \[}/))
  t.ok(has(problems, 'models/truncated.json', '', /not valid JSON/))
  t.ok(has(problems, 'models/latin1.json', '', /not valid UTF-8/))
  t.ok(has(problems, 'models/models.yaml', '', /not a \.json file/))
  t.ok(has(problems, 'models/nested.json', '', /is a directory/))
  t.ok(has(problems, 'models/huge.json', '', /limited to/))
  t.equal(problems.length, 7, 'one problem each; the valid file adds none')
})

t.test('symbolic links inside the directory are followed, links out of it are refused', async t => {
  const outside = await fixtureDir(t, { 'secret.json': [textModel('outside')] })
  const directory = await fixtureDir(t, { 'models/real.json': [textModel('a')], 'traits/.keep': '' })
  await symlink(join(outside, 'secret.json'), join(directory, 'models/escape.json'))
  await symlink(join(directory, 'models/real.json'), join(directory, 'traits/text.json'))
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'models/escape.json', '', /symbolic link to .*outside the fixture directory/))
  t.ok(has(problems, 'traits/text.json', '', /must be an object of name → model id, found an array/), 'the inner link was followed and read')
})

t.test('a dangling symbolic link is reported', async t => {
  const directory = await fixtureDir(t, { 'models/ok.json': [textModel('a')] })
  await symlink(join(directory, 'nowhere.json'), join(directory, 'models/dangling.json'))
  t.ok(has(await problemsOf(directory), 'models/dangling.json', '', /cannot be read/))
})

t.test('prototype pollution keys are refused, not merged', async t => {
  const directory = await fixtureDir(t, {
    'models/evil.json': '[{"id":"x","__proto__":{"polluted":true}}]',
    'models/evil2.json': '{"object":"list","data":[],"constructor":{"prototype":{"polluted":true}}}'
  })
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'models/evil.json', '', /not valid JSON.*forbidden prototype property/i))
  t.ok(has(problems, 'models/evil2.json', '', /not valid JSON.*forbidden prototype property/i))
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('model list envelopes: wrong shapes and stray keys', async t => {
  const directory = await fixtureDir(t, {
    'models/a-string.json': '"models"',
    'models/b-null.json': 'null',
    'models/c-envelope.json': { object: 'page', type: 'chat', data: [], next: 'x' },
    'models/d-no-data.json': { object: 'list', data: { id: 'a' } },
    'models/e-wrong-type.json': { object: 'list', type: 'image', data: [textModel('t1')] },
    'models/f-code.json': { object: 'list', type: 'code', data: [imageModel('i1')] }
  })
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'models/a-string.json', '', /found a string/))
  t.ok(has(problems, 'models/b-null.json', '', /found null/))
  t.ok(has(problems, 'models/c-envelope.json', 'object', /must be "list", found "page"/))
  t.ok(has(problems, 'models/c-envelope.json', 'type', /must be one of asr, .*code, found "chat"/))
  t.ok(has(problems, 'models/c-envelope.json', 'next', /not a known property/))
  t.ok(has(problems, 'models/d-no-data.json', 'data', /must be an array of models, found an object/))
  t.ok(has(problems, 'models/e-wrong-type.json', 'data[0] (id "t1") type', /is "text" but the file is a "image" list/))
  t.ok(has(problems, 'models/f-code.json', 'data[0] (id "i1") type', /is "image" but the file is a "code" list/))
})

t.test('strict: models the contract rejects are reported with their JSON path and what is wrong', async t => {
  const bad = textModel('bad')
  const spec = bad.model_spec as Record<string, any>
  delete spec.privacy
  spec.capabilities.supportsTelepathy = true
  spec.capabilities.quantization = 'fp32'
  spec.availableContextTokens = '32k'
  spec.pricing = { inptu: { usd: 1, diem: 1 }, output: { usd: 1, diem: 1 } }
  const badConstraints = textModel('bad-constraints')
  ;(badConstraints.model_spec as Record<string, unknown>).constraints = 'none'
  const directory = await fixtureDir(t, {
    'models/text.json': { object: 'list', type: 'text', data: [textModel('fine'), bad, badConstraints, 42, { name: 'no id' }] }
  })
  const problems = await problemsOf(directory, true)
  const at = (path: string, message: RegExp) => has(problems, 'models/text.json', path, message)
  t.ok(at('data[1] (id "bad") model_spec.privacy', /is required but missing/))
  t.ok(at('data[1] (id "bad") model_spec.capabilities.supportsTelepathy', /not a known property/))
  t.ok(at('data[1] (id "bad") model_spec.capabilities.quantization', /must be one of "fp4", .*found string "fp32"/))
  t.ok(at('data[1] (id "bad") model_spec.availableContextTokens', /must be a number, found string "32k"/))
  t.ok(at('data[1] (id "bad") model_spec.pricing', /matches none of the 9 allowed shapes .*closest is "LLM Model Pricing"/))
  t.ok(at('data[1] (id "bad") model_spec.pricing.input', /is required but missing/))
  t.ok(at('data[2] (id "bad-constraints") model_spec.constraints', /must be an object, found string "none"/))
  t.ok(at('data[3] (the model itself)', /must be an object, found number 42/))
  t.ok(at('data[4] id', /is required but missing/))
})

t.test('duplicate ids are reported naming both files', async t => {
  const directory = await fixtureDir(t, {
    'models/a.json': [textModel('same')],
    'models/b.json': [textModel('other'), textModel('same')]
  })
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'models/b.json', '[1] (id "same") id', /duplicates the model of the same id in models\/a\.json \[0\]/))
  t.equal(problems.length, 1)
})

t.test('traits and compatibility mappings: file names, shapes and ids are checked', async t => {
  const directory = await fixtureDir(t, {
    'models/all.json': [textModel('t1'), imageModel('i1')],
    'traits/chat.json': { default: 't1' },
    'traits/text.json': { object: 'list', type: 'image', data: { default: 't1', vision: 'missing', image: 'i1', number: 7 }, extra: true },
    'traits/image.json': { object: 'list', type: 'image', data: ['i1'] },
    'traits/tts.json': '"nope"',
    'traits/asr.json': '{',
    'compatibility_mapping/text.json': { 'gpt-4o': 'i1' }
  })
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'traits/chat.json', '', /not named after a model type/))
  t.ok(has(problems, 'traits/text.json', 'type', /is "image" but the file name says "text"/))
  t.ok(has(problems, 'traits/text.json', 'extra', /not a known property/))
  t.ok(has(problems, 'traits/text.json', 'data["vision"]', /names model "missing", which is not in the catalog/))
  t.ok(has(problems, 'traits/text.json', 'data["image"]', /is a image model, not text/))
  t.ok(has(problems, 'traits/text.json', 'data["number"]', /must be a model id \(a string\), found a number/))
  t.ok(has(problems, 'traits/image.json', 'data', /found an array/))
  t.ok(has(problems, 'traits/tts.json', '', /found a string/))
  t.ok(has(problems, 'traits/asr.json', '', /not valid JSON/))
  t.ok(has(problems, 'compatibility_mapping/text.json', '["gpt-4o"]', /is a image model, not text/))
})

t.test('a trait named constructor stays data', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': [textModel('t1')] })
  await mkdir(join(directory, 'traits'))
  // secure-json-parse refuses a literal __proto__ key, so this name arrives through a safe escape.
  await writeFile(join(directory, 'traits/text.json'), '{"constructor": "t1"}')
  const catalog = await loadCatalog(directory)
  t.equal(Object.getOwnPropertyDescriptor(catalog.content.traits.get('text'), 'constructor')?.value, 't1')
})

t.test('the error message lists every problem on its own line', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': '', 'models/b.json': '' })
  await t.rejects(loadCatalog(directory), { name: 'FixtureError', message: /^2 problems in fixture directory .*\n {2}models\/a\.json: is empty.*\n {2}models\/b\.json: is empty/ })
  t.equal(formatProblems([{ file: 'f', path: 'p', message: 'm' }]), '  f p: m')
  t.equal(new FixtureError('d', [{ file: 'f', path: '', message: 'm' }]).message, '1 problem in fixture directory d:\n  f: m')
})

t.test('a .json entry that is a linked directory or a FIFO is not a fixture file', async t => {
  const directory = await fixtureDir(t, { 'models/ok.json': [textModel('a')], 'sub/.keep': '' })
  await symlink(join(directory, 'sub'), join(directory, 'models/linked.json'))
  execFileSync('mkfifo', [join(directory, 'models/pipe.json')])
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'models/linked.json', '', /is a directory; expected a JSON file/))
  t.ok(has(problems, 'models/pipe.json', '', /is not a regular file/))
})

t.test('section directories may be links inside the fixture directory, not outside it, and must be directories', async t => {
  const outside = await fixtureDir(t, { 'traits/text.json': { default: 'a' } })
  const directory = await fixtureDir(t, { 'real-models/a.json': [textModel('a')], compatibility_mapping: 'a file' })
  await symlink(join(directory, 'real-models'), join(directory, 'models'))
  await symlink(join(outside, 'traits'), join(directory, 'traits'))
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'traits', '', /symbolic link to .*outside the fixture directory/))
  t.ok(has(problems, 'compatibility_mapping', '', /must be a directory/))
  t.ok(has(problems, 'real-models', '', /not part of the fixture layout/))
  t.notOk(problems.some(problem => problem.file.startsWith('models')), 'the linked models directory was read')
})

t.test('a catalog without any model is refused', async t => {
  for (const files of [{ 'models/.keep': '' }, { 'models/a.json': [] }, { 'models/a.json': { object: 'list', data: [] } }]) {
    t.ok(has(await problemsOf(await fixtureDir(t, files)), 'models/', '', /holds no model/), JSON.stringify(files))
  }
})

t.test('ids that GET /models/{id} could never answer are refused', async t => {
  const ids = ['', 'traits', 'compatibility_mapping', '/leading', 'trailing/', 'double//slash']
  const directory = await fixtureDir(t, { 'models/a.json': ids.map(id => textModel(id)) })
  const problems = await problemsOf(directory)
  t.equal(problems.length, ids.length)
  t.ok(has(problems, 'models/a.json', '[0] (id "") id', /must not be empty/))
  t.ok(has(problems, 'models/a.json', '[1] (id "traits") id', /is a route of its own/))
  t.ok(has(problems, 'models/a.json', '[5] (id "double//slash") id', /no leading, trailing or doubled/))
})

t.test('a "code" list holds only text models optimized for code', async t => {
  const directory = await fixtureDir(t, { 'models/code.json': { object: 'list', type: 'code', data: [codeModel('yes'), textModel('no')] } })
  const problems = await problemsOf(directory)
  t.same(problems, [{ file: 'models/code.json', path: 'data[1] (id "no") model_spec.capabilities.optimizedForCode', message: 'must be true for a model in a "code" list' }])
})

t.test('numbers JSON cannot hold are shown readably', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': '[{"id":"x","type":"tts","model_spec":{"privacy":"private","name":1e400}}]' })
  t.ok(has(await problemsOf(directory, true), 'models/a.json', '[0] (id "x") model_spec.name', /must be a string, found number Infinity/))
})

t.test('keys that are not identifiers are quoted in the JSON path', async t => {
  const model = imageModel('q') as any
  model.model_spec.pricing = { resolutions: { '1K': { usd: 'one', diem: 1 } }, upscale: { '2x': { usd: 1, diem: 1 }, '4x': { usd: 1, diem: 1 } } }
  const directory = await fixtureDir(t, { 'models/a.json': [model] })
  const problems = await problemsOf(directory, true)
  t.ok(has(problems, 'models/a.json', '[0] (id "q") model_spec.pricing.resolutions["1K"].usd', /must be a number, found string "one"/), JSON.stringify(problems))
})

t.test('keyword errors without a special wording keep ajv\'s message and show the value found', async t => {
  // A fixture's discount_to_user is left out at load (it is a persona's); the validator still words its range.
  const model = { ...imageModel('z'), discount_to_user: 1.5 }
  t.same(checkModel(model), [{ path: 'discount_to_user', message: 'must be < 1; found number 1.5' }])
})

t.test('what was found is described: null, arrays, objects, array items and long values', async t => {
  const model = textModel('d') as any
  model.model_spec.name = null
  model.model_spec.description = ['a']
  model.model_spec.modelSource = { url: 'x' }
  model.model_spec.voices = ['ok', 7]
  model.model_spec.availableContextTokens = 'x'.repeat(100)
  const directory = await fixtureDir(t, { 'models/a.json': [model] })
  const problems = await problemsOf(directory, true)
  const at = (path: string, message: RegExp) => has(problems, 'models/a.json', `[0] (id "d") ${path}`, message)
  t.ok(at('model_spec.name', /must be a string, found null$/))
  t.ok(at('model_spec.description', /must be a string, found an array of 1$/))
  t.ok(at('model_spec.modelSource', /must be a string, found an object$/))
  t.ok(at('model_spec.voices[1]', /must be a string, found number 7$/))
  t.ok(at('model_spec.availableContextTokens', /must be a number, found string "x{56}\.\.\.$/))
})

t.test('editor backups and notes are ignored; JSON files never are, whatever their name', async t => {
  const directory = await fixtureDir(t, {
    'models/readme-examples.json': [textModel('from-readme-file')],
    'models/text.json~': 'backup',
    'models/#text.json#': 'autosave',
    'models/.hidden.json': 'dotfile',
    LICENSE: 'text',
    readme: 'text'
  })
  t.same((await loadCatalog(directory)).content.models.map(model => model.id), ['from-readme-file'])
})

t.test('a captured answer without data is reported as missing its data', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': [textModel('a')], 'traits/text.json': { object: 'list', type: 'text' }, 'models/b.json': {} })
  const problems = await problemsOf(directory)
  t.ok(has(problems, 'traits/text.json', 'data', /must be an object of name → model id, found nothing \(it is missing\)/))
  t.ok(has(problems, 'models/b.json', 'data', /must be an array of models, found nothing \(it is missing\)/))
})
