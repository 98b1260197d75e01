// `npm run db:migrate`: apply pending migrations to DATABASE_URL.
import { migrate } from "../lib/db/migrate";
import { env } from "../lib/env";

migrate(env().DATABASE_URL)
  .then((applied) => console.log(applied.length ? `applied ${applied.join(", ")}` : "migrations up to date"))
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
