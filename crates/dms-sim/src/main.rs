//! `dms-sim [--addr 127.0.0.1:8788] [--processing-ms 1500]`; `SIM_REQUIRED_AUTH` in the environment
//! makes every DMS call require that exact `Authorization` header.

use std::time::Duration;

use dms_sim::{router, serve, Sim, SimConfig};

fn main() {
    let mut addr = "127.0.0.1:8788".to_owned();
    let mut config = SimConfig {
        required_auth: std::env::var("SIM_REQUIRED_AUTH")
            .ok()
            .filter(|v| !v.is_empty()),
        ..SimConfig::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--addr" => addr = value(),
            "--processing-ms" => {
                let ms = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--processing-ms takes milliseconds"));
                config.processing_step = Duration::from_millis(ms);
            }
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let announce = |bound| println!("dms-sim listening on http://{bound}");
    if let Err(e) = serve(&addr, router(Sim::new(config)), announce) {
        usage(&format!("cannot serve on {addr}: {e}"));
    }
}

fn usage(problem: &str) -> ! {
    eprintln!("dms-sim: {problem}\nusage: dms-sim [--addr HOST:PORT] [--processing-ms N]");
    std::process::exit(2)
}
