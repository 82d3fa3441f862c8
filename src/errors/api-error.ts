// The error type every layer throws; the single error handler turns it into the live API's `{"error": ...}` body.
export class ApiError extends Error {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>

  constructor (statusCode: number, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.headers = headers
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
  unavailable: 'The model is temporarily offline. Please try again later.'
} as const
