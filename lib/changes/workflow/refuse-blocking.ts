import { AppError } from "../../errors";
import { blockingFindings, type Finding } from "../../policy/findings";

/** Refuses a change that leaves an object with a finding its environment makes blocking. */
export function refuseBlocking({ findings }: { findings: Finding[] }) {
  const blocking = blockingFindings(findings);
  if (blocking.length) {
    throw new AppError(
      "validation",
      `blocked by policy: ${blocking.map((f) => `${f.checkId} on ${f.target.name}`).join("; ")}`,
      blocking.map((f) => ({ field: `policy.${f.checkId}`, message: f.message })),
    );
  }
}
