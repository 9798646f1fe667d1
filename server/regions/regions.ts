import { z } from "zod";
import { because } from "../validation.ts";

/** An ISO 3166-1 alpha-2 (`KE`) or ISO 3166-2 (`KE-30`) region code, upper-cased. */
export const RegionSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, because("invalid-region"));
