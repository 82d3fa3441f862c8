// The error type every layer throws; the single error handler turns it into the live API's `{"error": ...}` body.
export class ApiError extends Error {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>
  /** A body other than `{"error": message}`, for the few errors whose live shape has more fields. */
  readonly body: Readonly<Record<string, unknown>> | undefined

  constructor (statusCode: number, message: string, headers: Record<string, string> = {}, body?: Record<string, unknown>) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.headers = headers
    this.body = body
  }
}

/** The messages the live API documents for each status (see the reference README). */
export const API_ERROR_MESSAGES = {
  badRequest: 'Invalid request parameters',
  unauthorized: 'Authentication failed',
  forbidden: 'Unauthorized access',
  modelNotFound: 'Specified model not found',
  rateLimited: 'Rate limit exceeded',
  internal: 'An unknown error occurred',
  unavailable: 'The model is temporarily offline. Please try again later.',
  inactive: 'Authentication failed - Pro subscription is inactive. Please upgrade your subscription to continue using the API',
  disabled: 'API access has been disabled for this account. Please contact support@venice.ai'
} as const

/** The body of each status `Prefer: code=` can force: the live API's message for it (504 has none documented). */
export const FORCED_MESSAGES: Readonly<Record<number, string>> = {
  400: API_ERROR_MESSAGES.badRequest,
  401: API_ERROR_MESSAGES.unauthorized,
  402: 'Insufficient USD or Diem balance to complete request. Visit https://venice.ai/settings/api to add credits.',
  403: API_ERROR_MESSAGES.forbidden,
  404: API_ERROR_MESSAGES.modelNotFound,
  415: 'Invalid content type',
  429: API_ERROR_MESSAGES.rateLimited,
  500: API_ERROR_MESSAGES.internal,
  503: API_ERROR_MESSAGES.unavailable,
  504: 'The request timed out. Please try again later.'
}
