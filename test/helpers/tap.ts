// tap for the tests, from its CommonJS build: required, its ~150 modules skip Node 20's module hooks (tsx's and tap's
// own, run on a separate thread), which cuts about 0.3 s of CPU from every test process's start. Import t from here
// only: a test that also imported 'tap' would load a second, separate tap.
import { createRequire } from 'node:module'

const t = createRequire(import.meta.url)('tap') as typeof import('tap').default
export default t
