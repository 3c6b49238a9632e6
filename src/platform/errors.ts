/**
 * The one error type routes and stores throw. The HTTP layer turns it into
 * `{ "error": { "code", "message", "field"? } }` with `status`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A resource that does not exist, or belongs to another organisation: both look the same on purpose. */
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export function badRequest(field: string, message: string): AppError {
  return new AppError(400, 'invalid_field', message, field);
}

export function conflict(message: string, field?: string): AppError {
  return new AppError(409, 'conflict', message, field);
}

export function forbidden(message = 'You do not have permission to do this'): AppError {
  return new AppError(403, 'forbidden', message);
}

export function unauthorized(message = 'Sign in first'): AppError {
  return new AppError(401, 'unauthorized', message);
}
