// The inputs of the spec's "Channel Plus" example, as the compiler hands them over.
import type { InputSpec } from "../../src/compile/artifact-types.js";

function input(name: string, type: InputSpec["type"], extra: Partial<InputSpec> = {}): InputSpec {
  return { name, type, optional: false, key: false, confidential: false, ...extra };
}

export const channelPlusInputs: InputSpec[] = [
  input("partner_id", "text", { key: true }),
  input("region", "oneOf", { values: ["AMS", "EMEA", "APJ"] }),
  input("revenue", "money", { min: "0" }),
  input("sales_target", "money", { min: "0" }),
  input("deals_registered", "integer", { min: "0" }),
  input("deals_won", "integer", { min: "0" }),
  input("csat", "number", { min: "0", max: "10", optional: true }),
  input("delivery_days", "number", { min: "0", optional: true }),
  input("services", "listOf", { values: ["DaaS", "Managed Print"] }),
  input("investment", "money", { min: "0" }),
  input("shares_data", "boolean"),
  input("inventory_units", "integer", { min: "0", confidential: true }),
];

export const channelPlusHeader =
  "partner_id,region,revenue,sales_target,deals_registered,deals_won,csat,delivery_days,services,investment,shares_data,inventory_units";

export { input };
