// zod-style issues and formatting, beyond what the routes exercise.
import t from 'tap'
import { formatZodIssues, zodIssuesFor } from '../../src/errors/zod-issues.js'

t.test('values of the wrong type, missing values and valid values', async t => {
  t.same(zodIssuesFor({ type: 'string' }, 5, ['a']), [{ code: 'invalid_type', expected: 'string', received: 'number', path: ['a'], message: 'Expected string, received number' }])
  t.same(zodIssuesFor({ type: 'string' }, null, ['a'])[0].received, 'null')
  t.same(zodIssuesFor({ type: 'string' }, undefined, ['a'])[0].message, 'Required')
  t.same(zodIssuesFor({ type: 'string', enum: ['x'] }, 'x', ['a']), [])
  t.same(zodIssuesFor({ type: 'string' }, 'anything', ['a']), [])
  t.same(zodIssuesFor({}, 42, ['a']), [], 'a schema without a type accepts anything')
  t.same(zodIssuesFor({ anyOf: [{ enum: ['x'] }, { enum: ['y'] }] }, 'y', ['a']), [], 'a union accepts a value one branch accepts')
  t.same(zodIssuesFor({ enum: [1, 2] }, 3, ['n'])[0].message, 'Invalid enum value. Expected 1 | 2, received 3')
})

t.test('formatting nests messages by path and never touches prototypes', async t => {
  const formatted = formatZodIssues([
    { code: 'custom', path: ['a', 'b'], message: 'one' },
    { code: 'custom', path: ['a', 'b'], message: 'two' },
    { code: 'custom', path: [], message: 'root' },
    { code: 'custom', path: ['__proto__'], message: 'proto' }
  ])
  t.same(formatted._errors, ['root'])
  t.same((formatted.a as any).b, { _errors: ['one', 'two'] })
  t.same(Object.getOwnPropertyDescriptor(formatted, '__proto__')?.value, { _errors: ['proto'] })
  t.equal(({} as any)._errors, undefined, 'Object.prototype is untouched')
})

t.test('numbers: integers and bounds, in zod words', async t => {
  t.same(zodIssuesFor({ type: 'integer', minimum: 1 }, 1.5, ['n']), [{ code: 'invalid_type', expected: 'integer', received: 'float', path: ['n'], message: 'Expected integer, received float' }])
  t.match(zodIssuesFor({ type: 'integer', minimum: 1 }, 0, ['n']), [{ code: 'too_small', minimum: 1, message: 'Number must be greater than or equal to 1' }])
  t.match(zodIssuesFor({ type: 'number', maximum: 1 }, 2, ['n']), [{ code: 'too_big', maximum: 1, message: 'Number must be less than or equal to 1' }])
  t.same(zodIssuesFor({ type: 'integer', minimum: 1, maximum: 5 }, 3, ['n']), [])
  t.same(zodIssuesFor({ type: 'integer' }, 'x', ['n'])[0].message, 'Expected integer, received string')
})

t.test('patterns, in zod words', async t => {
  t.same(zodIssuesFor({ type: 'string', pattern: '^\\d+$' }, 'abc', ['limit']), [{ validation: 'regex', code: 'invalid_string', message: 'Invalid', path: ['limit'] }])
  t.same(zodIssuesFor({ type: 'string', pattern: '^\\d+$' }, '12', ['limit']), [])
})
