"use client";
// Export of the current view (what is on screen, without the minimap and the
// controls) as PNG or SVG, with html-to-image.
import { toPng, toSvg } from "html-to-image";

const chrome = ["react-flow__minimap", "react-flow__controls", "react-flow__panel", "react-flow__attribution"];

export async function exportView(element: HTMLElement, format: "png" | "svg", name: string) {
  const dark = document.documentElement.classList.contains("dark");
  const options = {
    backgroundColor: dark ? "#0f172a" : "#ffffff",
    cacheBust: true,
    filter: (node: HTMLElement) => !(node.classList && chrome.some((c) => node.classList.contains(c))),
  };
  const url = format === "png" ? await toPng(element, { ...options, pixelRatio: 2 }) : await toSvg(element, options);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${name}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
