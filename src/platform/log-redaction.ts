/*
 * Respondent links carry their credential in the URL: the public survey link `/s/<token>`, the
 * mystery-shopper link `/a/<token>`, the kiosk page and upload path `/k/<token>`,
 * `/api/v1/public/kiosk/<token>/…`, unsubscribe links, and `?token=` on the invitation, password-reset
 * and setup pages. Anyone who reads the access log could otherwise answer (or read) someone else's
 * survey. The access log keeps the route's shape (`/s/[redacted]`) so it stays useful for debugging.
 */

export const REDACTED = '[redacted]';

/** Route parameters whose value is a credential, by name (`:token`, `:deviceToken`, …). */
const SECRET_PARAM = /token|secret|password|signature/i;
/** Query-string keys whose value is a credential. */
const SECRET_QUERY = /token|secret|password|signature|^key$|api[-_]?key|^code$/i;
/**
 * Path prefixes followed by a credential, for URLs that matched no route pattern (a 404 on a mistyped
 * link still carries a real token) or that matched the catch-all web-app route.
 */
const SECRET_PATH = [
  /^(\/(?:s|a|k|u)\/)[^/?#]+/,
  /^(\/api\/v1\/public\/(?:surveys|audits|kiosk)\/)[^/?#]+/,
  /(\/by-token\/)[^/?#]+/,
];

export interface LoggableRequest {
  url: string;
  routeOptions?: { url?: string };
}

/** The request URL with every credential replaced by `[redacted]`. */
export function redactedUrl(request: LoggableRequest): string {
  const url = request.url;
  const queryAt = url.indexOf('?');
  let path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);

  const pattern = request.routeOptions?.url;
  if (pattern && !pattern.includes('*')) {
    const patternSegments = pattern.split('/');
    const pathSegments = path.split('/');
    if (patternSegments.length === pathSegments.length) {
      path = pathSegments
        .map((segment, i) => {
          const name = patternSegments[i]!;
          return name.startsWith(':') && SECRET_PARAM.test(name) ? REDACTED : segment;
        })
        .join('/');
    }
  }
  for (const prefix of SECRET_PATH) path = path.replace(prefix, `$1${REDACTED}`);

  const redactedQuery = query.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, separator: string, key: string) => {
    let name = key;
    try {
      name = decodeURIComponent(key);
    } catch {
      // A malformed escape stays as it is; the raw key is tested instead.
    }
    return SECRET_QUERY.test(name) ? `${separator}${key}=${REDACTED}` : whole;
  });
  return path + redactedQuery;
}
