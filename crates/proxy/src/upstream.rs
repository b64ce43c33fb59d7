//! The HTTP client towards the DMS (and Turnstile): one pooled HTTP/1.1 client (TLS with the web's root
//! certificates), no redirects followed (hyper never follows them), a deadline on the whole
//! exchange, and a cap on the answer's size.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, HeaderValue, Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The largest answer passed on (a full list or a big bulk status is far below this).
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// Why there is no upstream answer to pass on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UpstreamError {
    #[error("the DMS did not answer in time")]
    Timeout,
    #[error("the DMS could not be reached")]
    Unreachable,
    #[error("the DMS answer was cut off or too large")]
    CutOff,
}

/// An upstream answer: status, content type, body.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: Option<HeaderValue>,
    pub body: Bytes,
}

pub struct UpstreamClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl UpstreamClient {
    pub fn new(timeout: Duration) -> UpstreamClient {
        let mut http = HttpConnector::new();
        // Requests and answers are small: no waiting to fill a segment (Nagle).
        http.set_nodelay(true);
        http.enforce_http(false);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        UpstreamClient {
            client: Client::builder(TokioExecutor::new())
                .pool_idle_timeout(Duration::from_secs(30))
                .build(connector),
            timeout,
        }
    }

    /// `method` on `base` + `path`, with `query` (already encoded), the `Authorization` credential and
    /// a JSON body when given, answered within `deadline`. Nothing of the browser's request is
    /// passed on but these.
    #[expect(
        clippy::too_many_arguments,
        reason = "the parts of one upstream request, each named"
    )]
    pub async fn send(
        &self,
        method: Method,
        base: &str,
        path: &str,
        query: &str,
        credential: Option<&HeaderValue>,
        body: Option<Bytes>,
        deadline: Duration,
    ) -> Result<Reply, UpstreamError> {
        let mut target = format!("{base}{path}");
        if !query.is_empty() {
            target.push('?');
            target.push_str(query);
        }
        let uri: Uri = target.parse().map_err(|_| UpstreamError::Unreachable)?;
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::ACCEPT, "application/json");
        if let Some(credential) = credential {
            request = request.header(header::AUTHORIZATION, credential);
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                body
            }
            None => Bytes::new(),
        };
        let request = request
            .body(Full::new(body))
            .map_err(|_| UpstreamError::Unreachable)?;
        self.exchange(request, deadline).await
    }

    /// A form POST to `url` (Turnstile's verification).
    pub async fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
    ) -> Result<Reply, UpstreamError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let request = Request::post(url)
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(body)))
            .map_err(|_| UpstreamError::Unreachable)?;
        self.exchange(request, self.timeout).await
    }

    /// Sends `request` and reads the whole answer, within the deadline and the size cap.
    async fn exchange(
        &self,
        request: Request<Full<Bytes>>,
        deadline: Duration,
    ) -> Result<Reply, UpstreamError> {
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|_| UpstreamError::Unreachable)?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|_| UpstreamError::CutOff)?
                .to_bytes();
            Ok(Reply {
                status: parts.status,
                content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
                body,
            })
        };
        tokio::time::timeout(deadline, exchange)
            .await
            .unwrap_or(Err(UpstreamError::Timeout))
    }
}
