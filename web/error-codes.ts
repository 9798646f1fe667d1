/** The `code` of an error answer for each HTTP status, shared by the API and the web pages. */
const CODES: Record<number, string> = {
  400: "validation_failed",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable",
  429: "rate_limited",
  503: "unavailable",
};

export const errorCode = (status: number): string => CODES[status] ?? "internal_error";
