import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and driver packages stay outside the bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
