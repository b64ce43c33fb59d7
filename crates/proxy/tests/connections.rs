//! The released binary under slow and hostile connections, and at SIGTERM: silent and trickling
//! sockets do not starve a legitimate client, a body declared too large is refused before it is
//! sent, and a shutdown finishes the bulk under way (its answer recorded for the retry) and closes
//! slow connections within its deadline. Real processes, real sockets, loopback only.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use common::*;

/// A connection to `addr` from the loopback address `from` (each its own client to the proxy).
async fn connect_from(from: &str, addr: &str) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{from}:0").parse().unwrap())?;
    socket.connect(addr.parse().unwrap()).await
}

/// Sends `request` from `from` and reads the answer to its end; the status (0 without one).
async fn exchange(from: &str, addr: &str, request: &str) -> u16 {
    let Ok(mut stream) = connect_from(from, addr).await else {
        return 0;
    };
    if stream.write_all(request.as_bytes()).await.is_err() {
        return 0;
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer)
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

fn list_request() -> String {
    format!(
        "GET /api/v1/list/COUNTRY HTTP/1.1\r\nHost: proxy.test\r\nOrigin: {PAGE}\r\nConnection: close\r\n\r\n"
    )
}

fn bulk_request(body: &str, key: &str, token: &str) -> String {
    format!(
        "POST /api/v1/leads/bulks HTTP/1.1\r\nHost: proxy.test\r\nOrigin: {PAGE}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {key}\r\nX-Form-Token: {token}\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Opens a connection from `from` that sends a request's headers a byte at a time, forever; counts
/// it in `closed` once the proxy has closed it.
async fn trickle(from: &'static str, addr: String, closed: Arc<AtomicUsize>) {
    let Ok(mut stream) = connect_from(from, &addr).await else {
        return;
    };
    let _ = stream
        .write_all(b"GET /api/v1/list/COUNTRY HTTP/1.1\r\n")
        .await;
    let mut probe = [0u8; 256];
    loop {
        if stream.write_all(b"X").await.is_err() {
            break;
        }
        // The proxy's answer to a timed-out head, or the end of the stream: closed.
        let read = tokio::time::timeout(Duration::from_millis(300), stream.read(&mut probe));
        if read.await.is_ok() {
            break;
        }
    }
    closed.fetch_add(1, Ordering::SeqCst);
}

async fn metric(proxy: &ProxyProcess, name: &str) -> f64 {
    let request = "GET /metrics HTTP/1.1\r\nHost: metrics\r\nConnection: close\r\n\r\n";
    let mut stream = TcpStream::connect(&proxy.metrics).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).await.unwrap();
    text.lines()
        .filter(|line| line.starts_with(name))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_trickling_clients_do_not_starve_a_legitimate_one() {
    let dms = Dms::default();
    let base = dms.start().await;
    let proxy = ProxyProcess::start(&base, &[("PROXY_HEADER_TIMEOUT_MS", "2000")]);
    let addr = proxy.addr.clone();
    // 1,100 silent sockets from one address: it gets its share (200), the rest are closed at once.
    let mut silent = Vec::new();
    for _ in 0..1_100 {
        if let Ok(stream) = connect_from("127.0.0.1", &addr).await {
            silent.push(stream);
        }
    }
    // 200 connections trickling their headers, from another address.
    let closed = Arc::new(AtomicUsize::new(0));
    let trickling: Vec<_> = (0..200)
        .map(|_| tokio::spawn(trickle("127.0.0.3", addr.clone(), closed.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A visitor, from an address of its own, is answered at once every time.
    for attempt in 0..10 {
        let answered = tokio::time::timeout(
            Duration::from_secs(1),
            exchange("127.0.0.2", &addr, &list_request()),
        )
        .await;
        assert_eq!(answered, Ok(200), "attempt {attempt}");
    }
    // The header timeout closes every trickling connection.
    for task in trickling {
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("the proxy closes a trickling connection")
            .unwrap();
    }
    assert_eq!(closed.load(Ordering::SeqCst), 200);
    let refused = metric(&proxy, "proxy_connections_refused_total{reason=\"per_ip\"}").await;
    assert!(
        refused >= 800.0,
        "{refused} silent connections refused at once"
    );
    drop(silent);
}

#[tokio::test]
async fn a_body_declared_too_large_is_refused_before_it_is_sent() {
    let dms = Dms::default();
    let base = dms.start().await;
    let proxy = ProxyProcess::start(&base, &[]);
    let request = format!(
        "POST /api/v1/leads/bulks HTTP/1.1\r\nHost: proxy.test\r\nOrigin: {PAGE}\r\n\
         Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{}",
        "x".repeat(1024)
    );
    let answered = tokio::time::timeout(
        Duration::from_secs(2),
        exchange("127.0.0.1", &proxy.addr, &request),
    )
    .await;
    assert_eq!(answered, Ok(413));
    assert_eq!(dms.bulks.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_bulk_whose_client_left_and_its_retry_is_replayed() {
    let dms = Dms::default();
    // The DMS takes longer than the proxy waits for the browser: the browser is gone (504, or
    // a closed tab) while the bulk is still on its way.
    dms.bulk_delay_ms.store(2_500, Ordering::SeqCst);
    let base = dms.start().await;
    let dir = std::env::temp_dir().join(format!("dms-proxy-sigterm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("idempotency.jsonl");
    let _ = std::fs::remove_file(&file);
    let file = file.to_str().unwrap().to_owned();
    let env = [
        ("PROXY_UPSTREAM_TIMEOUT_MS", "1000"),
        ("PROXY_IDEMPOTENCY_FILE", file.as_str()),
        ("PROXY_SHUTDOWN_SECONDS", "10"),
        ("PROXY_HEADER_TIMEOUT_MS", "60000"),
    ];
    let mut proxy = ProxyProcess::start(&base, &env);
    let body = bulk_of(&[lead("Sara")]);
    let token = person_token();
    // A connection trickling its headers, which must not hold the shutdown.
    let closed = Arc::new(AtomicUsize::new(0));
    let slow = tokio::spawn(trickle("127.0.0.3", proxy.addr.clone(), closed.clone()));
    // The browser sends its bulk and goes away.
    let mut browser = TcpStream::connect(&proxy.addr).await.unwrap();
    let request = bulk_request(&body, "k-sigterm", &token);
    browser.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(browser);
    proxy.terminate();
    let took = proxy.exited_within(Duration::from_secs(12));
    assert!(took.is_some(), "exited within the shutdown deadline");
    assert_eq!(dms.bulks.load(Ordering::SeqCst), 1, "the call was finished");
    slow.await.unwrap();
    assert_eq!(
        closed.load(Ordering::SeqCst),
        1,
        "the slow connection was closed"
    );
    // The outbox's retry reaches the restarted proxy: the first answer, no second bulk.
    let proxy = ProxyProcess::start(&base, &env);
    let mut stream = TcpStream::connect(&proxy.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("idempotent-replayed: true"), "{answer}");
    assert!(answer.ends_with("1000"), "the DMS's bulk id: {answer}");
    assert_eq!(dms.bulks.load(Ordering::SeqCst), 1, "one bulk in all");
    let _ = std::fs::remove_dir_all(&dir);
}
