import { createDb } from "../lib/db/client";
const db = createDb("file:" + process.cwd() + "/data/bench/tmp-profile.db");
await db.$queryRawUnsafe("SELECT 1");
for (let r = 0; r < 3; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 20; i++) {
    await db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`UPDATE "CatalogState" SET "auditSeq" = "auditSeq" + 0 WHERE id = 1 RETURNING "auditSeq", "auditHead"`);
      await tx.$executeRawUnsafe(`UPDATE "Setting" SET value = ? WHERE key = 'zz'`, "x");
      await tx.$executeRawUnsafe(`UPDATE "Setting" SET value = ? WHERE key = 'zz'`, "x");
      await tx.$executeRawUnsafe(`UPDATE "CatalogState" SET "auditHead" = "auditHead" WHERE id = 1`);
    });
  }
  const a = (performance.now() - t0) / 20;
  t0 = performance.now();
  for (let i = 0; i < 20; i++) {
    await db.$transaction(async (tx) => {
      await tx.catalogState.update({ where: { id: 1 }, data: { auditSeq: { increment: 0 } } });
      await tx.setting.updateMany({ where: { key: "zz" }, data: { value: "x" } });
      await tx.setting.updateMany({ where: { key: "zz" }, data: { value: "x" } });
      await tx.catalogState.update({ where: { id: 1 }, data: { auditHead: undefined } });
    });
  }
  const b = (performance.now() - t0) / 20;
  console.log(`raw txn ${a.toFixed(2)} ms; prisma txn ${b.toFixed(2)} ms`);
}
