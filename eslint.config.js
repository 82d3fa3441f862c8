// Lint rules: neostandard (the style of the Fastify ecosystem) with its TypeScript support.
import neostandard from 'neostandard'

const TAP_MESSAGE = 'import t from test/helpers/tap.ts: a second tap would run apart from the first'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'coverage/**', '.tap/**', 'node_modules/**'] }),
  {
    // One tap per test process: test/helpers/tap.ts loads its CommonJS build, which starts faster.
    files: ['test/**/*.ts'],
    ignores: ['test/helpers/tap.ts', 'test/consumers/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'tap', message: TAP_MESSAGE, allowTypeImports: true }] }],
      'no-restricted-syntax': ['error', { selector: "ImportExpression[source.value='tap']", message: TAP_MESSAGE }]
    }
  }
]
