#!/usr/bin/env node
// The `perimeter` command: runs the TypeScript CLI (lib/cli/main.ts) through
// tsx, a dependency of this package, so `npx perimeter …` works from a checkout.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv);
