//! Property tests of the proxy's closed door: arbitrary paths, methods, origins and bodies never
//! make it panic, and nothing but a known route on its fixed upstream path is ever forwarded.
//! `scripts/fuzz.sh` runs these (and the model's) with many more cases.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use proptest::prelude::*;
use tower::ServiceExt;

use common::*;

/// Path pieces an attacker would combine: routes, traversal in several encodings, separators.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("api".to_owned()),
        Just("gs".to_owned()),
        Just("dealer".to_owned()),
        Just("leadbank".to_owned()),
        Just("v1".to_owned()),
        Just("list".to_owned()),
        Just("leads".to_owned()),
        Just("bulks".to_owned()),
        Just("core".to_owned()),
        Just("customer".to_owned()),
        Just("COUNTRY".to_owned()),
        Just("REGION".to_owned()),
        Just("..".to_owned()),
        Just("%2e%2e".to_owned()),
        Just("%2F".to_owned()),
        Just("%252e".to_owned()),
        Just("%00".to_owned()),
        Just("".to_owned()),
        "[a-zA-Z0-9%._~:@!$&'()*+,;=-]{0,12}",
    ]
}

/// The forwarded routes themselves, so a good share of the requests are near misses of them.
const ROUTES: &[&str] = &[
    "/api/v1/list/COUNTRY",
    "/api/v1/list/CITY",
    "/api/v1/leads/bulks",
    "/gs/v1/leads/bulks",
    "/gs/v1/core/customer",
    "/dealer/api/v1/leads/bulks",
    "/leadbank/api/leads",
];

fn target() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            proptest::sample::select(ROUTES),
            proptest::option::of(segment()),
            proptest::option::of("[a-zA-Z0-9=&%._-]{0,30}"),
        )
            .prop_map(|(route, extra, query)| {
                let mut target = route.to_owned();
                if let Some(extra) = extra {
                    target.push('/');
                    target.push_str(&extra);
                }
                if let Some(query) = query {
                    target.push('?');
                    target.push_str(&query);
                }
                target
            }),
        random_target(),
    ]
}

fn random_target() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(segment(), 0..7),
        proptest::option::of("[a-zA-Z0-9=&%._-]{0,30}"),
    )
        .prop_map(|(segments, query)| {
            let mut target = format!("/{}", segments.join("/"));
            if let Some(query) = query {
                target.push('?');
                target.push_str(&query);
            }
            target
        })
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::GET),
        Just(Method::POST),
        Just(Method::PUT),
        Just(Method::DELETE),
        Just(Method::OPTIONS),
        Just(Method::PATCH),
    ]
}

fn origin() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(PAGE.to_owned())),
        Just(Some(PORTAL.to_owned())),
        Just(Some("null".to_owned())),
        "https?://[a-z.]{1,20}(:[0-9]{1,5})?".prop_map(Some),
    ]
}

/// What may reach the upstream without the dealer token: a known list, or a valid public bulk.
fn forwarded_without_token(uri: &str) -> bool {
    let path = uri.split('?').next().unwrap_or_default();
    match path.strip_prefix("/api/v1/list/") {
        Some(list) => dms_model::ListType::from_code(list).is_some_and(|l| l.code() == list),
        None => path == "/api/v1/leads/bulks",
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn only_known_routes_reach_the_upstream(
        requests in proptest::collection::vec((method(), target(), origin(), "\\PC{0,300}"), 1..8)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let recorder = Recorder::default();
            let app = proxy_app(&recorder).await;
            for (method, target, origin, body) in requests {
                let mut builder = Request::builder().method(method.clone()).uri(target.as_str())
                    .header("content-type", "application/json")
                    .header("x-form-token", person_token());
                if let Some(origin) = &origin {
                    builder = builder.header("origin", origin.as_str());
                }
                let is_list_get = method == Method::GET
                    && target == "/api/v1/list/COUNTRY"
                    && origin.as_deref().is_none_or(|o| o == PAGE);
                let Ok(request) = builder.body(Body::from(body)) else { continue };
                let before = recorder.0.lock().unwrap().len();
                let response = app.clone().oneshot(request).await.unwrap();
                prop_assert!(response.status().as_u16() >= 200);
                if is_list_get {
                    // The door is closed, not welded shut: the list a page asks for is answered,
                    // from the DMS or (asked before) from the proxy's list cache.
                    prop_assert_eq!(response.status().as_u16(), 200);
                    prop_assert!(recorder.0.lock().unwrap().len() <= before + 1);
                }
            }
            for seen in recorder.0.lock().unwrap().iter() {
                let uri = seen["uri"].as_str().unwrap();
                prop_assert!(forwarded_without_token(uri), "forwarded: {seen}");
            }
            Ok(())
        })?;
    }
}
