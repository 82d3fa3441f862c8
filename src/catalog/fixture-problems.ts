// What is wrong with a fixture directory: one problem per file and JSON path, and the error that carries them.
export interface FixtureProblem {
  /** Path of the file, relative to the fixture directory (or the directory itself). */
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

  constructor (directory: string, problems: readonly FixtureProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in fixture directory ${directory}:\n${formatProblems(problems)}`)
    this.name = 'FixtureError'
    this.problems = problems
  }
}
