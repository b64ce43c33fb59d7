//! `serve-static --dir dist [--extra-dir pages] [--addr 127.0.0.1:8080] [--header "Name: value"]…
//! [--portal http://127.0.0.1:8787]`
//!
//! Serves the built widget (and example host pages) for the demo and the end-to-end tests, with the
//! right MIME type for `.wasm`, precompressed `.br` / `.gz` files when present, and optional extra
//! response headers (a Content-Security-Policy, say). Files missing from `--dir` are looked up in
//! `--extra-dir` (host pages the tests write next to the built bundle).
//!
//! `--portal URL` plays the dealer portal's reverse proxy: requests to `/portal/…` on this origin
//! go to `URL/…` with the dealer token header added (`X-Dealer-Token`, its value from the
//! `PORTAL_DEALER_TOKEN` environment variable, never from the command line). A real portal does
//! this after it has logged the dealer in; the dealer pages therefore call a same-origin path and
//! never see the token.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Request headers the portal passes on; everything else (cookies above all) stays here. The call
/// to the proxy is server to server, so no `Origin`: the dealer token is what admits it.
const FORWARDED: &[HeaderName] = &[header::CONTENT_TYPE, header::ACCEPT];
const IDEMPOTENCY_KEY: &str = "idempotency-key";
const MAX_BODY: usize = 4 * 1024 * 1024;

#[derive(Clone)]
struct Portal {
    upstream: String,
    token: HeaderValue,
    client: Client<HttpConnector, Full<Bytes>>,
}

fn main() {
    let mut dir = None;
    let mut extra_dir = None;
    let mut portal = None;
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
            "--portal" => portal = Some(value().trim_end_matches('/').to_owned()),
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
    if let Some(upstream) = portal {
        let token = std::env::var("PORTAL_DEALER_TOKEN")
            .ok()
            .and_then(|t| HeaderValue::try_from(t).ok())
            .unwrap_or_else(|| usage("--portal needs PORTAL_DEALER_TOKEN in the environment"));
        let portal = Portal {
            upstream,
            token,
            client: Client::builder(TokioExecutor::new()).build_http(),
        };
        app = Router::new()
            .route("/portal/{*rest}", axum::routing::any(forward))
            .with_state(portal)
            .merge(app);
    }
    let announce = |bound| println!("serving {dir} on http://{bound}");
    if let Err(e) = dms_sim::serve(&addr, app, announce) {
        usage(&format!("cannot serve on {addr}: {e}"));
    }
}

/// `/portal/rest?query` → `upstream/rest?query`, with the dealer token added.
async fn forward(State(portal): State<Portal>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or("", |p| p.as_str())
        .trim_start_matches("/portal");
    let Ok(body) = Limited::new(body, MAX_BODY).collect().await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response();
    };
    let mut upstream = axum::http::Request::builder()
        .method(parts.method)
        .uri(format!("{}{path_and_query}", portal.upstream));
    for name in FORWARDED
        .iter()
        .cloned()
        .chain([HeaderName::from_static(IDEMPOTENCY_KEY)])
    {
        if let Some(value) = parts.headers.get(&name) {
            upstream = upstream.header(name, value);
        }
    }
    let upstream = upstream
        .header("x-dealer-token", portal.token.clone())
        .body(Full::new(body.to_bytes()));
    let Ok(upstream) = upstream else {
        return (StatusCode::BAD_REQUEST, "bad request").into_response();
    };
    match portal.client.request(upstream).await {
        Err(_) => (StatusCode::BAD_GATEWAY, "the proxy cannot be reached").into_response(),
        Ok(answer) => {
            let (parts, body) = answer.into_parts();
            let Ok(body) = body.collect().await else {
                return (StatusCode::BAD_GATEWAY, "the proxy's answer broke off").into_response();
            };
            let mut response = Response::new(Body::from(body.to_bytes()));
            *response.status_mut() = parts.status;
            for name in [header::CONTENT_TYPE, header::RETRY_AFTER] {
                if let Some(value) = parts.headers.get(&name) {
                    response.headers_mut().insert(name, value.clone());
                }
            }
            response
        }
    }
}

fn usage(problem: &str) -> ! {
    eprintln!("serve-static: {problem}\nusage: serve-static --dir DIR [--extra-dir DIR] [--addr HOST:PORT] [--header \"Name: value\"] [--portal URL]");
    std::process::exit(2)
}
