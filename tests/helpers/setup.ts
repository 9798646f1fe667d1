import { completeSetup, SetupInput } from "../../server/setup/setup.ts";
import type { TestInstance } from "./instance.ts";

/** Sets an instance up as an operator would from the command line. */
export async function setUpInstance(instance: TestInstance, input: Partial<SetupInput> = {}) {
  const result = await completeSetup(
    instance.deps.db,
    null,
    SetupInput.parse({
      spaceName: "Wikimedia Kenya",
      spaceHandle: "wmke",
      handle: "ana",
      email: "ana@example.org",
      password: "correct horse battery",
      ...input,
    }),
  );
  if (!result.ok) throw new Error(`setup failed: ${result.reason}`);
  return result;
}
