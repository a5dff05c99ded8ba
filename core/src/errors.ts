/**
 * Typed errors shared by every layer. Each carries a stable `code`, the HTTP status the API answers with,
 * and `details` a user can act on. The API turns them into `{error: {code, message, details}}`.
 */
export class IsyncError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends IsyncError {
  constructor(entity: string, id: string) {
    super('not_found', `${entity} ${id} was not found.`, 404, { entity, id });
  }
}

export class ConflictError extends IsyncError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('conflict', message, 409, details);
  }
}

export class ValidationError extends IsyncError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('validation_failed', message, 400, details);
  }
}

/** A tenant limit (maxIntegrations, maxUsers, …) would be exceeded. */
export class LimitExceededError extends IsyncError {
  constructor(limit: string, max: number, message: string) {
    super('limit_exceeded', message, 409, { limit, max });
  }
}

export class ConfigError extends IsyncError {
  constructor(variable: string, message: string) {
    super('config_invalid', `${variable}: ${message}`, 500, { variable });
  }
}
