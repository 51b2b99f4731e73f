/**
 * Swagger UI in a real headless browser (Debian's chromium, driven by
 * playwright-core) against the compiled binary, with every request that
 * leaves the machine blocked: the docs must work offline.
 */
import { describe, expect, test } from "bun:test";
import { chromium } from "playwright-core";
import { Server } from "../support/binary.ts";

const CHROMIUM = Bun.which("chromium") ?? Bun.which("chromium-browser");

// .ci/run installs Debian's chromium; a developer without it skips this file.
describe.skipIf(!CHROMIUM)("Swagger UI in a browser", () => {
  test("lists the webhook operations from embedded assets, with the internet blocked", async () => {
    await using server = await Server.start({ args: ["--base-path", "/porta"] });
    const browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage();
      const blocked: string[] = [];
      await page.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === "127.0.0.1") return route.continue();
        blocked.push(url.href);
        return route.abort();
      });

      await page.goto(`${server.url}/docs`);
      await page.waitForSelector(".opblock-summary-path", { timeout: 15_000 });
      const operations = await page.$$eval(".opblock", (blocks) =>
        blocks.map((b) => {
          const method = b.querySelector(".opblock-summary-method")?.textContent ?? "";
          const path = b.querySelector(".opblock-summary-path")?.textContent ?? "";
          return `${method} ${path.replace(/\u200b/g, "")}`;
        })
      );
      expect(operations.sort()).toEqual([
        "DELETE /porta/booking",
        "GET /porta/health",
        "POST /porta/booking",
        "POST /porta/hold",
      ]);
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
    // Starting chromium on a loaded 2-core machine takes seconds.
  }, 60_000);
});
