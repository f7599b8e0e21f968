import path from "node:path";
import { defineConfig } from "@playwright/test";
import {
  BASE_URL,
  DEAD_BASE_URL,
  DEAD_PORT,
  DEAD_SOCKET,
  E2E_TOKEN,
  FLAKY_BASE_URL,
  FLAKY_PORT,
  FLAKY_SOCKET,
  POLICY_BASE_URL,
  POLICY_FILE,
  POLICY_PORT,
  PORT,
  READ_ONLY_BASE_URL,
  READ_ONLY_PORT,
  STUCK_BASE_URL,
  STUCK_PORT,
  STUCK_SOCKET,
  TOKEN_BASE_URL,
  TOKEN_PORT,
} from "./e2e/support/servers";

const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "e2e",
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: 2,
  // A busy host (hundreds of containers, a loaded engine and machine) can take several seconds per fleet
  // read, and a test may wait for a few (FleetPage.waitForFleet allows 45 s for the first).
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: CI ? [["list"], ["html", { open: "never" }]] : "list",
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: BASE_URL,
    trace: "on-first-retry",
    browserName: "chromium",
    headless: true,
    launchOptions: {
      // Debian's Chromium: browser downloads are not possible here.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: `node scripts/start.mjs -p ${PORT}`,
      url: `${BASE_URL}/api/health`,
      reuseExistingServer: !CI,
      env: { NEXT_TELEMETRY_DISABLED: "1" },
      timeout: 60_000,
    },
    {
      command: `node scripts/start.mjs -p ${DEAD_PORT}`,
      url: `${DEAD_BASE_URL}/api/health`,
      reuseExistingServer: !CI,
      env: { NEXT_TELEMETRY_DISABLED: "1", DOCKER_HOST: `unix://${DEAD_SOCKET}` },
      timeout: 60_000,
    },
    {
      command: `node scripts/start.mjs -p ${FLAKY_PORT}`,
      url: `${FLAKY_BASE_URL}/api/health`,
      reuseExistingServer: !CI,
      env: { NEXT_TELEMETRY_DISABLED: "1", DOCKER_HOST: `unix://${FLAKY_SOCKET}` },
      timeout: 60_000,
    },
    {
      command: `node scripts/start.mjs -p ${TOKEN_PORT}`,
      url: `${TOKEN_BASE_URL}/api/health`,
      reuseExistingServer: !CI,
      env: { NEXT_TELEMETRY_DISABLED: "1", ROAUDIT_TOKEN: E2E_TOKEN },
      timeout: 60_000,
    },
    {
      command: `node scripts/start.mjs -p ${READ_ONLY_PORT}`,
      url: `${READ_ONLY_BASE_URL}/api/health`,
      reuseExistingServer: !CI,
      env: { NEXT_TELEMETRY_DISABLED: "1", ROAUDIT_READ_ONLY: "true" },
      timeout: 60_000,
    },
    {
      command: `node scripts/start.mjs -p ${POLICY_PORT}`,
      url: `${POLICY_BASE_URL}/api/health`,
      reuseExistingServer: !CI,
      env: { NEXT_TELEMETRY_DISABLED: "1", ROAUDIT_POLICY_FILE: path.resolve(POLICY_FILE) },
      timeout: 60_000,
    },
    {
      command: `node scripts/start.mjs -p ${STUCK_PORT}`,
      url: `${STUCK_BASE_URL}/api/health`,
      reuseExistingServer: !CI,
      env: { NEXT_TELEMETRY_DISABLED: "1", DOCKER_HOST: `unix://${STUCK_SOCKET}` },
      timeout: 60_000,
    },
  ],
});
