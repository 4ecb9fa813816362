/** Stable codes of `safeFetch` failures (besides `address_blocked` from the address guard). */
export type HttpRequestErrorCode =
  | 'invalid_url'
  | 'invalid_request'
  | 'host_not_allowed'
  | 'unsupported_protocol'
  | 'request_too_large'
  | 'too_many_redirects'
  | 'timeout'
  | 'aborted'
  | 'network';

/** A `safeFetch` failure with a stable code and a message a user can act on. */
export class HttpRequestError extends Error {
  override readonly name: string = 'HttpRequestError';

  constructor(
    readonly code: HttpRequestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request did not finish (redirects and body included) within `timeoutMs`. */
export class RequestTimeoutError extends HttpRequestError {
  override readonly name = 'RequestTimeoutError';

  constructor(readonly timeoutMs: number) {
    super('timeout', `The request did not finish within ${timeoutMs} ms.`);
  }
}

/** The request body is larger than `maxRequestBytes`. */
export class RequestTooLargeError extends HttpRequestError {
  override readonly name = 'RequestTooLargeError';

  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super('request_too_large', `The request body is ${size} bytes; the limit is ${limit} bytes.`);
  }
}

/** More redirects than `maxRedirects`. */
export class TooManyRedirectsError extends HttpRequestError {
  override readonly name = 'TooManyRedirectsError';

  constructor(readonly limit: number) {
    super('too_many_redirects', `The server redirected more than ${limit} times.`);
  }
}
