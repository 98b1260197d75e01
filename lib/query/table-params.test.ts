import { describe, expect, it } from "vitest";
import {
  hrefFor,
  paramsKey,
  parseSort,
  sameParams,
  sortChoices,
  sortedParams,
  toggleSort,
  toWire,
  urlParams,
  withParams,
} from "./table-params";

describe("urlParams", () => {
  it("keeps non-empty values and the first of repeated ones", () => {
    expect(urlParams(new URLSearchParams("q=db&kind=&sort=-name&q=other"))).toEqual({ q: "db", sort: "-name" });
    expect(urlParams({ q: ["a", "b"], domain: undefined, env: "", cursor: "c1" })).toEqual({ q: "a", cursor: "c1" });
  });
});

describe("paramsKey and sameParams", () => {
  it("ignore parameter order", () => {
    expect(paramsKey({ sort: "name", q: "x" })).toBe("q=x&sort=name");
    expect(sameParams({ sort: "name", q: "x" }, { q: "x", sort: "name" })).toBe(true);
    expect(sameParams({ q: "x" }, { q: "x", cursor: "c" })).toBe(false);
  });
});

describe("withParams and hrefFor", () => {
  it("set and remove parameters, keeping the others", () => {
    expect(withParams({ q: "db", cursor: "c1" }, { cursor: undefined, sort: "-name" })).toEqual({ q: "db", sort: "-name" });
    expect(withParams({ q: "db" }, { q: "" })).toEqual({});
    expect(withParams({ q: "db" }, { q: null })).toEqual({});
  });

  it("build a link, or the bare path without parameters", () => {
    expect(hrefFor("/scopes", { q: "orders db", sort: "-name" })).toBe("/scopes?q=orders+db&sort=-name");
    expect(hrefFor("/scopes", {})).toBe("/scopes");
  });
});

describe("parseSort", () => {
  it("reads a leading minus as descending and falls back to the list's default", () => {
    expect(parseSort("-name", "name")).toEqual({ field: "name", desc: true });
    expect(parseSort("kind", "name")).toEqual({ field: "kind", desc: false });
    expect(parseSort(undefined, "-createdAt")).toEqual({ field: "createdAt", desc: true });
    expect(parseSort("", "rank")).toEqual({ field: "rank", desc: false });
  });
});

describe("toggleSort", () => {
  it("flips the sorted column", () => {
    expect(toggleSort(undefined, "name", { fallback: "name" })).toBe("-name");
    expect(toggleSort("-name", "name", { fallback: "name" })).toBe("name");
    expect(toggleSort("name", "name", { fallback: "name" })).toBe("-name");
    expect(toggleSort(undefined, "createdAt", { fallback: "-createdAt" })).toBe("createdAt");
  });

  it("starts another column ascending, or descending when asked", () => {
    expect(toggleSort("-name", "kind", { fallback: "name" })).toBe("kind");
    expect(toggleSort("name", "profiles", { fallback: "name", descFirst: true })).toBe("-profiles");
    expect(toggleSort(undefined, "expiresAt", { fallback: "-createdAt", descFirst: false })).toBe("expiresAt");
  });
});

describe("sortedParams", () => {
  it("sets the sort and drops the cursor", () => {
    expect(sortedParams({ q: "db", cursor: "c1", sort: "name" }, "-name")).toEqual({ q: "db", sort: "-name" });
  });
});

describe("sortChoices", () => {
  const options = [
    { value: "name", label: "Name" },
    { value: "-updatedAt", label: "Recently changed" },
  ];

  it("leaves the options alone when the sort is one of them or absent", () => {
    expect(sortChoices(options, "name")).toBe(options);
    expect(sortChoices(options, undefined)).toBe(options);
  });

  it("adds the URL's sort, labelled after its field", () => {
    expect(sortChoices(options, "-name").at(-1)).toEqual({ value: "-name", label: "Name (descending)" });
    expect(sortChoices(options, "updatedAt").at(-1)).toEqual({ value: "updatedAt", label: "Recently changed (ascending)" });
    expect(sortChoices(options, "kind").at(-1)).toEqual({ value: "kind", label: "kind (ascending)" });
  });
});

describe("toWire", () => {
  it("turns dates into ISO strings, as the JSON API sends them", () => {
    const page = { items: [{ id: "a", expiresAt: new Date("2026-01-02T03:04:05Z"), revokedAt: null }], total: 1, nextCursor: null };
    expect(toWire(page)).toEqual({ items: [{ id: "a", expiresAt: "2026-01-02T03:04:05.000Z", revokedAt: null }], total: 1, nextCursor: null });
  });
});
