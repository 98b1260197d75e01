// `npm run db:seed`: migrate, then seed demo data into an empty database.
import { db } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { env } from "../lib/env";
import { seedDemo } from "../lib/seed/demo";

async function main() {
  const cfg = env();
  await migrate(cfg.DATABASE_URL);
  const { seeded } = await seedDemo(db(), { password: cfg.PERIMETER_DEMO_PASSWORD, log: (l) => console.log(l) });
  console.log(seeded ? "demo data seeded" : "the database already has data; nothing seeded (delete data/perimeter.db to start over)");
  await db().$disconnect();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
