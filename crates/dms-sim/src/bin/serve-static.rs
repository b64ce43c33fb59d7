//! `serve-static --dir dist [--extra-dir pages] [--addr 127.0.0.1:8080] [--header "Name: value"]…`
//!
//! Serves the built widget (and example host pages) for the demo and the end-to-end tests, with the
//! right MIME type for `.wasm`, precompressed `.br` / `.gz` files when present, and optional extra
//! response headers (a Content-Security-Policy, say). Files missing from `--dir` are looked up in
//! `--extra-dir` (host pages the tests write next to the built bundle).

use axum::http::{HeaderName, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

fn main() {
    let mut dir = None;
    let mut extra_dir = None;
    let mut addr = "127.0.0.1:8080".to_owned();
    let mut headers = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--dir" => dir = Some(value()),
            "--extra-dir" => extra_dir = Some(value()),
            "--addr" => addr = value(),
            "--header" => {
                let line = value();
                let (name, val) = line
                    .split_once(':')
                    .unwrap_or_else(|| usage("--header takes \"Name: value\""));
                let name =
                    HeaderName::try_from(name.trim()).unwrap_or_else(|_| usage("bad header name"));
                let val =
                    HeaderValue::try_from(val.trim()).unwrap_or_else(|_| usage("bad header value"));
                headers.push((name, val));
            }
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let dir = dir.unwrap_or_else(|| usage("--dir is required"));
    let serve = |d: &str| {
        ServeDir::new(d)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(true)
    };
    let mut app = match &extra_dir {
        Some(extra) => Router::new().fallback_service(serve(&dir).fallback(serve(extra))),
        None => Router::new().fallback_service(serve(&dir)),
    };
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    let announce = |bound| println!("serving {dir} on http://{bound}");
    if let Err(e) = dms_sim::serve(&addr, app, announce) {
        usage(&format!("cannot serve on {addr}: {e}"));
    }
}

fn usage(problem: &str) -> ! {
    eprintln!("serve-static: {problem}\nusage: serve-static --dir DIR [--extra-dir DIR] [--addr HOST:PORT] [--header \"Name: value\"]");
    std::process::exit(2)
}
