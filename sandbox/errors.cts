/** An Autotask-style failure: status plus the {"errors":[...]} body. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly errors: string[],
		/** Raw body to send instead of the errors envelope (e.g. ASP.NET 405 shape, empty 401) */
		readonly rawBody?: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(errors.join('; ') || `HTTP ${status}`);
	}
}

export function fail(message: string, status = 500): never {
	throw new ApiError(status, [message]);
}
