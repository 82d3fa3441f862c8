// Lint rules: neostandard (the style of the Fastify ecosystem) with its TypeScript support.
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'coverage/**', '.tap/**', 'node_modules/**'] })
]
