//! Every way the proxy refuses or fails a request, as one type. Each refusal is answered with its
//! status and `{"message": …}` (plus the rule issues for a bulk that does not pass them), so a
//! handler says *what* went wrong and this module alone says how that is answered.

use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::idempotency::Answer;
use crate::upstream::UpstreamError;

/// Why a request was not forwarded, or got no upstream answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProxyError {
    #[error("not a forwarded route")]
    NotARoute,
    #[error("origin not allowed for this route")]
    OriginNotAllowed,
    /// A public bulk without `Origin`: every browser sends one with a POST, so it is not the form.
    #[error("a lead is sent from a page: Origin required")]
    OriginRequired,
    /// `GET http://host/path HTTP/1.1`: the proxy is not a forward proxy.
    #[error("absolute request targets are not served")]
    AbsoluteTarget,
    /// The same query parameter twice: which one the DMS would read is anyone's guess.
    #[error("query parameter {0} given more than once")]
    DuplicateParameter(String),
    #[error("the body is larger than this route takes")]
    BodyTooLarge,
    #[error("the body did not arrive in time")]
    BodyTimeout,
    #[error("the body could not be read")]
    BodyUnreadable,
    /// No form token, not one at all, or one past its lifetime: the form fetches a fresh one
    /// (`GET /api/v1/form-token`) and sends again.
    #[error("fetch a fresh form token and send again")]
    FormTokenNeeded,
    #[error("dealer routes are not configured")]
    DealerRoutesClosed,
    #[error("dealer authentication required")]
    DealerAuthRequired,
    #[error("unknown list type")]
    UnknownListType,
    /// `parentId` not an integer, `lang` not `en` or `ar`, or either given twice.
    #[error("parentId must be an integer and lang en or ar, each at most once")]
    BadListQuery,
    /// The opening-lists route names no type, an unknown one, or one that needs a parent.
    #[error("types must name lists without a parent, separated by commas")]
    BadListTypes,
    #[error("send application/json")]
    NotJsonContentType,
    #[error("the body is not JSON")]
    BodyNotJson,
    #[error("the body is not a lead bulk")]
    NotALeadBulk,
    /// A lead-bank route's body that is not what the provider takes there.
    #[error(
        "the body is not what this lead-bank route takes (the dealer's id, or an array of ids)"
    )]
    NotALeadBankBody,
    #[error("wrong number of leads in the bulk")]
    WrongLeadCount,
    /// A key the lead bulk does not have (unknown, or spelled otherwise), by its path.
    #[error("unknown field {0}: not a field of the lead bulk (keys are case-sensitive)")]
    UnknownField(String),
    /// The leads' issues under the DMS rules, as `{lead, path, code}`.
    #[error("the leads do not pass the DMS rules")]
    RulesNotPassed(Vec<serde_json::Value>),
    #[error("invalid Idempotency-Key")]
    InvalidIdempotencyKey,
    /// The first request with this key is still on its way upstream.
    #[error("this bulk is already being sent")]
    AlreadySending,
    #[error("this Idempotency-Key was used for another bulk")]
    KeyUsedForAnotherBulk,
    #[error("the bulk could not be sent")]
    SendFailed,
    /// Redis (shared by the instances) cannot be reached: a bulk whose claim cannot be recorded
    /// is not forwarded. The outbox retries after `Retry-After`.
    #[error("the proxy cannot record this bulk just now")]
    SharedStoreUnavailable,
    /// 428, not 403: the person can pass the check and send again (403 means "this page may not
    /// use the proxy").
    #[error("the human check failed")]
    HumanCheckFailed,
    #[error("the human check is unavailable")]
    HumanCheckUnavailable,
    #[error("the lead bank is not configured")]
    LeadBankNotConfigured,
    #[error("the DMS answered with a redirect")]
    UpstreamRedirected,
    /// The DMS answered with something else than JSON (an HTML page, a script).
    #[error("the DMS did not answer with JSON")]
    UpstreamNotJson,
    /// The DMS's answer held a credential the proxy sends it (a reflecting upstream).
    #[error("the DMS answer could not be passed on")]
    UpstreamLeakedCredential,
    /// One of the opening lists came back as something else than a list (a 404, a 500, HTML).
    #[error("the DMS did not answer with a list")]
    UpstreamNotAList,
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
}

impl ProxyError {
    pub fn status(&self) -> StatusCode {
        use ProxyError::{
            AbsoluteTarget, AlreadySending, BadListQuery, BadListTypes, BodyNotJson, BodyTimeout,
            BodyTooLarge, BodyUnreadable, DealerAuthRequired, DealerRoutesClosed,
            DuplicateParameter, FormTokenNeeded, HumanCheckFailed, HumanCheckUnavailable,
            InvalidIdempotencyKey, KeyUsedForAnotherBulk, LeadBankNotConfigured, NotALeadBankBody,
            NotALeadBulk, NotARoute, NotJsonContentType, OriginNotAllowed, OriginRequired,
            RulesNotPassed, SendFailed, SharedStoreUnavailable, UnknownField, UnknownListType,
            Upstream, UpstreamLeakedCredential, UpstreamNotAList, UpstreamNotJson,
            UpstreamRedirected, WrongLeadCount,
        };
        match self {
            NotARoute | DealerRoutesClosed | UnknownListType | LeadBankNotConfigured => {
                StatusCode::NOT_FOUND
            }
            OriginNotAllowed | OriginRequired => StatusCode::FORBIDDEN,
            BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            DealerAuthRequired => StatusCode::UNAUTHORIZED,
            NotJsonContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            BodyNotJson
            | BadListQuery
            | BadListTypes
            | NotALeadBulk
            | NotALeadBankBody
            | UnknownField(_)
            | WrongLeadCount
            | RulesNotPassed(_)
            | InvalidIdempotencyKey
            | AbsoluteTarget
            | DuplicateParameter(_)
            | BodyUnreadable => StatusCode::BAD_REQUEST,
            AlreadySending => StatusCode::CONFLICT,
            KeyUsedForAnotherBulk => StatusCode::UNPROCESSABLE_ENTITY,
            SendFailed => StatusCode::INTERNAL_SERVER_ERROR,
            HumanCheckFailed | FormTokenNeeded => StatusCode::PRECONDITION_REQUIRED,
            HumanCheckUnavailable | SharedStoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            UpstreamRedirected
            | UpstreamNotAList
            | UpstreamNotJson
            | UpstreamLeakedCredential
            | Upstream(UpstreamError::Unreachable | UpstreamError::CutOff) => {
                StatusCode::BAD_GATEWAY
            }
            Upstream(UpstreamError::Timeout) => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// The answer as the idempotency store keeps it (and as it is sent).
    pub fn answer(&self) -> Answer {
        let body = match self {
            ProxyError::RulesNotPassed(issues) => {
                json!({ "message": self.to_string(), "issues": issues })
            }
            // Says which 428 it is: a fresh form token is fetched without asking the person.
            ProxyError::FormTokenNeeded => {
                json!({ "message": self.to_string(), "renew": "form-token" })
            }
            _ => json!({ "message": self.to_string() }),
        };
        Answer {
            status: self.status(),
            content_type: Some(HeaderValue::from_static("application/json")),
            body: Bytes::from(body.to_string()),
        }
    }
}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let mut response = self.answer().into_response();
        let retry_after = match self {
            ProxyError::AlreadySending => Some("1"),
            ProxyError::SharedStoreUnavailable => Some("2"),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
        }
        response
    }
}
