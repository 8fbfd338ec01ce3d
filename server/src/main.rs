//! `switchboard`: serve (default), `seed --cases N` or `sentiment`. Wires config, logging,
//! the pool, the hub and the router; everything else lives in the library.
#![forbid(unsafe_code)]

use anyhow::Context;
use app::settings::Settings;
use std::path::PathBuf;

const USAGE: &str = "usage: switchboard [serve]
       switchboard seed --cases N [--customers N]
       switchboard sentiment    (scores stdin lines: compound<TAB>pos<TAB>neu<TAB>neg)";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&settings.log).unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("serve") => serve(settings).await,
        Some("seed") => seed(settings, &args[1..]).await,
        Some("sentiment") => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            server::cli::score_lines(stdin, stdout).context("scoring stdin")
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => anyhow::bail!("unknown command {other:?}\n{USAGE}"),
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let toml = std::env::var("SWITCHBOARD_LEPTOS_TOML")
        .map(PathBuf::from)
        .unwrap_or_else(|_| server::site::DEFAULT_PATH.into());
    let mut leptos_options = server::site::load(&toml)?;
    leptos_options.site_addr = settings.addr;
    let addr = settings.addr;
    let seeded_demo = settings.seed_demo;
    let state = server::prepare(settings).await?;
    let router = server::router(state.clone(), leptos_options);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    println!(
        "Switchboard is running at http://{local}/ (database: {})",
        state.storage.backend_name()
    );
    if let Some(site) = state.settings.demo_site_addr {
        // A convenience beside the desk: a busy port is worth a warning, not a stop.
        match tokio::net::TcpListener::bind(site).await {
            Ok(demo) => {
                let desk = server::demo_site::browser_url(local);
                println!(
                    "The demo company's website, with the chat widget: {}/",
                    server::demo_site::browser_url(demo.local_addr()?)
                );
                let secret = state.settings.widget_secret.clone();
                tokio::spawn(server::demo_site::serve(demo, desk, secret));
            }
            Err(e) => tracing::warn!(
                %site, error = %e,
                "demo site not started (set SWITCHBOARD_DEMO_SITE_ADDR to a free port, or off)"
            ),
        }
    }
    if seeded_demo {
        println!(
            "Demo logins (password \"{}\" for all):",
            app::storage::seed::DEMO_PASSWORD
        );
        for u in app::storage::seed::DEMO_USERS {
            println!("  {:<11} {:<26} {}", u.role.as_str(), u.email, u.name);
        }
    }
    server::serve(listener, router, shutdown_signal()).await?;
    state.storage.close().await;
    Ok(())
}

async fn seed(settings: Settings, args: &[String]) -> anyhow::Result<()> {
    let mut cases: usize = 0;
    let mut customers: usize = 0;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .with_context(|| format!("{flag} needs a number\n{USAGE}"))?;
        let n: usize = value
            .replace('_', "")
            .parse()
            .with_context(|| format!("{flag}: {value:?} is not a number"))?;
        match flag.as_str() {
            "--cases" => cases = n,
            "--customers" => customers = n,
            _ => anyhow::bail!("unknown option {flag}\n{USAGE}"),
        }
    }
    let state = server::prepare(settings).await?;
    let started = std::time::Instant::now();
    let (max_case, max_customer, pool) = state.storage.seed_context().await?;
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(max_case as u64 + 7);
    let now = app::storage::now_ms();
    if customers > 0 {
        state
            .storage
            .bulk_customers(&mut rng, max_customer + 1, customers, now)
            .await?;
    }
    let total_customers = (max_customer as usize + customers).max(1);
    state
        .storage
        .bulk_cases(&mut rng, max_case + 1, cases, total_customers, &pool, now)
        .await?;
    println!(
        "added {customers} customers and {cases} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    state.storage.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
