package io.switchboard.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}; {@code bin/install-browser}
 * installs them), driven through the system chromedriver so Selenium never tries to download a browser.
 */
public final class Browser implements AutoCloseable {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final String origin;

    private Browser(String origin, boolean dark) {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver: run"
                    + " bin/install-browser (as root) first");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,900",
                // Chrome 134+ defers renderer tasks after input, so right after a click that navigates, ChromeDriver
                // can resolve an element against the old document ("Node with given id does not belong to the
                // document"); see https://issues.chromium.org/issues/402796660. A test-only scheduling change.
                "--disable-features=DeferRendererTasksAfterInput",
                "--force-prefers-" + (dark ? "dark" : "light") + "-color-scheme",
                "--blink-settings=preferredColorScheme=" + (dark ? "0" : "1"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        this.origin = origin;
    }

    /** A browser for the server at {@code origin} (e.g. {@code http://127.0.0.1:12345}). */
    public static Browser open(String origin) {
        return new Browser(origin, false);
    }

    /** The same, with the system colour scheme set to dark. */
    public static Browser openDark(String origin) {
        return new Browser(origin, true);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Loads a path of the server, e.g. {@code /models?q=gpt}. */
    public Browser go(String path) {
        driver.get(origin + path);
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public java.util.List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The element's text. Retried for up to five seconds when Chrome reports the element gone between finding and
     * reading it ("does not belong to the document"), which happens right after a form post replaced the page.
     */
    public String text(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(5))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    /** Waits up to five seconds for an element to appear (pages with charts draw them after load). */
    public WebElement await(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    public String title() {
        return driver.getTitle();
    }

    public String currentPath() {
        String url = driver.getCurrentUrl();
        return url.startsWith(origin) ? url.substring(origin.length()) : url;
    }

    /** Saves a PNG of the viewport (or the full page height when {@code fullPage}) to {@code file}. */
    public void screenshot(Path file, boolean fullPage) throws java.io.IOException {
        if (fullPage) {
            Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
            driver.manage()
                    .window()
                    .setSize(new org.openqa.selenium.Dimension(1280, Math.min(4000, height.intValue() + 40)));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        if (fullPage) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
