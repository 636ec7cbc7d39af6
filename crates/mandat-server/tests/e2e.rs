//! End to end in a real headless Chromium, driven over WebDriver (chromedriver):
//! open the page, choose Kazakhstan 2021, move the threshold from 7% to 5%, and see
//! Auyl win 6 seats in the table and in the hemicycle; then a projection, and the page
//! at a phone's width.
//!
//! Needs the Debian packages `chromium` and `chromium-driver` (scripts/e2e.sh installs
//! them); without them the test prints why and passes without running.
//! Screenshots go to the test's temporary folder, or to docs/screenshots when
//! `MANDAT_SCREENSHOTS=docs`.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

async fn until<F, Fut>(what: &str, timeout: Duration, mut f: F) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<Value>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

fn screenshot_dir() -> PathBuf {
    if std::env::var("MANDAT_SCREENSHOTS").as_deref() == Ok("docs") {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots")
    } else {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kazakhstan_2021_threshold_from_7_to_5_percent_in_chromium() {
    let given = |var: &str| std::env::var(var).ok().map(PathBuf::from);
    let chromium = given("CHROMIUM").or_else(|| find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])).filter(|p| p.exists());
    let driver = given("CHROMEDRIVER").or_else(|| find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])).filter(|p| p.exists());
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        // Straight to the process's stderr, past the test harness's capture, so that it shows.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED e2e (kazakhstan_2021_threshold_from_7_to_5_percent_in_chromium): chromium and chromedriver are not installed; \
             apt-get install -y chromium chromium-driver, or run scripts/e2e.sh"
        );
        return;
    };

    // The server, in this process, on a free port.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(mandat_server::serve_listener(listener, mandat_server::AppState::default(), std::future::pending()));

    // chromedriver, and a browser session with a fresh profile.
    let port = free_port();
    let _driver = Driver(
        Command::new(&driver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start chromedriver"),
    );
    let profile = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("chromium-profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=1280,1250", format!("--user-data-dir={}", profile.display()),
            ],
        }
    });
    let caps: fantoccini::wd::Capabilities = caps.as_object().expect("object").clone();
    let mut client = None;
    let start = Instant::now();
    while client.is_none() {
        match ClientBuilder::rustls().expect("rustls").capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(c) => client = Some(c),
            Err(e) if start.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await
            }
            Err(e) => panic!("cannot start a Chromium session: {e}"),
        }
    }
    let c = client.expect("session");
    let result = scenario(&c, &format!("http://{addr}/")).await;
    let _ = c.close().await;
    let _ = std::fs::remove_dir_all(&profile);
    result
}

/// Whether the count's error box is shown and inside the window.
const IN_VIEW_ERROR: &str = "const r = document.getElementById('error').getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight";

async fn scenario(c: &Client, url: &str) {
    c.set_window_size(1280, 1250).await.expect("window size");
    c.goto(url).await.expect("open the page");

    // Choose Kazakhstan 2021 (preset and its real results).
    let preset = c.wait().for_element(Locator::Id("preset")).await.expect("preset select");
    until("the presets", Duration::from_secs(10), || async {
        let n = js(c, "return document.querySelectorAll('#preset option').length").await;
        (n.as_u64().unwrap_or(0) > 0).then_some(n)
    })
    .await;
    preset.select_by_value("kz-mazhilis-2021").await.expect("choose kz-mazhilis-2021");
    let seats_of = |party: &'static str| {
        format!("const r = document.querySelector('#seats-table tr[data-party=\"{party}\"] td.seats'); return r ? r.textContent : null;")
    };
    until("the 2021 count (Nur Otan 76)", Duration::from_secs(15), || async { (js(c, &seats_of("Nur Otan")).await == json!("76")).then_some(json!(true)) }).await;
    assert_eq!(js(c, &seats_of("Auyl")).await, json!("0"), "Auyl has no seat under the 7% law");
    assert_eq!(js(c, "return document.getElementById('threshold').value").await, json!("7"));

    // Move the threshold from 7% to 5%, with the keyboard.
    let threshold = c.find(Locator::Id("threshold")).await.expect("threshold input");
    threshold.clear().await.expect("clear");
    threshold.send_keys("5").await.expect("type 5");
    until("Auyl's 6 seats in the table", Duration::from_secs(15), || async { (js(c, &seats_of("Auyl")).await == json!("6")).then_some(json!(true)) }).await;
    let row = js(c, "return [...document.querySelectorAll('#seats-table tr[data-party=\"Auyl\"] td')].map(t => t.textContent)").await;
    assert_eq!(row[2], json!("0"), "under the law as written: {row}");
    assert_eq!(row[4], json!("+6"), "{row}");
    let moved = js(c, "return document.getElementById('moved').textContent").await;
    assert!(moved.as_str().unwrap_or("").contains("Auyl passes with 5.29%"), "{moved}");

    // The hemicycle: a legend line "Auyl 6", and 6 seats of Auyl's colour among 98.
    let hemi = js(c, r#"
        const svg = document.querySelector('#hemicycle svg');
        if (!svg) return null;
        const texts = [...svg.querySelectorAll('text')];
        const t = texts.find(x => x.textContent.trim() === 'Auyl 6');
        if (!t) return {legend: texts.map(x => x.textContent)};
        const rect = t.previousElementSibling;
        const colour = rect.getAttribute('fill');
        const circles = [...svg.querySelectorAll('circle')];
        return {colour, auyl: circles.filter(x => x.getAttribute('fill') === colour).length, all: circles.length};
    "#)
    .await;
    assert_eq!(hemi["auyl"], json!(6), "hemicycle: {hemi}");
    assert_eq!(hemi["all"], json!(98), "hemicycle: {hemi}");
    // (a) The hemicycle's title (and so the downloaded SVG) names the law that was
    // counted: the written law's "7% threshold" with the what-if change.
    let title = js(c, "return [...document.querySelectorAll('#hemicycle svg text[font-weight=\"bold\"]')].map(t => t.textContent).join(' ')").await;
    assert!(title.as_str().unwrap_or("").contains("what-if: threshold=5%"), "hemicycle title: {title}");

    // (e) Seats: the change is sent as seats=N; a refusal is shown where the user looks and
    // the old seats are not left on the page as if they were the answer.
    let seats_box = c.find(Locator::Id("seats")).await.expect("seats input");
    seats_box.clear().await.expect("clear");
    seats_box.send_keys("0").await.expect("type 0");
    let err = until("the refusal of 0 seats", Duration::from_secs(15), || async {
        let e = js(c, "const e = document.getElementById('error'); return e.hidden ? null : e.textContent").await;
        e.as_str().is_some_and(|t| !t.is_empty()).then_some(e)
    })
    .await;
    assert!(err.as_str().unwrap_or("").contains("seats"), "{err}");
    assert_eq!(js(c, &seats_of("Auyl")).await, Value::Null, "the refused count left seats on the page");
    assert_eq!(js(c, IN_VIEW_ERROR).await, json!(true), "the error is off-screen");
    seats_box.clear().await.expect("clear");
    seats_box.send_keys("98").await.expect("type 98");
    until("Auyl's 6 seats again", Duration::from_secs(15), || async { (js(c, &seats_of("Auyl")).await == json!("6")).then_some(json!(true)) }).await;
    assert_eq!(js(c, "return document.getElementById('error').hidden").await, json!(true), "the error stays after a good count");

    // Every control has a label; no horizontal scrolling at desktop width.
    let unlabelled = js(c, "return [...document.querySelectorAll('input, select, textarea')].filter(e => !document.querySelector('label[for=\"' + e.id + '\"]') && !e.getAttribute('aria-label')).map(e => e.id)").await;
    assert_eq!(unlabelled, json!([]), "controls without a label");

    // The keyboard reaches every control in reading order.
    js(c, "document.getElementById('preset').focus()").await;
    let mut order = vec![js(c, "return document.activeElement.id").await];
    for _ in 0..7 {
        let tab = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: '\u{E004}' }).then(KeyAction::Up { value: '\u{E004}' });
        c.perform_actions(tab).await.expect("Tab");
        order.push(js(c, "return document.activeElement.id").await);
    }
    assert_eq!(order, vec![json!("preset"), json!("law-citation-toggle"), json!("upload"), json!("use-example"), json!("method"), json!("threshold"), json!("seats"), json!("reset")], "Tab order");

    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    js(c, "document.getElementById('threshold').focus(); window.scrollTo(0, 0)").await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join("web-kz-2021.png"), png).expect("write the screenshot");

    // (c) A projection error shows in the projection panel, in view, and goes away after
    // the next good projection.
    js(c, "window.__poll = document.getElementById('poll').value; document.getElementById('poll').value = 'party,share\\nGhost,100'; document.getElementById('h-project').scrollIntoView()").await;
    c.find(Locator::Id("project")).await.expect("project button").click().await.expect("click");
    until("the projection's error", Duration::from_secs(15), || async {
        (js(c, "return document.getElementById('project-error').hidden").await == json!(false)).then_some(json!(true))
    })
    .await;
    let in_view = js(c, "const r = document.getElementById('project-error').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0").await;
    assert_eq!(in_view, json!(true), "the projection's error is off-screen");
    assert!(js(c, "return document.getElementById('project-error').textContent").await.as_str().unwrap_or("").contains("Ghost"));
    js(c, "document.getElementById('poll').value = window.__poll").await;

    // A projection with its progress indicator.
    js(c, "document.getElementById('sims').value = '3000'").await;
    c.find(Locator::Id("project")).await.expect("project button").click().await.expect("click");
    let done = until("the projection", Duration::from_secs(60), || async {
        let s = js(c, "return document.getElementById('project-status').textContent").await;
        s.as_str().is_some_and(|t| t.starts_with("Done")).then_some(s)
    })
    .await;
    assert!(done.as_str().unwrap_or("").contains("3,000 simulations"), "{done}");
    assert_eq!(js(c, "return document.getElementById('project-progress').value").await, json!(3000));
    assert!(js(c, "return !!document.querySelector('#projection svg')").await == json!(true));
    assert_eq!(js(c, "return document.getElementById('error').hidden").await, json!(true), "an error is shown");
    assert_eq!(js(c, "return document.getElementById('project-error').hidden").await, json!(true), "the projection's error stays after a good run");
    // (d) The projection's table: Kazakhstan's threshold is the list tier's.
    let head = js(c, "return document.getElementById('proj-threshold-head').textContent").await;
    assert_eq!(head, json!("Passes the threshold"));
    js(c, "document.getElementById('explain-box').open = true; document.getElementById('h-project').scrollIntoView()").await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join("web-kz-2021-projection.png"), png).expect("write the screenshot");

    // At a phone's width: one column, nothing wider than the screen.
    c.set_window_size(390, 844).await.expect("phone size");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let widths = js(c, "return [document.documentElement.scrollWidth, window.innerWidth]").await;
    assert!(widths[0].as_u64() <= widths[1].as_u64(), "the page scrolls sideways at 390 px: {widths}");
    js(c, "document.getElementById('result').scrollIntoView()").await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join("web-kz-2021-phone.png"), png).expect("write the screenshot");

    // Upload results of one's own (CSV): the table follows, under the same law and parameters.
    c.set_window_size(1280, 1250).await.expect("window size");
    let csv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-upload.csv");
    std::fs::write(&csv, "constituency,party,votes\nall,Greens,600\nall,Blues,300\nall,Reds,100\n").expect("write the CSV");
    c.find(Locator::Id("upload")).await.expect("upload input").send_keys(&csv.display().to_string()).await.expect("choose the file");
    let seats = until("the uploaded results", Duration::from_secs(15), || async {
        let v = js(c, "return [...document.querySelectorAll('#seats-table tbody tr')].map(tr => [tr.dataset.party, Number(tr.querySelector('td.seats').textContent)])").await;
        (v.as_array().map_or(0, Vec::len) == 3).then_some(v)
    })
    .await;
    assert_eq!(seats, json!([["Greens", 59], ["Blues", 29], ["Reds", 10]]), "uploaded results");
    assert!(js(c, "return document.getElementById('results-source').textContent").await.as_str().unwrap_or("").contains("e2e-upload.csv"));

    // (f) Another law: its own real election, never the previous results.
    preset.select_by_value("nz-parliament").await.expect("choose nz-parliament");
    until("New Zealand's election", Duration::from_secs(20), || async {
        let n = js(c, "return document.querySelectorAll('#seats-table tbody tr').length").await;
        (n.as_u64().unwrap_or(0) > 3).then_some(n)
    })
    .await;
    assert!(js(c, "return document.getElementById('results-source').textContent").await.as_str().unwrap_or("").contains("real election of nz-parliament"));
    // (b) New Zealand has no list tier: the Method box says what the law uses, not D'Hondt.
    let method = js(c, "const m = document.getElementById('method'); return [m.disabled, m.options[m.selectedIndex].textContent, document.getElementById('method-hint').textContent]").await;
    assert_eq!(method[0], json!(true), "{method}");
    assert!(method[1].as_str().unwrap_or("").contains("(per law) sainte-lague"), "{method}");
    assert!(method[2].as_str().unwrap_or("").contains("compensation tier: sainte-lague"), "{method}");
    // A law without an example: the results are cleared and new ones asked for.
    preset.select_by_value("kz-mazhilis-2023").await.expect("choose kz-mazhilis-2023");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(js(c, "return document.querySelectorAll('#seats-table tbody tr').length").await, json!(0), "another law's results counted under kz-mazhilis-2023");
    assert!(js(c, "return document.getElementById('results-source').textContent").await.as_str().unwrap_or("").contains("upload"));
    // Uploaded results stay only when the user keeps them; a refusal is shown.
    c.find(Locator::Id("upload")).await.expect("upload input").send_keys(&csv.display().to_string()).await.expect("choose the file");
    until("the upload under kz-mazhilis-2023", Duration::from_secs(15), || async {
        (js(c, "return document.querySelectorAll('#seats-table tbody tr').length").await == json!(3)).then_some(json!(true))
    })
    .await;
    c.find(Locator::Id("keep-results")).await.expect("keep box").click().await.expect("keep");
    preset.select_by_value("es-congreso").await.expect("choose es-congreso");
    let err = until("the refusal of the kept results", Duration::from_secs(15), || async {
        let e = js(c, "const e = document.getElementById('error'); return e.hidden ? null : e.textContent").await;
        e.as_str().is_some_and(|t| !t.is_empty()).then_some(e)
    })
    .await;
    assert!(err.as_str().unwrap_or("").contains("all"), "the refusal names the constituency: {err}");
    assert_eq!(js(c, "return document.querySelectorAll('#seats-table tbody tr').length").await, json!(0), "refused results left seats on the page");
    assert!(js(c, "return document.getElementById('results-source').textContent").await.as_str().unwrap_or("").contains("kept"));
    js(c, "window.scrollTo(0, 0)").await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join("web-refused.png"), png).expect("write the screenshot");
    println!("screenshots in {}", dir.display());
}
