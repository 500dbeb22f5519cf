import { DomainError, type ProblemDetail } from "../domain-error";
import type { Script } from "../script-types";
import { blockTemplate } from "./assignment";
import type { Pilot } from "./pilot-types";

/**
 * What the schema cannot say about a pilot: one control, distinct variant ids, a checkpoint and success
 * ends that exist in the variants' scripts, a block size that fits the weights, and a minimum that does
 * not exceed the plan. `scripts` are the variants' frozen scripts by variant id. Empty when all is well.
 */
export function checkPilotSetup(pilot: Pilot, scripts: Readonly<Record<string, Script>>): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const add = (path: string, message: string, nodeId?: string) =>
    problems.push({ path, message, ...(nodeId !== undefined && { nodeId }) });

  const ids = new Set<string>();
  pilot.variants.forEach((variant, i) => {
    const where = `variant ${i + 1} (“${variant.label}”)`;
    if (ids.has(variant.id)) add(`${where} › id`, `uses the id ${variant.id}, like an earlier variant`);
    ids.add(variant.id);
    if (!scripts[variant.id]) add(where, `its script version ${variant.versionNumber} could not be found`);
  });
  const controls = pilot.variants.filter((v) => v.control).length;
  if (controls !== 1) {
    add(
      "variants",
      `exactly one variant must be the control that the others are compared with (now ${controls})`,
    );
  }

  for (const checkpoint of pilot.earlyRejection.checkpoints ?? []) {
    const variant = pilot.variants.find((v) => v.id === checkpoint.variantId);
    if (!variant) {
      add(
        "early rejection › checkpoints",
        `names variant ${checkpoint.variantId}, which the pilot does not have`,
      );
      continue;
    }
    const script = scripts[variant.id];
    const node = script?.nodes.find((n) => n.id === checkpoint.nodeId);
    if (script && !node) {
      add(
        `early rejection › checkpoint of “${variant.label}”`,
        `step ${checkpoint.nodeId} is not in “${script.title}”`,
        checkpoint.nodeId,
      );
    }
  }
  const checkpointVariants = new Set((pilot.earlyRejection.checkpoints ?? []).map((c) => c.variantId));
  if (checkpointVariants.size > 0) {
    for (const variant of pilot.variants) {
      if (!checkpointVariants.has(variant.id)) {
        add(
          `early rejection › checkpoints`,
          `“${variant.label}” has no checkpoint; every variant needs one to compare early rejection fairly`,
        );
      }
    }
  }

  for (const endId of pilot.successOutcomes) {
    const isEnd = pilot.variants.some((v) =>
      scripts[v.id]?.nodes.some((n) => n.id === endId && n.kind === "end"),
    );
    if (!isEnd) add("success outcomes", `${endId} is not an end step of any variant's script`, endId);
  }

  try {
    blockTemplate(pilot.variants, pilot.blockSize);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    add("block size", error.message);
  }
  if (pilot.minimumCallsPerVariant > pilot.plannedSampleSize) {
    add(
      "minimum calls per variant",
      `is ${pilot.minimumCallsPerVariant}, more than the planned ${pilot.plannedSampleSize} calls per variant`,
    );
  }
  return problems;
}

/** Throws DomainError("invalid") listing every problem checkPilotSetup finds. */
export function assertPilotSetup(pilot: Pilot, scripts: Readonly<Record<string, Script>>): void {
  const problems = checkPilotSetup(pilot, scripts);
  if (problems.length > 0) {
    throw new DomainError("invalid", `The pilot “${pilot.name}” is not set up correctly.`, problems);
  }
}
