// The behaviour settings a running emulator can change through the admin API, starting from the configuration.
import { formatLatency, parseLatency, pickLatency, type LatencyRange } from './latency.js'
import { createRandom, type Random } from './seeded-random.js'

export const AUTH_MODES = ['required', 'optional', 'off'] as const
export type AuthMode = typeof AUTH_MODES[number]

/** Where the settings start and return to on reset: the configuration's values (kept apart so this module imports no configuration). */
export interface StartingSettings {
  readonly auth: AuthMode
  readonly controls: boolean
  readonly latency: LatencyRange | null
  readonly errorRate: number
  readonly rateLimit: number | null
  readonly abuseBlock: boolean
  readonly seed: string | undefined
}

/** The settings as the admin API shows and takes them. */
export interface SettingsView {
  auth: AuthMode
  controls: boolean
  latency: string | null
  errorRate: number
  rateLimit: number | null
  abuseBlock: boolean
}

export class RuntimeSettings {
  auth!: AuthMode
  controls!: boolean
  latency!: LatencyRange | null
  errorRate!: number
  rateLimit!: number | null
  abuseBlock!: boolean
  #random!: Random

  constructor (private readonly config: StartingSettings) {
    this.reset()
  }

  /** Back to the configuration, including the start of the seeded random sequence. */
  reset (): void {
    this.auth = this.config.auth
    this.controls = this.config.controls
    this.latency = this.config.latency
    this.errorRate = this.config.errorRate
    this.rateLimit = this.config.rateLimit
    this.abuseBlock = this.config.abuseBlock
    this.#random = createRandom(this.config.seed)
  }

  view (): SettingsView {
    return {
      auth: this.auth,
      controls: this.controls,
      latency: this.latency === null ? null : formatLatency(this.latency),
      errorRate: this.errorRate,
      rateLimit: this.rateLimit,
      abuseBlock: this.abuseBlock
    }
  }

  /** Applies a validated patch; a latency that does not parse throws before anything changes. */
  apply (patch: Partial<SettingsView>): void {
    const latency = patch.latency === undefined ? this.latency : patch.latency === null ? null : parseLatency(patch.latency)
    this.latency = latency
    if (patch.auth !== undefined) this.auth = patch.auth
    if (patch.controls !== undefined) this.controls = patch.controls
    if (patch.errorRate !== undefined) this.errorRate = patch.errorRate
    if (patch.rateLimit !== undefined) this.rateLimit = patch.rateLimit
    if (patch.abuseBlock !== undefined) this.abuseBlock = patch.abuseBlock
  }

  /** The latency to add to this request, in ms (0 when none is set). */
  nextLatency (): number {
    return this.latency === null ? 0 : pickLatency(this.latency, this.#random)
  }

  /** Whether this request is one of the random failures. */
  nextIsFailure (): boolean {
    return this.errorRate > 0 && this.#random() < this.errorRate
  }
}
