import { Temporal as Polyfill } from "@js-temporal/polyfill";

// Fedify's types name the global Temporal (ESNext lib) while at run time on Node it builds and
// expects the @js-temporal polyfill; the two differ only in declared types, hence the cast.
export function toInstant(date: Date): Temporal.Instant {
  return Polyfill.Instant.fromEpochMilliseconds(date.getTime()) as unknown as Temporal.Instant;
}

export function fromInstant(instant: Temporal.Instant): Date {
  return new Date(instant.epochMilliseconds);
}
