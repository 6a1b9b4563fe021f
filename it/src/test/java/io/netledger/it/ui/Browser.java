package io.netledger.it.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by the Debian chromium-driver through Selenium: both paths are
 * given, so Selenium Manager never looks for (or downloads) a browser. Runs as root with the
 * flags that work on these machines and a fresh profile per instance.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Why no browser can run here (for a test's message), or null when one can. */
  static String missing() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      return "needs the Debian packages chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + "): run .ci/install";
    }
    return null;
  }

  static Browser start(int width, int height) {
    try {
      Path profile = Files.createTempDirectory("netledger-chromium-");
      ChromeOptions o = new ChromeOptions();
      o.setBinary(CHROMIUM.toFile());
      o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
          "--window-size=" + width + "," + height);
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
          .usingAnyFreePort().withLogFile(new File(profile.toFile(), "chromedriver.log")).build();
      ChromeDriver d = new ChromeDriver(service, o);
      d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new Browser(d, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits until {@code script} returns something truthy; returns it, or throws naming {@code what}. */
  Object await(Duration timeout, String what, String script, Object... args) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Object v = js(script, args);
      if (v != null && !Boolean.FALSE.equals(v)) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("after " + timeout.toMillis() + " ms still not: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The whole page as a PNG at {@code file} (beyond the viewport, through the DevTools protocol). */
  Path screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Object data = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true))
          .get("data");
      Files.write(file, Base64.getDecoder().decode((String) data));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary profile is harmless.
      }
    }
  }
}
