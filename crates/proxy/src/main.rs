//! `dms-proxy [--addr 127.0.0.1:8787]`, configured from the environment (see `ProxyConfig::from_env`).

use proxy::{router, ProxyConfig};

fn main() {
    let mut addr = std::env::var("PROXY_ADDR").unwrap_or_else(|_| "127.0.0.1:8787".to_owned());
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--addr", Some(value)) => addr = value,
            _ => fail(&format!(
                "unexpected argument {arg}; usage: dms-proxy [--addr HOST:PORT]"
            )),
        }
    }
    let config = ProxyConfig::from_env().unwrap_or_else(|e| fail(&e.to_string()));
    if config.credential.is_none() {
        eprintln!("dms-proxy: DMS_CREDENTIAL is not set; requests go upstream without credentials");
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .unwrap_or_else(|e| fail(&format!("cannot listen on {addr}: {e}")));
        println!(
            "dms-proxy listening on http://{}",
            listener.local_addr().expect("bound")
        );
        // Connection info gives the rate limits the client's address.
        let app = router(config).into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .expect("server");
    });
}

fn fail(problem: &str) -> ! {
    eprintln!("dms-proxy: {problem}");
    std::process::exit(2)
}
