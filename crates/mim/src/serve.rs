//! `mim serve`: seed the demo if asked, bind, announce, serve until a signal.

use crate::settings::Settings;
use mim_app::App;
use std::io::Write;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub async fn serve(app: App, settings: &Settings, demo: bool) -> Result<(), String> {
    let mut demo_sources = vec![];
    if demo {
        match app
            .seed_demo()
            .await
            .map_err(|e| format!("seeding the demo failed: {e}"))?
        {
            Some(seeded) => {
                println!(
                    "Demo data seeded: {} with {} critical systems.",
                    seeded.organisation, seeded.systems
                );
                println!("Users (password \"{}\"):", mim_app::demo::DEMO_PASSWORD);
                for (id, name, roles) in &seeded.users {
                    println!("  {id:<16} {name:<22} {}", roles.join(", "));
                }
                demo_sources = seeded.sources;
            }
            None => println!("The database already holds data: the demo was not seeded."),
        }
    }
    // A channel that can't be built (a bad URL or certificate) stops the start, naming it.
    let channels = std::sync::Arc::new(crate::dispatch::Channels::build(&settings.channels)?);
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("can't listen on {}: {e}", settings.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !demo_sources.is_empty() {
        print_sources(&demo_sources, &addr.to_string());
    }
    let shutdown = shutdown_signal();
    // Tests and scripts read this line to find the port.
    println!("mim listening on http://{addr}");
    let _ = std::io::stdout().flush();

    let (stop_tx, stop_rx) = watch::channel(false);
    // With no channel there is nothing to try: messages wait in the outbox, untouched, until
    // channels are configured and mim restarted.
    let delivery = if channels.names().is_empty() {
        tracing::warn!(
            "no channels configured: messages wait in the outbox ([channels.*] in the settings)"
        );
        None
    } else {
        Some(tokio::spawn(crate::dispatch::deliver(
            app.clone(),
            channels,
            Duration::from_secs(settings.outbox_check_seconds),
            chrono::Duration::seconds(i64::from(settings.outbox_lease_seconds)),
            settings
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{addr}")),
            stop_rx.clone(),
        )))
    };
    let correlation = crate::worker::spawn_correlation(app.clone(), stop_rx.clone())
        .map_err(|e| format!("could not start the correlation worker: {e}"))?;
    let reminders = tokio::spawn(crate::worker::communication_reminders(
        app.clone(),
        crate::worker::REMINDER_CHECK,
        stop_rx.clone(),
    ));
    let worker = tokio::spawn(crate::worker::quiet_detections(
        app.clone(),
        Duration::from_secs(settings.quiet_check_seconds),
        stop_rx,
    ));
    let result = mim_web::serve(listener, app, shutdown)
        .await
        .map_err(|e| e.to_string());
    let _ = stop_tx.send(true);
    let _ = worker.await;
    let _ = reminders.await;
    if let Some(delivery) = delivery {
        let _ = delivery.await;
    }
    let _ = tokio::task::spawn_blocking(move || correlation.join()).await;
    tracing::info!("mim stopped");
    result
}

/// The demo's intake sources: where each posts and the secret it proves itself with.
fn print_sources(sources: &[mim_app::demo::SeededSource], addr: &str) {
    use mim_domain::register::AuthKind;
    println!("Intake sources (demo secrets, public: never use them outside a demo):");
    for s in sources {
        let base = format!("http://{addr}/api/intake/{}", s.id);
        let how = match s.auth {
            AuthKind::Bearer => format!("{base}  with  Authorization: Bearer {}", s.secret),
            AuthKind::UrlSecret => format!("{base}/{}", s.secret),
            AuthKind::Hmac => format!(
                "{base}  with  X-Mim-Signature: sha256=<HMAC-SHA256 of the body, key {}>",
                s.secret
            ),
        };
        println!("  {:<14} {:<13} {how}", s.id, s.format.code());
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, before the
/// listening line is printed, so a signal sent right after that line stops mim cleanly.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let ctrl_c = tokio::signal::ctrl_c();
    async move {
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    }
}
