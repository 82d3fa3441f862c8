// A closed-loop load generator for the reliability tests and scripts/reliability.ts: N clients, each one request after another.

export interface LoadTarget {
  path: string
  headers?: Record<string, string>
  /** The answer every request must get; anything else counts as an error. */
  status: number
}

export interface LoadResult {
  requests: number
  errors: number
  firstErrors: string[]
  seconds: number
  perSecond: number
}

/** Runs `clients` loops against the targets in turn until `durationMs` has passed; every answer is read to the end. */
export async function runLoad (baseUrl: string, targets: readonly LoadTarget[], clients: number, durationMs: number): Promise<LoadResult> {
  const started = Date.now()
  const until = started + durationMs
  let requests = 0
  let errors = 0
  const firstErrors: string[] = []
  const fail = (message: string): void => {
    errors++
    if (firstErrors.length < 10) firstErrors.push(message)
  }
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let i = client; Date.now() < until; i++) {
      const target = targets[i % targets.length]
      try {
        const response = await fetch(baseUrl + target.path, { headers: target.headers })
        await response.arrayBuffer()
        requests++
        if (response.status !== target.status) fail(`${target.path}: ${response.status}`)
      } catch (error) {
        requests++
        fail(`${target.path}: ${(error as Error).message}`)
      }
    }
  }))
  const seconds = (Date.now() - started) / 1000
  return { requests, errors, firstErrors, seconds, perSecond: Math.round(requests / seconds) }
}

/** The mix of the soak: lists, one model, traits, a 404 and a 401, so the error path and the journal are exercised too. */
export function soakTargets (key: string): LoadTarget[] {
  const auth = { authorization: `Bearer ${key}` }
  return [
    { path: '/api/v1/models?type=all', headers: auth, status: 200 },
    { path: '/api/v1/models?type=image', headers: { ...auth, 'accept-encoding': 'gzip' }, status: 200 },
    { path: '/api/v1/models/elevenlabs/scribe-v2', headers: auth, status: 200 },
    { path: '/api/v1/models/traits?type=text', headers: auth, status: 200 },
    { path: '/api/v1/models/no-such-model', headers: auth, status: 404 },
    { path: '/api/v1/models?type=bogus', headers: auth, status: 400 },
    { path: '/api/v1/models', headers: { authorization: 'Bearer' }, status: 401 },
    { path: '/healthz', status: 200 }
  ]
}
