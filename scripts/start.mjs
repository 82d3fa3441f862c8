// `npm start`: builds dist/ only when it is missing or older than what it is built from, then runs dist/bin.js in this
// same process. Plain JavaScript and no npm lifecycle hook, so a start without a build costs one `node` start.
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const INPUTS = ['src', 'scripts/build-bundle.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json']
// What the build writes last of each kind; any of them missing means an unfinished build.
const OUTPUTS = ['dist/bin.js', 'dist/index.js', 'dist/venice-models-mock.mjs', 'dist/cjs/index.js', 'dist/cjs/msw.js']

/** The mtime of a file, or the newest of a directory's files; undefined when it does not exist. */
function newest (path) {
  const stat = statSync(`${ROOT}${path}`, { throwIfNoEntry: false })
  if (stat === undefined || !stat.isDirectory()) return stat?.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(`${ROOT}${path}`, { recursive: true }).map(file => statSync(`${ROOT}${path}/${file}`).mtimeMs))
}

const built = Math.min(...OUTPUTS.map(path => newest(path) ?? -Infinity))
const changed = Math.max(...INPUTS.map(path => newest(path) ?? -Infinity))
if (built < changed) {
  console.error(built === -Infinity ? 'dist/ is missing: building it once (npm run build)' : 'src/ changed since the last build: rebuilding dist/ (npm run build)')
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' })
}

await import('../dist/bin.js')
