// What is wrong with fixtures: one problem per file and JSON path, the error that carries them, and how deviations are logged.
import { plural } from '../plural.js'

export interface FixtureProblem {
  /** Path of the file, relative to the fixture directory (or the path given, when the problem is the path itself). */
  file: string
  /** Where in the file, as a JSON path; empty when the problem is the whole file. */
  path: string
  message: string
}

export function formatProblems (problems: readonly FixtureProblem[]): string {
  return problems.map(problem => `  ${problem.file}${problem.path === '' ? '' : ` ${problem.path}`}: ${problem.message}`).join('\n')
}

export class FixtureError extends Error {
  readonly problems: readonly FixtureProblem[]

  /** `what`: the words for `path` in the message, such as `fixture file`. */
  constructor (path: string, problems: readonly FixtureProblem[], what = 'fixture directory') {
    super(`${plural(problems.length, 'problem')} in ${what} ${path}:\n${formatProblems(problems)}`)
    this.name = 'FixtureError'
    this.problems = problems
  }
}

/** Deviations listed in a log line before the rest are only counted: a whole capture can deviate in the same way. */
export const LOGGED_DEVIATIONS = 20

/** The first LOGGED_DEVIATIONS deviations, then how many more and where all of them are listed. */
export function formatDeviations (deviations: readonly FixtureProblem[], more: string): string {
  const shown = deviations.slice(0, LOGGED_DEVIATIONS)
  const rest = deviations.length - shown.length
  return [formatProblems(shown), ...(rest > 0 ? [`  ... and ${rest} more: ${more}`] : [])].join('\n')
}

/** Logs what a catalog loaded with: its warnings, then its deviations (at start and on every reload alike). */
export function logCatalogNotes (log: { warn: (object: object | string, message?: string) => void }, catalog: { warnings: readonly FixtureProblem[], deviations: readonly FixtureProblem[] }, path: string): void {
  if (catalog.warnings.length > 0) log.warn(`catalog warnings:\n${formatProblems(catalog.warnings)}`)
  if (catalog.deviations.length > 0) log.warn({ deviations: catalog.deviations.length }, describeDeviations(catalog.deviations, path))
}

/**
 * The message for a catalog served as given with deviations from the published contract; `record` passes its own
 * words for what happened and what refuses them.
 */
export function describeDeviations (deviations: readonly FixtureProblem[], path: string, what = 'catalog served as given', refusedBy = 'VENICE_MOCK_STRICT=true'): string {
  return [
    `${what} with ${plural(deviations.length, 'deviation')} from the published contract (${refusedBy} refuses them):`,
    formatDeviations(deviations, `venice-models-mock check ${path} lists them all`)
  ].join('\n')
}
