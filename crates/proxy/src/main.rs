//! `dms-proxy [--config proxy.toml] [--addr 127.0.0.1:8787]`: configured from a TOML file and the
//! environment (secrets only from the environment; see the `config` module).

use std::time::Duration;

use proxy::serve::serve;
use proxy::{bulks_finished, router, ProxyConfig, PATIENCE};

// Every request allocates a little (headers, URL, body); mimalloc does that with less work than the
// system allocator under many threads (measured by scripts/bench-proxy.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Structured logs, one JSON object a line (RUST_LOG filters; default info). What is logged is
    // chosen in the code: ids, methods, paths, statuses, durations — never a name, phone, email,
    // token or credential.
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let (mut file, mut addr) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--config", Some(value)) => file = Some(value),
            ("--addr", Some(value)) => addr = Some(value),
            _ => fail(&format!(
                "unexpected argument {arg}; usage: dms-proxy [--config FILE] [--addr HOST:PORT]"
            )),
        }
    }
    let mut config = ProxyConfig::load(file.as_deref()).unwrap_or_else(|e| fail(&e.to_string()));
    if let Some(addr) = addr {
        config.listen = addr;
    }
    if config.credential.is_none() {
        tracing::warn!("DMS_CREDENTIAL is not set; requests go upstream without credentials");
    }
    if config.public.allowed_origins.is_empty() {
        tracing::warn!("no public origin is configured; browsers cannot use the form");
    }
    // Every connection is a file descriptor: take what the system allows, and keep a quarter of it
    // for the upstream connections, Redis and files, so the cap refuses before the system does.
    if let Ok(files) = rlimit::increase_nofile_limit(u64::MAX) {
        let room = usize::try_from(files / 4 * 3).unwrap_or(usize::MAX).max(1);
        if room < config.server.max_connections {
            tracing::warn!(
                files,
                max_connections = room,
                "max_connections lowered to the open-file limit"
            );
            config.server.max_connections = room;
        }
    }
    let addr = config.listen.clone();
    let patience = config.upstream_timeout * PATIENCE;
    // One worker: a single-threaded event loop (as nginx's worker), no hand-offs between threads.
    let mut runtime = match config.workers {
        Some(1) => tokio::runtime::Builder::new_current_thread(),
        Some(workers) => {
            let mut runtime = tokio::runtime::Builder::new_multi_thread();
            runtime.worker_threads(workers.max(1));
            runtime
        }
        None => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = runtime.enable_all().build().expect("tokio runtime");
    runtime.block_on(async move {
        let metrics_listen = config.metrics_listen.clone();
        let server = config.server.clone();
        let app = router(config).unwrap_or_else(|e| fail(&e.to_string()));
        if let Some(metrics_addr) = metrics_listen {
            serve_metrics(&metrics_addr).await;
        }
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .unwrap_or_else(|e| fail(&format!("cannot listen on {addr}: {e}")));
        println!(
            "dms-proxy listening on http://{}",
            proxy::serve::local_addr(&listener)
        );
        // On Ctrl-C or SIGTERM (a deploy, a restart): no new connections; requests under way are
        // finished, so every bulk sent upstream has its answer remembered for its idempotency key;
        // idle and slow connections are closed. All of it within the shutdown deadline.
        let (signalled_tx, signalled) = tokio::sync::oneshot::channel();
        let shutdown = async move {
            shutdown_signal().await;
            let _ = signalled_tx.send(std::time::Instant::now());
        };
        if !serve(listener, app, &server, shutdown).await {
            tracing::warn!("connections still open at the shutdown deadline; closed");
        }
        // And bulk calls whose browser is gone already (given 504 by a slow DMS, or reloaded):
        // their answers are recorded before the process exits, for their retries.
        let since = signalled.await.map_or(Duration::ZERO, |at| at.elapsed());
        let left = server.shutdown_deadline.saturating_sub(since);
        if !bulks_finished(left.min(patience)).await {
            tracing::warn!("exiting with bulk calls still under way upstream");
        }
    });
}

/// Prometheus' address: served on its own listener, so the public one never shows it.
async fn serve_metrics(addr: &str) {
    let Some(handle) = proxy::telemetry::install() else {
        fail("the metrics recorder could not be installed");
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .unwrap_or_else(|e| fail(&format!("cannot listen for metrics on {addr}: {e}")));
    println!(
        "dms-proxy metrics on http://{}/metrics",
        proxy::serve::local_addr(&listener)
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, proxy::telemetry::router(handle)).await;
    });
}

async fn shutdown_signal() {
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
}

fn fail(problem: &str) -> ! {
    eprintln!("dms-proxy: {problem}");
    std::process::exit(2)
}
