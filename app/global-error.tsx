"use client";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", maxWidth: "36rem", margin: "auto" }}>
        <h1>Perimeter could not start this page</h1>
        <p>The server failed before the console could load. Nothing was changed.{error.digest ? ` Reference: ${error.digest}` : ""}</p>
        <button onClick={reset}>Try again</button>
      </body>
    </html>
  );
}
