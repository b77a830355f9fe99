/** An error answer of our API (`{"error":{"code","message"}}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | undefined | null;

/**
 * The back office's HTTP client: same-origin JSON with the session cookie. Response bodies are
 * typed by the protocol's schemas (type-only: zod stays out of the first load; the server validates).
 */
export interface Api {
  get<T>(path: string, query?: Record<string, QueryValue>): Promise<T>;
  /** A JSON body, or a file (`Blob`) sent as it is: a product picture. */
  send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** `?a=1&b=x` without empty values, in a stable order (also the TanStack Query key's shape). */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

export function createApi(fetchFn: typeof fetch): Api {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      const file = body instanceof Blob ? body : undefined;
      res = await fetchFn(path, {
        method,
        credentials: 'same-origin',
        headers:
          file !== undefined
            ? { 'content-type': file.type === '' ? 'application/octet-stream' : file.type }
            : body === undefined
              ? {}
              : { 'content-type': 'application/json' },
        ...(file !== undefined ? { body: file } : body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
    }
    const text = await res.text();
    const json: unknown = text === '' ? undefined : safeJson(text);
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText);
    }
    return json as T;
  }
  return {
    get: (path, query) => request('GET', `${path}${queryString(query)}`),
    send: (method, path, body) => request(method, path, body),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether `e` is an API error with this status. */
export function isStatus(e: unknown, status: number): boolean {
  return e instanceof ApiError && e.status === status;
}
