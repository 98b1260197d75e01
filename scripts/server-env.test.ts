import os from "node:os";
import { describe, expect, it } from "vitest";
import { serverEnv } from "./server-env.mjs";

describe("the server's environment", () => {
  it("sizes libuv's threadpool (the token signatures) to the cores, never under 2", () => {
    expect(serverEnv({ PORT: "3000" })).toEqual({ PORT: "3000", UV_THREADPOOL_SIZE: String(Math.max(2, os.availableParallelism())) });
  });

  it("keeps a threadpool size the operator set", () => {
    expect(serverEnv({ UV_THREADPOOL_SIZE: "16" }).UV_THREADPOOL_SIZE).toBe("16");
  });
});
