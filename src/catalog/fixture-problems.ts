// What is wrong with fixtures: one problem per file and JSON path, the error that carries them, and how deviations are logged.
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
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${what} ${path}:\n${formatProblems(problems)}`)
    this.name = 'FixtureError'
    this.problems = problems
  }
}

/** Deviations listed in a log line before the rest are only counted: a whole capture can deviate in the same way. */
export const LOGGED_DEVIATIONS = 20

/** The message for a catalog served (or, `what`, recorded) with deviations from the published contract. */
export function describeDeviations (deviations: readonly FixtureProblem[], path: string, what = 'catalog served as given'): string {
  const shown = deviations.slice(0, LOGGED_DEVIATIONS)
  const more = deviations.length - shown.length
  return [
    `${what} with ${deviations.length} deviation${deviations.length === 1 ? '' : 's'} from the published contract (VENICE_MOCK_STRICT=true refuses them):`,
    formatProblems(shown),
    ...(more > 0 ? [`  ... and ${more} more: venice-models-mock check ${path} lists them all`] : [])
  ].join('\n')
}
