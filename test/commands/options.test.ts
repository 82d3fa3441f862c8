// Options of check, record and diff: flags, then the environment, then defaults; errors name the command.
import { resolve } from 'node:path'
import t from '../helpers/tap.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { loadCheckOptions, loadDiffOptions, loadRecordOptions } from '../../src/commands/options.js'

t.test('options of check, record and diff', async t => {
  t.same(loadCheckOptions({}, []), { directory: BUILT_IN_FIXTURES, json: false, strict: false })
  t.same(loadCheckOptions({ VENICE_MOCK_FIXTURES: '/env' }, ['--json']), { directory: '/env', json: true, strict: false })
  t.same(loadCheckOptions({ VENICE_MOCK_FIXTURES: '/env' }, ['dir']), { directory: resolve('dir'), json: false, strict: false })
  t.equal(loadCheckOptions({}, ['venice.json', '--strict']).strict, true, 'check --strict, for CI')
  t.equal(loadCheckOptions({ VENICE_MOCK_STRICT: 'true' }, []).strict, true, 'check follows VENICE_MOCK_STRICT')
  t.equal(loadCheckOptions({ VENICE_MOCK_STRICT: 'false' }, ['--strict']).strict, true, 'the flag wins')
  t.same(loadRecordOptions({ VENICE_API_KEY: 'env-key' }, ['--from', 'http://x', '--out', 'o']), { from: 'http://x', key: 'env-key', timeoutMs: 30000, outDir: resolve('o'), force: false, strict: false })
  t.same(loadRecordOptions({ VENICE_API_KEY: 'env-key' }, ['--from', 'http://x', '--out', 'o', '--key', 'flag-key', '--force', '--strict', '--timeout', '500']),
    { from: 'http://x', key: 'flag-key', timeoutMs: 500, outDir: resolve('o'), force: true, strict: true })
  t.equal(loadRecordOptions({ VENICE_MOCK_STRICT: 'true' }, ['--from', 'http://x', '--out', 'o']).strict, true, 'record follows VENICE_MOCK_STRICT')
  t.equal(loadRecordOptions({ VENICE_API_KEY: '' }, ['--from', 'http://x', '--out', 'o']).key, undefined, 'an empty key is no key')
  t.same(loadDiffOptions({}, ['--from', 'http://x', 'mine', '--json']), { from: 'http://x', key: undefined, timeoutMs: 30000, directory: resolve('mine'), json: true })
  const bad: Array<[() => unknown, RegExp]> = [
    [() => loadCheckOptions({}, ['a', 'b']), /^check: unexpected argument "b"/],
    [() => loadCheckOptions({}, ['--from', 'x']), /^check: Unknown option '--from'/],
    [() => loadCheckOptions({ VENICE_MOCK_STRICT: 'maybe' }, []), /^Invalid VENICE_MOCK_STRICT: "maybe" is not true or false/],
    [() => loadRecordOptions({ VENICE_MOCK_STRICT: 'yes please' }, ['--from', 'http://x', '--out', 'o']), /^Invalid VENICE_MOCK_STRICT: "yes please" is not true or false/],
    [() => loadDiffOptions({}, ['--from', 'http://x', '--strict']), /^diff: Unknown option '--strict'/],
    [() => loadRecordOptions({}, ['--out', 'o']), /^record: --from <base url> is required/],
    [() => loadRecordOptions({}, ['--from', 'http://x']), /^record: --out <dir> is required/],
    [() => loadRecordOptions({}, ['--from', 'http://x', '--out', 'o', 'extra']), /^record: unexpected argument "extra"/],
    [() => loadRecordOptions({}, ['--from', 'http://x', '--out', 'o', '--timeout', 'soon']), /^record: Invalid --timeout: "soon"/],
    [() => loadDiffOptions({}, ['--from', 'http://x', '--timeout', '0']), /^diff: Invalid --timeout: "0"/],
    [() => loadDiffOptions({}, ['--from', '']), /^diff: --from <base url> is required/],
    [() => loadDiffOptions({ VENICE_API_KEY: 'sk-key\r' }, ['--from', 'http://x']), /^diff: the key \(VENICE_API_KEY\) contains white space or characters that cannot go in an HTTP header/],
    [() => loadRecordOptions({}, ['--from', 'http://x', '--out', 'o', '--key', 'a b']), /^record: the key \(--key\)/]
  ]
  for (const [call, message] of bad) t.throws(call, { name: 'ConfigError', message })
})
