//! The long-running variant of `tests/hostile.rs`: bigger bodies, more pages, more callers, with
//! the process's peak memory and the time each call takes to give up.
//!
//! ```sh
//! cargo run --release -p sdk-tests --example hostile_bench
//! ```

#[path = "../tests/common/raw.rs"]
#[allow(dead_code)]
mod raw;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use genesys_cloud_chat::{Client, RetryPolicy};
use raw::RawServer;

/// The process's peak resident set (VmHWM), in MiB; reset with [`reset_peak`].
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets VmHWM to the current RSS (Linux: write 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn client(server: &RawServer) -> genesys_cloud_chat::ClientBuilder {
    Client::builder().base_url(server.url()).access_token("t")
}

#[tokio::main]
async fn main() {
    println!("{:<58} {:>10} {:>12}", "scenario", "gave up", "peak RSS");
    // A 2 GiB body with no Content-Length, against the default 32 MiB limit.
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
        e.write(head.as_bytes()).await;
        e.stream_bytes(2 << 30, b' ').await;
    })
    .await;
    for limit_mib in [32u64, 256] {
        let c = client(&server)
            .max_response_bytes(limit_mib << 20)
            .build()
            .unwrap();
        reset_peak();
        let before = peak_mib();
        let t = Instant::now();
        let err = c.chat().get_chats_settings().send().await.unwrap_err();
        let err: String = err.to_string().chars().take(60).collect();
        println!(
            "{:<58} {:>8.0?} {:>8.0} MiB   (+{:.0} MiB; {err}...)",
            format!("2 GiB streamed body, limit {limit_mib} MiB"),
            t.elapsed(),
            peak_mib(),
            peak_mib() - before,
        );
    }

    // A 429 with a 1 GiB error body, retried (4 attempts).
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let head = "HTTP/1.1 429 Too Many Requests\r\nretry-after: 0\r\ncontent-length: 1073741824\r\nconnection: close\r\n\r\n";
        e.write(head.as_bytes()).await;
        e.stream_bytes(1 << 30, b' ').await;
    })
    .await;
    let c = client(&server).build().unwrap();
    reset_peak();
    let before = peak_mib();
    let t = Instant::now();
    let _ = c.chat().get_chats_settings().send().await;
    println!(
        "{:<58} {:>8.0?} {:>8.0} MiB   (+{:.0} MiB; server wrote {} MiB in 4 attempts)",
        "429 with a 1 GiB error body, 4 attempts",
        t.elapsed(),
        peak_mib(),
        peak_mib() - before,
        server.bytes_written() >> 20
    );

    // A history that never ends: the page cap (default 10,000 pages).
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let date = chrono::DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z").unwrap()
            - chrono::Duration::seconds(e.index as i64);
        let body = serde_json::json!({"entities": [{
            "id": format!("m{}", e.index), "dateCreated": date.to_rfc3339(), "body": "x",
            "toJid": "r", "jid": "u", "thread": {"id": "t"}
        }]});
        e.respond("200 OK", &[], body.to_string().as_bytes()).await;
    })
    .await;
    let c = client(&server).build().unwrap();
    reset_peak();
    let before = peak_mib();
    let t = Instant::now();
    let items: Vec<_> = c
        .chat()
        .get_chats_room_messages("r")
        .stream()
        .collect()
        .await;
    println!(
        "{:<58} {:>8.1?} {:>8.0} MiB   (+{:.0} MiB; {} entries, then: {})",
        "endless history, default page cap",
        t.elapsed(),
        peak_mib(),
        peak_mib() - before,
        items.len() - 1,
        items.last().unwrap().as_ref().err().unwrap()
    );

    // A login host that hangs, 200 concurrent callers, 2 s timeout.
    let login = RawServer::start("127.0.0.1", |e| async move {
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(e);
    })
    .await;
    let c = Client::builder()
        .base_url(login.url())
        .login_base_url(login.url())
        .client_credentials("id", "secret")
        .timeout(Duration::from_secs(2))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let t = Instant::now();
    let calls: Vec<_> = (0..200)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.chat().get_chats_settings().send().await })
        })
        .collect();
    for call in calls {
        let _ = call.await;
    }
    println!(
        "{:<58} {:>8.1?} {:>8} ({} token request(s))",
        "hanging login host, 200 callers, 2 s timeout",
        t.elapsed(),
        "",
        login.requests()
    );
}
