// A request path whose percent-escapes do not decode to UTF-8 (`%E0%A4%A`, an
// encoded lone surrogate `%ED%A0%80`) makes Next's router throw while it reads
// the route's parameters: a 500 before any route handler runs. The custom
// server (scripts/server.ts) asks this first and answers /api/ requests with
// a 400 problem document instead.

/** True when the path (query excluded) holds a percent-escape that is not valid UTF-8. */
export function malformedPath(url: string): boolean {
  const q = url.indexOf("?");
  try {
    decodeURIComponent(q < 0 ? url : url.slice(0, q));
    return false;
  } catch {
    return true;
  }
}

export const malformedPathProblem = JSON.stringify({
  type: "https://perimeter.dev/problems/validation",
  title: "Invalid request",
  status: 400,
  detail: "path: holds a percent-escape that is not valid UTF-8",
  errors: [{ field: "path", message: "holds a percent-escape that is not valid UTF-8" }],
});
