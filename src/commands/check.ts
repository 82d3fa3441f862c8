// `check`: validates fixtures (a file or a directory) without starting a server, for people and (with --json) for CI.
import { FixtureError, formatProblems, type FixtureProblem } from '../catalog/fixture-problems.js'
import { loadCatalog } from '../catalog/load-catalog.js'
import type { CheckOptions } from './options.js'
import type { ModelType } from '../schemas/model-types.js'
import { plural } from '../plural.js'

export interface CheckReport {
  valid: boolean
  directory: string
  /** Whether deviations from the published contract were counted as problems. */
  strict: boolean
  models: number
  types: Partial<Record<ModelType, number>>
  problems: readonly FixtureProblem[]
  /** Models served as given that the published ModelResponse would reject; empty when strict (they are problems then). */
  deviations: readonly FixtureProblem[]
  warnings: readonly FixtureProblem[]
}

export async function checkFixtures (directory: string, strict = false): Promise<CheckReport> {
  try {
    const catalog = await loadCatalog(directory, { strict })
    const types = Object.fromEntries(Object.entries(catalog.countsByType).filter(([, count]) => count > 0))
    return { valid: true, directory, strict, models: catalog.size, types, problems: [], deviations: catalog.deviations, warnings: catalog.warnings }
  } catch (error) {
    /* c8 ignore next: loadCatalog reports every fixture problem as a FixtureError; anything else is a bug */
    if (!(error instanceof FixtureError)) throw error
    return { valid: false, directory, strict, models: 0, types: {}, problems: error.problems, deviations: [], warnings: [] }
  }
}

export function formatCheckReport (report: CheckReport): string {
  const lines = report.valid
    ? [`✓ ${report.directory}: valid, ${plural(report.models, 'model')} (${Object.entries(report.types).map(([type, count]) => `${type} ${count}`).join(', ')})`]
    : [`✗ ${report.directory}: ${plural(report.problems.length, 'problem')}`, formatProblems(report.problems)]
  if (report.deviations.length > 0) {
    lines.push(`${plural(report.deviations.length, 'deviation')} from the published contract, served as given (--strict refuses them):`, formatProblems(report.deviations))
  }
  if (report.warnings.length > 0) lines.push(`${plural(report.warnings.length, 'warning')}:`, formatProblems(report.warnings))
  return `${lines.join('\n')}\n`
}

/** Prints the report; the exit code is 0 for fixtures that load (deviations included, unless strict) and 1 otherwise. */
export async function runCheck (options: CheckOptions, write: (text: string) => void): Promise<number> {
  const report = await checkFixtures(options.directory, options.strict)
  write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report))
  return report.valid ? 0 : 1
}
