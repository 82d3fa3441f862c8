// The Prefer header: every accepted form, every refusal and the wording of its messages.
import t from '../helpers/tap.js'
import { FAULTS, FORCEABLE_STATUSES, MAX_DELAY_MS, parsePrefer, PreferenceError } from '../../src/controls/prefer-header.js'

const ERROR = 'PreferenceError'

t.test('no header is no preference, and costs no allocation', async t => {
  const none = parsePrefer(undefined)
  t.same(none, {})
  t.ok(Object.isFrozen(none))
  t.equal(parsePrefer(undefined), none, 'the same object every time')
  t.equal(parsePrefer(''), none, 'an empty header too')
  t.equal(parsePrefer(' , ,, '), none, 'a header of empty elements too')
  t.equal(parsePrefer([]), none, 'no headers at all')
})

t.test('exported constants', async t => {
  t.same(FAULTS, ['reset', 'empty', 'malformed', 'hang'])
  t.same(FORCEABLE_STATUSES, [400, 401, 402, 403, 404, 415, 429, 500, 503, 504])
  t.ok(Object.isFrozen(FORCEABLE_STATUSES))
  t.equal(MAX_DELAY_MS, 60_000)
})

t.test('code', async t => {
  for (const code of FORCEABLE_STATUSES) t.same(parsePrefer(`code=${code}`), { code }, `code=${code}`)
  t.same(parsePrefer('code="503"'), { code: 503 }, 'a quoted value')
  t.same(parsePrefer('code = 503'), { code: 503 }, 'spaces around "="')
  t.same(parsePrefer('  code=503  '), { code: 503 }, 'spaces around the token')
  t.same(parsePrefer('CODE=503'), { code: 503 }, 'names are case-insensitive')
  t.same(parsePrefer('Code="\\5\\03"'), { code: 503 }, 'quoted-pair escapes in a quoted value')
  t.same(parsePrefer('code=0503'), { code: 503 }, 'a leading zero is still the status')
  t.ok(Object.isFrozen(parsePrefer('code=503')), 'results are frozen')
  for (const value of ['200', '418', '502', '5o3', '-400', '400.0', '4e2', 'abc', '99999999999999999999999']) {
    t.throws(() => parsePrefer(`code=${value}`), {
      name: ERROR,
      message: `Preference code=${JSON.stringify(value)} is not a status this emulator can force; use one of 400, 401, 402, 403, 404, 415, 429, 500, 503, 504`
    }, value)
  }
  t.throws(() => parsePrefer('code="5 03"'), { name: ERROR, message: /^Preference code="5 03" is not a status/ }, 'space inside a quoted value')
  t.throws(() => parsePrefer('code=5 03'), { name: ERROR, message: /^Preference code="5 03" is not a status/ }, 'space inside a bare value')
  t.throws(() => parsePrefer('code="5,03"'), { name: ERROR, message: /^Preference code="5,03" is not a status/ }, 'a comma inside quotes belongs to the value')
  t.throws(() => parsePrefer('code="503"x'), { name: ERROR, message: /^Preference code="\\"503\\"x" is not a status/ }, 'text after a quoted string is not unquoted')
})

t.test('delay', async t => {
  t.same(parsePrefer('delay=0'), { delayMs: 0 })
  t.same(parsePrefer('delay=200'), { delayMs: 200 })
  t.same(parsePrefer(`delay=${MAX_DELAY_MS}`), { delayMs: MAX_DELAY_MS })
  t.same(parsePrefer('Delay = "1500"'), { delayMs: 1500 })
  for (const value of ['60001', '-1', '1.5', 'abc', '1e3', '+5', '9'.repeat(400).slice(0, 50)]) {
    t.throws(() => parsePrefer(`delay=${value}`), {
      name: ERROR,
      message: `Preference delay=${JSON.stringify(value)} is not a whole number of milliseconds between 0 and 60000`
    }, value)
  }
})

t.test('fault', async t => {
  for (const fault of FAULTS) t.same(parsePrefer(`fault=${fault}`), { fault }, fault)
  t.same(parsePrefer('fault="hang"'), { fault: 'hang' })
  t.same(parsePrefer('FAULT=Reset'), { fault: 'reset' }, 'values are read case-insensitively')
  t.throws(() => parsePrefer('fault=explode'), {
    name: ERROR,
    message: 'Preference fault="explode" is not a fault this emulator knows; use one of reset, empty, malformed, hang'
  })
  t.throws(() => parsePrefer('fault=toString'), { name: ERROR, message: /not a fault/ })
})

t.test('several preferences in one header or in several', async t => {
  t.same(parsePrefer('code=503, delay=200'), { code: 503, delayMs: 200 })
  t.same(parsePrefer('delay=200,fault=reset'), { delayMs: 200, fault: 'reset' })
  t.same(parsePrefer(['code=503', 'delay=200']), { code: 503, delayMs: 200 }, 'an array of headers')
  t.same(parsePrefer('code=429, delay=10'), parsePrefer(['code=429', 'delay=10']), 'joined or not, the same')
  t.same(parsePrefer('code=503,,'), { code: 503 }, 'empty elements are skipped')
  t.same(parsePrefer(',, code=503 ,  , delay=1,'), { code: 503, delayMs: 1 })
  t.same(parsePrefer(['', 'fault=empty', '  ']), { fault: 'empty' }, 'empty headers are skipped')
})

t.test('a preference repeated', async t => {
  t.same(parsePrefer('code=503, code=503'), { code: 503 }, 'with the same value is fine')
  t.same(parsePrefer(['code=503', 'CODE="503"']), { code: 503 }, 'the same value written differently is fine')
  t.same(parsePrefer('fault=hang, fault=HANG'), { fault: 'hang' })
  t.throws(() => parsePrefer('code=503, code=500'), { name: ERROR, message: 'The Prefer header sets code twice, to 503 and 500; keep one' })
  t.throws(() => parsePrefer(['delay=1', 'delay=2']), { name: ERROR, message: 'The Prefer header sets delay twice, to 1 and 2; keep one' })
  t.throws(() => parsePrefer('fault=reset, fault=hang'), { name: ERROR, message: 'The Prefer header sets fault twice, to reset and hang; keep one' })
})

t.test('code and fault conflict; delay combines with either', async t => {
  t.throws(() => parsePrefer('code=503, fault=reset'), {
    name: ERROR,
    message: 'The Prefer header asks for both code=503 and fault=reset; a fault replaces the answer, so use one or the other'
  })
  t.throws(() => parsePrefer(['fault=hang', 'delay=5', 'code=500']), { name: ERROR, message: /both code=500 and fault=hang/ })
  t.same(parsePrefer('code=503, delay=100'), { code: 503, delayMs: 100 })
  t.same(parsePrefer('fault=malformed, delay=100'), { fault: 'malformed', delayMs: 100 })
})

t.test('unknown preferences are refused, not ignored', async t => {
  for (const [header, name] of [['example=x', 'example'], ['respond-async', 'respond-async'], ['return=minimal', 'return'], ['wait=10', 'wait'], ['Dynamic=true', 'Dynamic'], ['__proto__=1', '__proto__'], ['toString=1', 'toString']]) {
    t.throws(() => parsePrefer(header), {
      name: ERROR,
      message: `Unknown preference "${name}" in the Prefer header; this emulator understands code, delay and fault`
    }, header)
  }
  t.throws(() => parsePrefer('code=503, example=x'), { name: ERROR, message: /^Unknown preference "example"/ }, 'beside a known one')
  t.throws(() => parsePrefer('respond-async; wait=10'), { name: ERROR, message: /^Unknown preference "respond-async"/ }, 'the name is reported before its parameters')
})

t.test('malformed preferences', async t => {
  for (const header of ['=503', ' = 503', 'co de=503', '"code"=503', 'code:503', 'cöde=503']) {
    t.throws(() => parsePrefer(header), {
      name: ERROR,
      message: `Malformed preference ${JSON.stringify(header.trim())} in the Prefer header; expected name=value, e.g. code=503`
    }, header)
  }
  t.throws(() => parsePrefer('code="503'), { name: ERROR, message: 'The Prefer header has an unterminated quoted string in "code=\\"503"' })
  t.throws(() => parsePrefer('delay=1, code="50\\"'), { name: ERROR, message: /unterminated quoted string in " code=\\"50\\\\\\""$/ }, 'an escaped closing quote does not close')
  t.throws(() => parsePrefer('code="503\\'), { name: ERROR, message: /unterminated quoted string/ }, 'a trailing backslash')
})

t.test('a preference needs a value', async t => {
  t.throws(() => parsePrefer('code'), { name: ERROR, message: 'Preference code in the Prefer header needs a value, e.g. code=503' })
  t.throws(() => parsePrefer('delay='), { name: ERROR, message: 'Preference delay in the Prefer header needs a value, e.g. delay=200' })
  t.throws(() => parsePrefer('fault=""'), { name: ERROR, message: 'Preference fault in the Prefer header needs a value, e.g. fault=reset' })
  t.throws(() => parsePrefer('code=  ;'), { name: ERROR, message: /code in the Prefer header needs a value/ })
})

t.test('parameters are refused; empty ones are not parameters', async t => {
  t.same(parsePrefer('code=503;'), { code: 503 }, 'RFC 7240 allows an empty parameter')
  t.same(parsePrefer('code=503 ; ; '), { code: 503 })
  t.throws(() => parsePrefer('code=503; foo=bar'), {
    name: ERROR,
    message: 'Preference code has a parameter "foo=bar" in the Prefer header; this emulator supports none'
  })
  t.throws(() => parsePrefer('delay=5;;x'), { name: ERROR, message: /^Preference delay has a parameter "x"/ })
  t.throws(() => parsePrefer('fault=hang; a="1;2"'), { name: ERROR, message: /^Preference fault has a parameter "a=\\"1;2\\""/ }, 'a semicolon inside quotes belongs to the parameter')
  t.throws(() => parsePrefer('code="5;03"'), { name: ERROR, message: /code="5;03" is not a status/ }, 'a semicolon inside a quoted value is not a parameter')
})

t.test('messages never echo more than 100 characters of input', async t => {
  const long = 'x'.repeat(5000)
  const cases = [
    `code=${long}`,
    `delay=${long}`,
    `fault=${long}`,
    `${long}=1`,
    `bad name ${long}`,
    `code=503; ${long}`,
    `code="${long}`
  ]
  for (const header of cases) {
    const error = t.throws(() => parsePrefer(header), { name: ERROR }, header.slice(0, 20)) as Error
    t.ok(error.message.length < 250, `message is ${error.message.length} characters`)
    t.match(error.message, /x\.\.\."/, 'the echo is cut and marked')
    t.ok(error.message.split('x').length - 1 <= 100, 'at most 100 characters of it')
  }
  const exact = 'y'.repeat(100)
  t.throws(() => parsePrefer(`code=${exact}`), { message: new RegExp(`code="${exact}" is not`) }, '100 characters are echoed whole')
})

t.test('PreferenceError', async t => {
  const error = new PreferenceError('message')
  t.ok(error instanceof Error)
  t.equal(error.name, 'PreferenceError')
  t.equal(error.message, 'message')
  t.throws(() => parsePrefer('nope'), PreferenceError, 'parsePrefer throws the class itself')
})
