//! `dms-proxy [--config proxy.toml] [--addr 127.0.0.1:8787]`: configured from a TOML file and the
//! environment (secrets only from the environment; see the `config` module).

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
        let app = router(config).unwrap_or_else(|e| fail(&e.to_string()));
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .unwrap_or_else(|e| fail(&format!("cannot listen on {addr}: {e}")));
        // Answers are small: send them at once rather than waiting to fill a segment (Nagle).
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        println!(
            "dms-proxy listening on http://{}",
            axum::serve::Listener::local_addr(&listener).expect("bound")
        );
        // Connection info gives the rate limits the client's address.
        let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app)
            // On Ctrl-C or SIGTERM (a deploy, a restart), requests under way are finished first, so
            // every bulk sent upstream has its answer remembered for its idempotency key.
            .with_graceful_shutdown(shutdown_signal())
            .await
            .expect("server");
        // And bulk calls whose browser is gone already (given 504 by a slow DMS, or reloaded):
        // their answers are recorded before the process exits, for their retries.
        if !bulks_finished(patience).await {
            tracing::warn!("exiting with bulk calls still under way upstream");
        }
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
