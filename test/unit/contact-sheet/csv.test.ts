import { describe, expect, it } from "vitest";
import { csvRecords, parseCsv } from "../../../src/core/store/csv.js";
import { cellFromCsv } from "../../../src/commands/contact-sheet/values.js";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM", () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\r\n1,\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"\nthere'],
      ["1", ""],
    ]);
  });

  it("keys rows by the header and fills missing cells", () => {
    expect(csvRecords("run_id,status,error\n1,completed\n").records).toEqual([{ run_id: "1", status: "completed", error: "" }]);
  });
});

describe("cellFromCsv", () => {
  it("keeps numbers numeric and seeds above 2^53 exact", () => {
    expect(cellFromCsv("1.5")).toBe(1.5);
    expect(cellFromCsv("42")).toBe(42);
    expect(cellFromCsv("18446744073709551615")).toBe(18446744073709551615n);
    expect(cellFromCsv("euler")).toBe("euler");
    expect(cellFromCsv("")).toBeNull();
  });
});
