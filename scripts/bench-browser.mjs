/**
 * The browser half of `npm run bench` (issue 12): the fleet page at N rows in Debian's Chromium (headless,
 * `/usr/bin/chromium --no-sandbox --disable-gpu`, through Playwright), measured in the page itself:
 *   - first full render: from the fleet data's arrival (the `GET /api/containers?all=true` response's
 *     `responseEnd`, Resource Timing) to the first animation frame whose table shows rows and the count;
 *   - a filter keystroke: from each key's `keydown` (`event.timeStamp`) to the next frame after it
 *     (requestAnimationFrame, then a task: the frame has been produced), max and median over the query typed;
 *     and from the first key to the table showing the filtered count (`Showing k of N`), and from clearing the
 *     filter to the table showing all N again;
 *   - main-thread long tasks (PerformanceObserver `longtask`, ≥ 50 ms each) while the page sits idle for
 *     `idleSeconds`: count and total ms.
 */
import { chromium } from "playwright-core";

/** Figures of one page; every time in ms. */
export async function browserFigures({ baseUrl, query, idleSeconds = 10 }) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(() => {
      const w = window;
      w.__bench = { renderedAt: null, keys: [], keydowns: [], counts: [], longTasks: [] };
      let lastCount = "";
      const frame = () => {
        const text = document.querySelector('[data-testid="fleet-count"]')?.textContent ?? "";
        if (text !== lastCount) {
          lastCount = text;
          w.__bench.counts.push([performance.now(), text]);
        }
        if (w.__bench.renderedAt === null) {
          const rows = document.querySelectorAll('[data-testid="fleet-row"]').length;
          const count = document.querySelector('[data-testid="fleet-count"]')?.textContent ?? "";
          if (rows > 0 && /\d/.test(count)) w.__bench.renderedAt = performance.now();
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      document.addEventListener(
        "keydown",
        (event) => {
          const t0 = event.timeStamp;
          w.__bench.keydowns.push(t0);
          requestAnimationFrame(() => setTimeout(() => w.__bench.keys.push(performance.now() - t0), 0));
        },
        true,
      );
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__bench.longTasks.push([entry.startTime, entry.duration]);
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${baseUrl}/?all=true`, { waitUntil: "domcontentloaded", timeout: 120_000 });
    await page.waitForFunction(() => window.__bench.renderedAt !== null, null, { timeout: 120_000 });
    const render = await page.evaluate(() => {
      const api = performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/api/containers") && e.name.includes("all=true"))
        .sort((a, b) => a.responseEnd - b.responseEnd)[0];
      const arrived = api?.responseEnd ?? performance.getEntriesByType("navigation")[0]?.responseEnd ?? 0;
      return { fromData: window.__bench.renderedAt - arrived, fromNavigation: window.__bench.renderedAt };
    });
    const total = Number(/(\d+)/.exec((await page.getByTestId("fleet-count").textContent()) ?? "")?.[1]);
    await page.waitForTimeout(2_000);

    // Typing: one key at a time, as a user types, until the table shows the filtered rows.
    const search = page.getByRole("searchbox");
    await search.click();
    await page.evaluate(() => {
      window.__bench.keys = [];
    });
    await search.pressSequentially(query, { delay: 60 });
    await page.waitForFunction(
      () =>
        /^Showing \d+ of \d+/.test(document.querySelector('[data-testid="fleet-count"]')?.textContent ?? ""),
      null,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(1_000);
    const shown = Number(
      /Showing (\d+)/.exec((await page.getByTestId("fleet-count").textContent()) ?? "")?.[1],
    );
    const typed = await page.evaluate(() => ({ ...window.__bench }));

    await page.evaluate(() => {
      window.__bench.keydowns = [];
    });
    await search.press("Control+a");
    await search.press("Backspace");
    await page.waitForFunction(
      () => !/^Showing/.test(document.querySelector('[data-testid="fleet-count"]')?.textContent ?? "Showing"),
      null,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(500);
    const cleared = await page.evaluate(() => ({ ...window.__bench }));
    // From the last key typed to the frame showing the final filtered count; from Backspace to the frame
    // showing the whole fleet again.
    const lastKey = typed.keydowns.at(-1) ?? 0;
    const typeToRowsMs = (typed.counts.filter(([t]) => t >= lastKey).at(-1)?.[0] ?? Number.NaN) - lastKey;
    const backspace = cleared.keydowns.at(-1) ?? 0;
    const clearMs =
      (cleared.counts.find(([t, text]) => t >= backspace && !text.startsWith("Showing"))?.[0] ?? Number.NaN) -
      backspace;
    const keys = typed.keys;
    await search.blur();
    await page.waitForTimeout(2_000);

    // Idle: nothing typed, nothing clicked; long tasks counted from now.
    const idleFrom = await page.evaluate(() => performance.now());
    await page.waitForTimeout(idleSeconds * 1000);
    const longTasks = await page.evaluate(
      (from) => window.__bench.longTasks.filter(([t]) => t >= from),
      idleFrom,
    );
    const sorted = [...keys].sort((a, b) => a - b);
    return {
      rows: total,
      renderMs: render.fromData,
      renderFromNavigationMs: render.fromNavigation,
      query,
      shown,
      keyMaxMs: sorted.at(-1) ?? Number.NaN,
      keyMedianMs: sorted.length ? sorted[(sorted.length - 1) >> 1] : Number.NaN,
      typeToRowsMs,
      clearMs,
      idleSeconds,
      longTaskCount: longTasks.length,
      longTaskMs: longTasks.reduce((sum, [, d]) => sum + d, 0),
    };
  } finally {
    await browser.close();
  }
}
