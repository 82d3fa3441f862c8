// check: the report in words and in JSON, and its exit codes, through the command line.
import t from '../helpers/tap.js'
import { main } from '../../src/cli.js'
import { checkFixtures, formatCheckReport } from '../../src/commands/check.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { fixtureDir, textModel } from '../helpers/app.js'

async function run (argv: string[], env: Record<string, string> = {}): Promise<{ code: number | undefined, out: string, err: string }> {
  let out = ''
  let err = ''
  let code: number | undefined
  await main(argv, env, { stdout: text => { out += text }, stderr: text => { err += text }, exit: value => { code = value } })
  return { code, out, err }
}

t.test('a valid directory: exit 0 and a summary', async t => {
  const { code, out } = await run(['check', BUILT_IN_FIXTURES])
  t.equal(code, 0)
  t.equal(out, `✓ ${BUILT_IN_FIXTURES}: valid, 328 models (asr 5, embedding 9, image 38, music 14, text 113, tts 11, upscale 1, inpaint 21, video 116)\n`)
  t.equal((await run(['check'])).out, out, 'the built-in catalog by default')
  const custom = await fixtureDir(t, { 'models/a.json': [textModel('x')] })
  t.match((await run(['check'], { VENICE_MOCK_FIXTURES: custom })).out, `✓ ${custom}: valid, 1 model (text 1)`)
})

t.test('an invalid directory: exit 1 and every problem', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': '{', 'models/b.json': [{ ...textModel('y'), type: 'chat' }], 'stray.json': {} })
  const { code, out } = await run(['check', directory])
  t.equal(code, 1)
  t.equal(out, [
    `✗ ${directory}: 3 problems`,
    '  stray.json: is not part of the fixture layout; expected only the directories models/, traits/, compatibility_mapping/',
    // The parser's own words differ between Node versions; the location is ours.
    `  models/a.json: is not valid JSON at line 1, column 2: ${out.split('column 2: ')[1].split('\n')[0]}`,
    '  models/b.json [0] (id "y") type: must be one of "asr", "embedding", "image", "music", "text", "tts", "upscale", "inpaint", "video"; found string "chat"',
    ''
  ].join('\n'))
})

t.test('--json for machines, warnings included', async t => {
  const typo = textModel('typo') as any
  typo.model_spec.pricng = {}
  const directory = await fixtureDir(t, { 'models/a.json': [typo] })
  const { code, out } = await run(['check', directory, '--json'])
  t.equal(code, 0)
  t.same(JSON.parse(out), {
    valid: true,
    directory,
    strict: false,
    models: 1,
    types: { text: 1 },
    problems: [],
    deviations: [],
    warnings: [{ file: 'models/a.json', path: '[0] (id "typo") model_spec.pricng', message: 'is not a field of the Venice contract; it is served as it is (check its spelling)' }]
  })
  t.match(formatCheckReport(await checkFixtures(directory)), /1 warning:\n {2}models\/a\.json \[0\] \(id "typo"\) model_spec\.pricng: is not a field/)
  const broken = JSON.parse((await run(['check', '/nonexistent', '--json'])).out)
  t.match(broken, { valid: false, models: 0, problems: [{ file: '/nonexistent', message: /cannot be read/ }] })
})

t.test('counts are worded in the singular and the plural', async t => {
  const one = await fixtureDir(t, { 'models/a.json': '' })
  t.match((await run(['check', one])).out, `✗ ${one}: 1 problem\n`)
  const typos = textModel('typos') as any
  typos.extra = 1
  typos.model_spec.extra = 2
  t.match((await run(['check', await fixtureDir(t, { 'models/a.json': [typos] })])).out, /\n2 warnings:\n/)
})

t.test('bad usage: exit 2', async t => {
  for (const argv of [['check', 'a', 'b'], ['check', '--fast']]) {
    const { code, err } = await run(argv)
    t.equal(code, 2, argv.join(' '))
    t.match(err, /^venice-models-mock: check: /)
  }
})
